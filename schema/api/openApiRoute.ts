/** `GET /api/openapi.json`: this contract as an OpenAPI 3.1 document. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'

export const openApiApi = {
  get: defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'instance',
    auth: 'none',
    summary: 'This API as an OpenAPI 3.1 document: the reference for clients of other systems',
    response: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
  }),
}
