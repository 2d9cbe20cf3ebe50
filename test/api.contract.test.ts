/**
 * The API contract (schema/api/) against the server's own routing table: every
 * route the Hono app registers under /api is in the contract and in
 * `GET /api/openapi.json`, and the other way round, so a route added without
 * a contract (or a contract without its route) fails here. The document is
 * OpenAPI 3.1 with a JSON Schema (draft 2020-12) for every parameter, body
 * and answer, served without authentication as JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allApiRoutes } from '@schema/api/apiRoutes'
import { openApiPath } from '@schema/api/openApiDocument'
import { createApp, type AppDeps } from '../server/app'
import { TokenService } from '../server/auth/TokenService'
import { readEnv } from '../server/env'
import { FileMetaStore } from '../server/meta/FileMetaStore'

let dir: string
let app: ReturnType<typeof createApp>['app']

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'contract-'))
  const env = readEnv({ DATA_DIR: dir, CLIENT_DIR: dir })
  const meta = await FileMetaStore.open(dir)
  // Only the routing table and the openapi route are used: the rest of the deps is never reached.
  app = createApp({ env, meta, tokens: new TokenService('t'.repeat(40), 3600), snapshots: {} } as unknown as AppDeps).app
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `METHOD /path` of every API route the app registered (middleware and the catch-all 404 left out). */
function registeredRoutes(): string[] {
  const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
  return [...new Set(app.routes.filter((r) => methods.has(r.method) && r.path.startsWith('/api/') && !r.path.endsWith('*')).map((r) => `${r.method} ${r.path}`))].sort()
}

type Json = Record<string, unknown>

async function document(): Promise<{ res: Response; doc: Json }> {
  const res = await app.request('/api/openapi.json')
  return { res, doc: (await res.clone().json()) as Json }
}

/** Every JSON Schema of the document: components, parameters, request bodies, answers. */
function schemasOf(doc: Json): { where: string; schema: Json }[] {
  const out: { where: string; schema: Json }[] = []
  for (const [name, schema] of Object.entries((doc.components as { schemas: Record<string, Json> }).schemas)) out.push({ where: `components.${name}`, schema })
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${p}`
      for (const param of (op.parameters as Json[]) ?? []) out.push({ where: `${at} parameter ${String(param.name)}`, schema: param.schema as Json })
      const body = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.['application/json']
      if (body) out.push({ where: `${at} body`, schema: body.schema })
      for (const [status, response] of Object.entries(op.responses as Record<string, { content?: Record<string, { schema: Json }> }>)) {
        const json = response.content?.['application/json']?.schema
        if (json && Object.keys(json).length > 0) out.push({ where: `${at} ${status}`, schema: json })
      }
    }
  }
  return out
}

describe('the API contract', () => {
  it('lists exactly the routes the server registers', () => {
    const contract = allApiRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()
    expect(new Set(contract).size).toBe(contract.length)
    expect(contract).toEqual(registeredRoutes())
  })

  it('GET /api/openapi.json: OpenAPI 3.1, no sign-in needed, cacheable JSON, every registered route in it and nothing else', async () => {
    const { res, doc } = await document()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/)
    expect(doc.openapi).toBe('3.1.0')
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
    expect(doc.info).toMatchObject({ title: expect.any(String), version: pkg.version })
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    const schemes = (doc.components as { securitySchemes: Record<string, Json> }).securitySchemes
    expect(schemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ops_token' })
    expect(schemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' })
    const documented = Object.entries(doc.paths as Record<string, Json>)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort()
    expect(documented).toEqual(registeredRoutes().map((r) => r.replace(/ (.*)$/, (_, p: string) => ` ${openApiPath(p)}`)).sort())
  })

  it('describes every path parameter, body and answer with a JSON Schema (draft 2020-12)', async () => {
    const { doc } = await document()
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema')
    const schemas = schemasOf(doc)
    expect(schemas.length).toBeGreaterThan(100)
    for (const { where, schema } of schemas) {
      // A schema says what it is: a type, a choice, a constant, or a reference that resolves.
      const kind = ['type', 'anyOf', 'oneOf', 'allOf', 'const', 'enum', '$ref'].filter((k) => k in schema)
      expect(kind.length, `${where}: ${JSON.stringify(schema).slice(0, 200)}`).toBeGreaterThan(0)
      if (typeof schema.$ref === 'string') expect(schema.$ref, where).toMatch(/^#\/components\/schemas\/Error$/)
      // 2020-12 keywords only: no draft-04 tuple `items: [...]`, no `definitions` (it is `$defs`).
      expect(JSON.stringify(schema), where).not.toMatch(/"definitions":|"items":\[/)
    }
    // Every operation: its path parameters declared, a success answer, the error shape for anything else.
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        const names = ((op.parameters as Json[]) ?? []).filter((x) => x.in === 'path').map((x) => x.name)
        expect(names, `${method} ${p}`).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        const responses = op.responses as Record<string, Json>
        expect(Object.keys(responses).some((s) => /^2\d\d$/.test(s)), `${method} ${p}`).toBe(true)
        expect(responses.default, `${method} ${p}`).toBeDefined()
      }
    }
  })
})
