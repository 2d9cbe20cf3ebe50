/**
 * The OpenAPI 3.1 document of the API, generated from the contract
 * (apiRoutes.ts) with zod's own `z.toJSONSchema` (JSON Schema draft 2020-12,
 * the dialect of OpenAPI 3.1): request bodies as the server accepts them
 * (`io: 'input'`), answers as it sends them (`io: 'output'`).
 */
import { z } from 'zod'
import { allApiRoutes } from './apiRoutes'
import { errorBody, isMedia, type ApiRoute } from './apiRoute'

export interface OpenApiOptions {
  title: string
  version: string
  description?: string
  /** Name of the HttpOnly session cookie the web app authenticates with. */
  sessionCookie: string
}

type JsonSchema = Record<string, unknown>

/** A zod schema as JSON Schema 2020-12, without the `$schema` key (the document's dialect says it). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema
  return rest
}

/** `/api/reports/:id` → `/api/reports/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

const ERROR_REF = { $ref: '#/components/schemas/Error' }
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } })

function parameters(route: ApiRoute) {
  const list: JsonSchema[] = []
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue
    const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property
      list.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      })
    }
  }
  return list
}

function responses(route: ApiRoute) {
  const success = isMedia(route.response)
    ? { description: route.response.description, content: { [route.response.contentType]: { schema: {} } } }
    : { description: 'Success', content: { 'application/json': { schema: jsonSchemaOf(route.response, 'output') } } }
  const out: Record<string, unknown> = { [String(route.status ?? 200)]: success }
  const common: Record<number, string> = {}
  if (route.body) common[400] = 'malformed request: `details` lists the problems as `[{path, message}]`'
  else if (route.params || route.query) common[400] = 'a malformed parameter'
  if (route.auth === 'user') common[401] = 'not signed in, or the token was revoked'
  if (route.params && 'id' in route.params.shape && route.path.startsWith('/api/reports/')) {
    common[403] = 'your role on the report does not allow this'
    common[404] = 'no such report'
    common[410] = 'the report is archived'
  }
  if (route.method !== 'get') {
    common[413] = 'body larger than MAX_BODY_BYTES'
    common[415] = 'not sent as `Content-Type: application/json`'
  }
  for (const [status, why] of Object.entries({ ...common, ...route.errors })) if (why) out[status] = errorResponse(why)
  out.default = errorResponse('any other error, in the same shape')
  return out
}

function security(route: ApiRoute) {
  const signedIn = [{ sessionCookie: [] }, { bearerToken: [] }]
  if (route.auth === 'user') return signedIn
  if (route.auth === 'optional') return [{}, ...signedIn]
  return []
}

export function openApiDocument(options: OpenApiOptions, routes: readonly ApiRoute[] = allApiRoutes) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${route.path.replace(/^\/api/, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: security(route),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              // A state-changing call without a body reads as `{}`.
              required: false,
              content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } },
            },
          }
        : {}),
      responses: responses(route),
    }
    ;(paths[openApiPath(route.path)] ??= {})[route.method] = operation
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    servers: [{ url: '/', description: 'this server' }],
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(errorBody, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: options.sessionCookie, description: 'HttpOnly cookie set by `POST /api/auth/login` (the web app)' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'the `token` of `POST /api/auth/login`, as `Authorization: Bearer <token>`' },
      },
    },
  }
}
