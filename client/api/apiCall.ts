/**
 * The one way the web app calls the REST API: `apiCall(route, {params, query, body})`
 * with a route of the contract (schema/api/), answering the route's response
 * type. The browser authenticates with the HttpOnly cookie set at login.
 * Nothing here comes from the server's code: the contract is shared, the
 * server is not.
 */
import type { ApiRoute, BodyOf, ParamsOf, QueryOf, ResponseOf } from '@schema/api/apiRoute'

/** An answer other than 2xx, with the server's `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole answer (e.g. the check's `problems` with a 422). */
    readonly body: unknown = null,
  ) {
    super(message)
  }
}

type Defined<T, K extends string, Required extends boolean> = [T] extends [undefined] ? { [P in K]?: undefined } : Required extends true ? { [P in K]: T } : { [P in K]?: T }

/** What a call of `R` takes: its path parameters (required when it has any), query and JSON body. */
export type CallInput<R extends ApiRoute> = Defined<ParamsOf<R>, 'params', true> & Defined<QueryOf<R>, 'query', false> & Defined<BodyOf<R>, 'body', false>

type CallArgs<R extends ApiRoute> = ParamsOf<R> extends undefined ? [input?: CallInput<R>] : [input: CallInput<R>]

/** The URL of a route: `:name` segments filled in (encoded), the query appended. */
export function apiPath(route: ApiRoute, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`apiPath: ${route.path} needs ${name}`)
    return encodeURIComponent(value)
  })
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString()
  return search ? `${path}?${search}` : path
}

/**
 * One call of the REST API; a non-2xx answer throws ApiError with the server's code, message and body.
 * Every call but GET declares `Content-Type: application/json`, also without a body: the server refuses
 * state-changing calls of any other type (415), which is what keeps cross-site forms out.
 */
export async function apiCall<R extends ApiRoute>(route: R, ...[input]: CallArgs<R>): Promise<ResponseOf<R>> {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, string | undefined>; body?: unknown }
  const method = route.method.toUpperCase()
  const res = await fetch(apiPath(route, params, query), {
    method,
    credentials: 'same-origin',
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = res.headers.get('content-type')?.startsWith('application/json') ?? false
  const data: unknown = json ? await res.json().catch(() => null) : await res.text()
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? res.statusText, json ? data : null)
  }
  return data as ResponseOf<R>
}

/** A server-rendered export (HTML) at `path` (from apiPath) as text, for the read-only viewer. */
export async function apiText(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin' })
  if (!res.ok) throw new ApiError(res.status, 'http_error', res.statusText)
  return res.text()
}
