/**
 * The shape of one entry of the API contract (apiRoutes.ts): method, path,
 * what it takes (path parameters, query, JSON body) and what it answers.
 * The server validates requests with these schemas (@hono/zod-validator),
 * the web app's client is typed by them (client/api/apiCall.ts), and
 * `GET /api/openapi.json` is generated from them (openApiDocument.ts).
 */
import { z } from 'zod'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Who may call: anyone, a signed-in user (cookie or Bearer token), or anyone with more for a signed-in one. */
export type ApiAuth = 'none' | 'user' | 'optional'

/** A success answer that is not JSON (an export, stored bytes). */
export interface ApiMedia {
  contentType: string
  description: string
}

export interface ApiRoute {
  method: HttpMethod
  /** Hono-style path under the server's root, e.g. `/api/reports/:id/members/:userId`. */
  path: string
  summary: string
  description?: string
  /** OpenAPI tag: the resource. */
  tag: string
  auth: ApiAuth
  params?: z.ZodObject
  query?: z.ZodObject
  /** The JSON body. A state-changing call without a body reads as `{}` (server/http/validation.ts). */
  body?: z.ZodType
  /** Status of the success answer (default 200). */
  status?: 200 | 201
  /** The success answer: its JSON schema, or a non-JSON media type. */
  response: z.ZodType | ApiMedia
  /** The error statuses this route answers besides the common ones, with why. */
  errors?: Partial<Record<number, string>>
}

/** Keeps a route's literal types (for the typed client) while checking it is a route. */
export const defineRoute = <const R extends ApiRoute>(route: R): R => route

export const isMedia = (response: ApiRoute['response']): response is ApiMedia => !(response instanceof z.ZodType)

/** Every error answer: `{"error": {"code", "message", "details"?}}` (server/errors.ts, app.onError); some add fields. */
export const errorBody = z.looseObject({
  error: z.object({
    /** Stable machine code, e.g. `bad_request`, `forbidden`, `quota_exceeded`. */
    code: z.string(),
    message: z.string(),
    /** A 400's problems (`[{path, message}]`), a quota's limit, a retry's delay. */
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof errorBody>

/** A 400 of a malformed request: what is wrong, field by field. */
export const problemList = z.array(z.looseObject({ path: z.string(), message: z.string() }))

/**
 * A schema for an answer the server builds from a type defined elsewhere in
 * schema/ (a diff, a KPI value, ProseMirror JSON): checked loosely at
 * runtime (`looseShape`), typed as `T` for the client.
 */
export const typedAs = <T>(looseShape: z.ZodType): z.ZodType<T> => looseShape as z.ZodType<T>

/** The `{ok: true}` of calls that answer nothing else. */
export const okBody = z.object({ ok: z.literal(true) })

/** An empty body (or none): calls that take no input refuse unknown fields. */
export const emptyBody = z.strictObject({})

export type ResponseOf<R extends ApiRoute> = R['response'] extends z.ZodType ? z.infer<R['response']> : string
export type BodyOf<R extends ApiRoute> = R['body'] extends z.ZodType ? z.input<R['body']> : undefined
export type ParamsOf<R extends ApiRoute> = R['params'] extends z.ZodObject ? z.input<R['params']> : undefined
export type QueryOf<R extends ApiRoute> = R['query'] extends z.ZodObject ? z.input<R['query']> : undefined
