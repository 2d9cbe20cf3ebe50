/**
 * Every REST path that turns JSON into a report body applies the socket's
 * limits (collab/documentLimits.ts): how deeply nodes nest AND how deeply
 * attribute values nest (MAX_NESTING_DEPTH), how many nodes, marks and
 * attributes (MAX_UPDATE_STRUCTS), and what an attribute value may be. Past
 * them the answer is 400 and the body is unchanged: a content PUT, and the
 * restore of a snapshot file holding such a body.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import type { PmNode } from './helpers/doc'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api
let reportId: string
let before: PmNode

/** {"a":{"a":…"x"…}} with `levels` objects, as JSON text (JSON.stringify of it would overflow the test's stack). */
const deepJson = (levels: number): string => `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`
const DEEP = '__deep_value__'
/** JSON text of `doc` with the string DEEP replaced by a value `levels` deep. */
const withDeep = (doc: unknown, levels: number): string => JSON.stringify(doc).replace(`"${DEEP}"`, deepJson(levels))

const content = async (): Promise<PmNode> => (await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)).body

const firstSection = (doc: PmNode): PmNode => doc.content!.find((n) => n.type === 'reportSection')!

/** The report's body with the first section's `key` attribute replaced. */
function withSectionKey(doc: PmNode, value: unknown): PmNode {
  const copy = structuredClone(doc)
  const section = firstSection(copy)
  section.attrs = { ...section.attrs, key: value }
  return copy
}

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false', MAX_NESTING_DEPTH: '50', MAX_UPDATE_STRUCTS: '3000' } })
  admin = await Api.login(server.url)
  reportId = await admin.createReport('Limits over REST')
  before = await content()
})

afterAll(() => stopAndRemove(server))

const expectRefused = async (body: unknown, pattern: RegExp) => {
  const res = await admin.call<{ error: { code: string; message: string } }>('PUT', `/api/reports/${reportId}/content`, body)
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400)
  expect(res.body.error.code).toBe('bad_request')
  expect(res.body.error.message).toMatch(pattern)
  expect(await content()).toEqual(before)
}

describe('PUT /content applies the socket limits to attribute values', () => {
  it('refuses an attribute value nested 5,000 and 50 levels deep', async () => {
    await expectRefused(withDeep(withSectionKey(before, DEEP), 5000), /Attribute "key"/)
    await expectRefused(withDeep(withSectionKey(before, DEEP), 50), /Attribute "key"/)
  })

  it('refuses objects as attribute values, among them one with a non-callable toString', async () => {
    await expectRefused(withSectionKey(before, { toString: 'x' }), /not a string, number, boolean or null/)
    await expectRefused(withSectionKey(before, ['a']), /array/)
  })

  it('refuses mark attributes nested too deeply', async () => {
    const copy = structuredClone(before)
    const heading = firstSection(copy).content![0]!
    heading.content = [{ type: 'text', text: 'deep', marks: [{ type: 'bold', attrs: { x: DEEP } }] } as PmNode]
    await expectRefused(withDeep(copy, 60), /Mark attributes nest deeper than 50/)
  })

  it('refuses more nodes and attributes than MAX_UPDATE_STRUCTS, and nodes nested too deeply', async () => {
    const copy = structuredClone(before)
    const section = firstSection(copy)
    const paragraphs = Array.from({ length: 3000 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `p${i}` }] }))
    section.content = [...section.content!, ...paragraphs]
    await expectRefused(copy, /larger than 3000/)
    let nested: PmNode = { type: 'paragraph' }
    for (let i = 0; i < 60; i++) nested = { type: 'blockquote', content: [nested] }
    const deep = structuredClone(before)
    firstSection(deep).content!.push(nested)
    await expectRefused(deep, /nests deeper than 50/)
  })

  it('still accepts valid content', async () => {
    const copy = withSectionKey(before, 'renamed-key')
    const res = await admin.call('PUT', `/api/reports/${reportId}/content`, copy)
    expect(res.status).toBe(200)
    expect(firstSection(await content()).attrs!.key).toBe('renamed-key')
    before = await content()
  })
})

describe('restoring a snapshot applies the same limits', () => {
  it('refuses a stored snapshot whose body holds a deep attribute value, and changes nothing', async () => {
    const sid = `s${String(Date.now()).padStart(13, '0')}abcd`
    const dir = path.join(server.dataDir, 'snapshots', reportId)
    mkdirSync(dir, { recursive: true })
    const snapshot = {
      id: sid,
      reportId,
      at: new Date().toISOString(),
      reason: 'auto',
      content: withSectionKey(before, DEEP),
      authors: [],
      sha256: 'x',
    }
    writeFileSync(path.join(dir, `${sid}.json`), withDeep(snapshot, 5000))
    const res = await admin.call<{ error: { code: string; message: string } }>('POST', `/api/reports/${reportId}/snapshots/${sid}/restore`)
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'snapshot_incompatible', message: expect.stringMatching(/Attribute "key"/) })
    expect(await content()).toEqual(before)
  })
})
