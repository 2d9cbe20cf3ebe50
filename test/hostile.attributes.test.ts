/**
 * Hostile attribute values, written by an ordinary user into their own
 * report, over REST (`PUT /content`) and over the socket: the exact payload
 * that used to stop the server (`{"toString":"x"}` as a metric value, which
 * made String() throw in the KPI timer), then a seeded fuzzer over every
 * field of every block, the standard nodes and the link mark (objects with
 * toString/valueOf, arrays, deep values, numbers and booleans where text
 * goes, enum violations, over-long text). Each is refused (400 / close
 * 4400), nothing of it is stored or relayed, and the server and the report
 * keep working. Replay a run with SEED=<n>.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { action, feedback, goal, issue, kpi, metric, metrics, p, quarantine, section, theme, trend } from '@schema/docBuilder'
import { nodeAttributeSchemas } from '@schema/nodes/attributeSchemas'
import { ATTRIBUTE_LIMITS } from '@schema/nodes/attributeValue'
import { CLOSE_BAD_MESSAGE, CLOSE_TOO_LARGE } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { bodyOf } from './helpers/doc'
import { hostileText, hostileValues } from './helpers/hostileValues'
import { createRng, seedFromEnv } from './helpers/prng'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

const SEED = seedFromEnv()
const rng = createRng(SEED)

let server: TestServer
let mallory: Api
let reportId: string
/** The body after the valid PUT: every block type is in it. */
let accepted: JSONContent

/** One block of each kind (and the standard nodes with attributes), valid, in one extra section. */
const allBlocks = (): JSONContent =>
  section(
    'other',
    '所有块',
    metrics(metric({ key: 'fuzz', name: '指标', current: '1', target: '2' })),
    issue({ title: '问题', owner: 'mallory' }, '描述'),
    action({ owner: 'mallory', due: '2026-12-01' }, '行动'),
    goal({ metricKey: 'fuzz', baseline: '1', target: '2' }, '目标'),
    feedback({ responses: '10' }, [theme({ channel: '电话', count: '3' }, '主题')], '小结'),
    kpi(),
    trend({ metricKey: 'fuzz' }),
    quarantine({ originalType: 'futureWidget', raw: '<futureWidget/>', quarantinedAt: '2026-11-01T00:00:00.000Z' }),
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '小标题' }] },
    { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [p('一')] }] },
    { type: 'codeBlock', attrs: { language: 'js' }, content: [{ type: 'text', text: 'x' }] },
    p({ type: 'text', text: '链接', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }] }, { type: 'hardBreak' }, '换行'),
    { type: 'blockquote', content: [p('引用')] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [p('项')] }] },
    { type: 'horizontalRule' },
  )

const nodesOf = (d: JSONContent): JSONContent[] => [d, ...(d.content ?? []).flatMap(nodesOf)]

/** The last node of `type` in `body` (the extra section comes last). */
const lastOf = (body: JSONContent, type: string): JSONContent => nodesOf(body).filter((n) => n.type === type).at(-1)!

const content = async (): Promise<JSONContent> => {
  const res = await mallory.call<JSONContent>('GET', `/api/reports/${reportId}/content`)
  expect(res.status).toBe(200)
  return res.body
}

/** The server answers, and its process has not exited. */
async function expectServerUp(): Promise<void> {
  expect(server.proc.exitCode).toBeNull()
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
}

/** The longest text a field takes (zod's own record of `.max()`), or null when it is no text field. */
function maxLengthOf(field: z.ZodType | undefined): number | null {
  const inner = field instanceof z.ZodNullable ? field.unwrap() : field
  return inner instanceof z.ZodString ? inner.maxLength : null
}

/** Field values to try on `key` of `nodeName`: two hostile values and one bad text, picked by the seed. */
function valuesFor(nodeName: string, key: string): unknown[] {
  const field = nodeAttributeSchemas[nodeName]!.shape[key]
  // A field no schema names keeps plain values (numbers, true/false): only the others are hostile there.
  const all = hostileValues(rng).filter((v) => field || (typeof v !== 'number' && typeof v !== 'boolean'))
  const picked = [rng.pick(all), rng.pick(all)]
  // Text one past the field's own limit, or an option that is none of an enum's.
  return [...picked, hostileText(rng, field ? maxLengthOf(field) : ATTRIBUTE_LIMITS.unknown)]
}

/** Every (node, field) to fuzz: every field of every node with attributes, and an unknown field of each node. */
const targets = (): [string, string][] =>
  Object.entries(nodeAttributeSchemas)
    .filter(([name]) => name !== 'doc' && name !== 'text')
    .flatMap(([name, schema]) => [...Object.keys(schema.shape).map((k): [string, string] => [name, k]), [name, `unknown_${rng.word(4).replace(/ /g, '')}`]])

beforeAll(async () => {
  server = await startServer({ env: { KPI_DEBOUNCE_MS: '10', KPI_MAX_WAIT_MS: '50' } })
  const admin = await Api.login(server.url)
  mallory = (await admin.createUser('mallory')).api
  reportId = await mallory.createReport('Mallory 的报告')
  const body = await content()
  const put = await mallory.call<JSONContent>('PUT', `/api/reports/${reportId}/content`, { ...body, content: [...body.content!, allBlocks()] })
  expect(put.status, JSON.stringify(put.body)).toBe(200)
  accepted = await content()
}, 30_000)

afterAll(() => stopAndRemove(server))

describe('the payload that stopped the server', () => {
  it('PUT /content with {"toString":"x"} as a metric value: 400, nothing changed, the server and the report still up', async () => {
    const body = structuredClone(accepted)
    lastOf(body, 'metricRow').attrs!.current = { toString: 'x' }
    const res = await mallory.call<{ error: { code: string; message: string } }>('PUT', `/api/reports/${reportId}/content`, body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
    expect(res.body.error.message).toMatch(/attribute "current"/i)
    await expectServerUp()
    expect(await content()).toEqual(accepted)
  })

  it('the same over the socket: closed 4400, nothing applied or relayed, the server and the report still up', async () => {
    const watcher = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
    await watcher.waitSynced()
    const relayed = watcher.updatesReceived.length
    const client = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
    await client.waitSynced()
    const row = [...bodyOf(client.doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')].at(-1) as Y.XmlElement
    client.edit(() => row.setAttribute('current', { toString: 'x' } as unknown as string))
    expect((await client.waitClosed()).code).toBe(CLOSE_BAD_MESSAGE)
    await expectServerUp()
    expect(await content()).toEqual(accepted)
    // A reader joining now gets the report as it was, and the watcher was sent nothing.
    const reader = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
    await reader.waitSynced()
    expect(watcher.updatesReceived.length).toBe(relayed)
    expect(watcher.isOpen).toBe(true)
    await Promise.all([watcher.end(), reader.end()])
  })
  it('the same in a sync step 2 (an edit made offline, sent on connecting): closed 4400, nothing applied', async () => {
    const client = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
    // Made before the socket opens: it reaches the server only as the answer to the server's sync step 1.
    const el = new Y.XmlElement('issue')
    el.setAttribute('severity', { toString: 'x' } as unknown as string)
    bodyOf(client.doc).insert(0, [el])
    expect(client.writesSent).toBe(0)
    expect((await client.waitClosed()).code).toBe(CLOSE_BAD_MESSAGE)
    client.doc.destroy()
    await expectServerUp()
    expect(await content()).toEqual(accepted)
  })
  it('restoring a snapshot stored before attributes were checked: 422, nothing changed', async () => {
    const damaged = structuredClone(accepted)
    lastOf(damaged, 'issue').attrs!.title = { toString: 'x' }
    const id = 's0000000000001aaaa'
    const dir = path.join(server.dataDir, 'snapshots', reportId)
    mkdirSync(dir, { recursive: true })
    const file = { id, reportId, at: '2026-11-01T00:00:00.000Z', reason: 'auto', content: damaged, authors: ['mallory'], sha256: '0'.repeat(64) }
    writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(file))
    const res = await mallory.call<{ error: { code: string; message: string } }>('POST', `/api/reports/${reportId}/snapshots/${id}/restore`)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(/attribute "title"/i)
    await expectServerUp()
    expect(await content()).toEqual(accepted)
  })
})

describe(`fuzzing every field of every block (seed ${SEED})`, () => {
  it('over REST: every hostile value is refused with 400 and changes nothing', async () => {
    for (const [nodeName, key] of targets()) {
      // Bodies past MAX_BODY_BYTES are refused (413) before they are read: only smaller ones say something here.
      for (const value of valuesFor(nodeName, key).filter((v) => typeof v !== 'string' || v.length < 512 * 1024)) {
        const body = structuredClone(accepted)
        const node = nodeName === 'link' ? undefined : lastOf(body, nodeName)
        expect(node, `${nodeName} in the body`).toBeDefined()
        node!.attrs = { ...node!.attrs, [key]: value }
        const res = await mallory.call('PUT', `/api/reports/${reportId}/content`, body)
        expect(res.status, `seed ${SEED}: ${nodeName}.${key} = ${JSON.stringify(value)?.slice(0, 80)}`).toBe(400)
      }
    }
    // The link mark's attributes.
    for (const value of hostileValues(rng).filter((v) => typeof v !== 'string')) {
      const body = structuredClone(accepted)
      const text = nodesOf(body).filter((n) => n.marks?.some((m) => m.type === 'link')).at(-1)!
      text.marks = [{ type: 'link', attrs: { href: value } }]
      expect((await mallory.call('PUT', `/api/reports/${reportId}/content`, body)).status, `seed ${SEED}: link href`).toBe(400)
    }
    await expectServerUp()
    expect(await content()).toEqual(accepted)
  }, 120_000)

  it('over the socket: every hostile value closes the sender with 4400 and nothing is applied', async () => {
    for (const [nodeName, key] of targets()) {
      for (const value of valuesFor(nodeName, key)) {
        const client = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
        await client.waitSynced()
        const existing = [...bodyOf(client.doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === nodeName)].at(-1) as Y.XmlElement | undefined
        // An overwrite of a stored block's field (Yjs writes neither parent nor key) or a new block.
        if (existing && rng.chance(0.7)) client.edit(() => existing.setAttribute(key, value as string))
        else {
          client.edit(() => {
            const el = new Y.XmlElement(nodeName)
            el.setAttribute(key, value as string)
            ;(bodyOf(client.doc).get(0) as Y.XmlElement).push([el])
          })
        }
        const what = `seed ${SEED}: ${nodeName}.${key} = ${JSON.stringify(value)?.slice(0, 80)}`
        const closed = await client.waitClosed().catch((err: Error) => {
          throw new Error(`${what}: ${err.message}`)
        })
        client.doc.destroy()
        // Text past the largest limit is also past MAX_FRAME_BYTES: 1009 before the frame is read.
        expect([CLOSE_BAD_MESSAGE, CLOSE_TOO_LARGE], what).toContain(closed.code)
      }
    }
    await expectServerUp()
    expect(await content()).toEqual(accepted)
    // An honest edit still saves.
    const client = RawClient.connect(server.wsUrl, reportId, { token: mallory.token })
    await client.waitSynced()
    const row = [...bodyOf(client.doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')].at(-1) as Y.XmlElement
    await client.waitSaved(client.edit(() => row.setAttribute('current', '42')))
    expect(lastOf(await content(), 'metricRow').attrs!.current).toBe('42')
    await client.end()
  }, 180_000)
})
