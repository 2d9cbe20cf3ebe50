/**
 * Requests checked against the API contract (schema/api/) with
 * @hono/zod-validator. Whatever is wrong answers 400 `bad_request` with the
 * problems as `details: [{path, message}]`; nothing has been changed.
 * Malformed JSON is mapped to the same 400 by app.onError.
 */
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ApiRoute } from '@schema/api/apiRoute'
import type { z } from 'zod'
import { badRequest } from '../errors'

const WHAT = { json: 'body', query: 'query', param: 'path' } as const

function refuseInvalid(result: { success: boolean; error?: z.core.$ZodError; target: string }) {
  if (result.success || !result.error) return
  const problems = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  const what = WHAT[result.target as keyof typeof WHAT] ?? result.target
  throw badRequest(`Invalid ${what}: ${problems.map((p) => `${p.path || `(${what})`}: ${p.message}`).join('; ')}`, problems)
}

/** The JSON body against `schema`: `c.req.valid('json')` in the handler. */
export const jsonBody = <S extends z.ZodType>(schema: S) => zValidator('json', schema, refuseInvalid)
/** The query string against `schema`: `c.req.valid('query')`. */
export const queryOf = <S extends z.ZodType>(schema: S) => zValidator('query', schema, refuseInvalid)
/** The path parameters against `schema`: `c.req.valid('param')`. */
export const paramsOf = <S extends z.ZodType>(schema: S) => zValidator('param', schema, refuseInvalid)

/**
 * A state-changing call may leave its body out (e.g. publish without a note):
 * an empty body reads as `{}`, which each route's schema then accepts or
 * refuses like any other body.
 */
export function emptyBodyIsEmptyObject() {
  return createMiddleware(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && (await c.req.text()).trim() === '') {
      // Hono keeps each body reading as a promise (its type says the value).
      ;(c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve('{}')
    }
    await next()
  })
}

/**
 * Answers `body` as the success answer of `route`: typed by the route's
 * response schema (a handler cannot answer other than its contract says)
 * with the route's status (200, or 201 for what it creates).
 */
export function reply<R extends ApiRoute & { response: z.ZodType }>(c: Context, route: R, body: z.infer<R['response']>) {
  return c.json(body as never, route.status ?? 200)
}
