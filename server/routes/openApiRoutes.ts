/**
 * `GET /api/openapi.json`, without authentication: the API contract
 * (schema/api/) as an OpenAPI 3.1 document, the reference for systems that
 * push numbers and read reports. Built once; the same bytes until the server
 * restarts with another version.
 */
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { openApiDocument } from '@schema/api/openApiDocument'
import { TOKEN_COOKIE } from '../auth/authenticate'

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description?: string }

export function openApiRoutes() {
  let document: string | undefined
  return new Hono().get('/', (c) => {
    document ??= JSON.stringify(
      openApiDocument({
        title: 'ops-report API',
        version: packageJson.version,
        description: `${packageJson.description ?? ''}. Errors are \`{"error": {"code", "message", "details"?}}\`; state-changing calls must be sent as \`application/json\` (415 otherwise); 429 and 503 carry \`Retry-After\`.`,
        sessionCookie: TOKEN_COOKIE,
      }),
    )
    c.header('cache-control', 'public, max-age=300')
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' })
  })
}
