/**
 * Convergence fuzz over the real server and a bad network: 5 unmodified
 * y-websocket clients, each behind its own ChaosProxy (frames delayed,
 * reordered within a small window, dropped — a drop stalls and then cuts the
 * connection, as TCP would), make 10,000 random edits of the report the way
 * the editor shapes them: typing and deleting text, changing block fields
 * (issue severity, action status, metric values…), inserting and removing
 * paragraphs, issues, action items and metric rows. Clients also go offline
 * and come back, and the server is killed (-9) and restarted once midway.
 *
 * At the end (network healed): all clients hold the same state (state
 * vector, XML and ProseMirror JSON), equal to GET /content, and equal to
 * what the server loads after another kill -9 and restart. Replay with
 * `SEED=<n> npm run test:stress`.
 */
import { rmSync } from 'node:fs'
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { ACTION_STATUSES } from '@schema/blocks/actionItem/ActionItem'
import { GOAL_STATUSES } from '@schema/blocks/goal/GoalBlock'
import { ISSUE_SEVERITIES, ISSUE_STATUSES } from '@schema/blocks/issue/IssueBlock'
import { Api } from '../helpers/api'
import { bodyOf, newParagraph, pmJsonOf, pmText, sectionsOf, type PmNode } from '../helpers/doc'
import { createRng, seedFromEnv, type Rng } from '../helpers/prng'
import { openProvider, type TestProvider } from '../helpers/provider'
import { RawClient } from '../helpers/rawClient'
import { startServer, type TestServer } from '../helpers/startServer'
import { sleep, waitUntil } from '../helpers/wait'
import { ChaosProxy } from './helpers/chaosProxy'

const CLIENTS = 5
const OPERATIONS = 10_000

const servers: TestServer[] = []
const proxies: ChaosProxy[] = []
const clients: TestProvider[] = []
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const p of proxies) await p.close()
  for (const s of servers) await s.kill()
  for (const dir of new Set(servers.map((s) => s.dataDir))) rmSync(dir, { recursive: true, force: true })
})

/** Every element of the body named `name`, in document order. */
function elements(doc: Y.Doc, name: string): Y.XmlElement[] {
  return [...bodyOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)] as Y.XmlElement[]
}

/** Text we may edit: paragraphs and headings whose text node exists (never create one: two peers would). */
function texts(doc: Y.Doc): Y.XmlText[] {
  return [...elements(doc, 'paragraph'), ...elements(doc, 'heading')]
    .map((el) => el.get(0))
    .filter((t): t is Y.XmlText => t instanceof Y.XmlText)
}

const FIELDS: Record<string, Record<string, readonly (string | null)[]>> = {
  // The values the editor offers (the blocks' own enums): the server refuses any other (close 4400).
  issue: { severity: ISSUE_SEVERITIES, status: ISSUE_STATUSES, owner: ['张伟', '李娜', null], title: ['系统故障', '投诉上升', '排班不足'] },
  actionItem: { status: ACTION_STATUSES, owner: ['王芳', '刘洋', null], due: ['2026-12-05', '2026-12-20', null] },
  goal: { status: GOAL_STATUSES, target: ['90', '95', '99.5'], owner: ['陈静', null] },
  metricRow: { current: ['12', '85.5', '1,024', '', null], previous: ['10', '80', '990'], target: ['90', '95'], note: ['口径调整', null] },
}

function block(name: string, id: string, rng: Rng, fields: Record<string, string>, text?: string): Y.XmlElement {
  const el = new Y.XmlElement(name)
  el.setAttribute('id', id)
  for (const [k, v] of Object.entries(fields)) el.setAttribute(k, v)
  if (text !== undefined) el.insert(0, [newParagraph(text)])
  void rng
  return el
}

/** One edit as the editor would make it; keeps the document valid for the schema whatever others do concurrently. */
function randomEdit(doc: Y.Doc, rng: Rng, idOf: () => string): string {
  const roll = rng.next()
  const ts = texts(doc)
  if (roll < 0.4 && ts.length > 0) {
    const t = rng.pick(ts)
    const at = rng.int(t.length + 1)
    t.insert(at, rng.word(rng.between(1, 6)))
    return 'type'
  }
  if (roll < 0.55 && ts.length > 0) {
    const t = rng.pick(ts)
    if (t.length === 0) return 'noop'
    const at = rng.int(t.length)
    t.delete(at, rng.between(1, Math.min(4, t.length - at)))
    return 'delete'
  }
  if (roll < 0.72) {
    const kind = rng.pick(Object.keys(FIELDS))
    const els = elements(doc, kind)
    if (els.length === 0) return 'noop'
    const el = rng.pick(els)
    const field = rng.pick(Object.keys(FIELDS[kind]!))
    const value = rng.pick(FIELDS[kind]![field]!)
    if (value === null) el.removeAttribute(field)
    else el.setAttribute(field, value)
    return 'attribute'
  }
  const sections = sectionsOf(doc)
  if (roll < 0.88) {
    const kind = rng.next()
    if (kind < 0.15) {
      // A metric row into a metrics table.
      const tables = elements(doc, 'metricsTable')
      if (tables.length === 0) return 'noop'
      const table = rng.pick(tables)
      table.insert(rng.int(table.length + 1), [block('metricRow', idOf(), rng, { key: `fz_${rng.word(4).replace(/ /g, 'x')}`, name: '新指标', current: '1', direction: 'higher' })])
      return 'row+'
    }
    const section = rng.pick(sections)
    const at = rng.between(1, section.length) // after the heading
    const id = idOf()
    if (kind < 0.6) section.insert(at, [newParagraph(rng.word(rng.between(0, 10)))])
    else if (kind < 0.75) section.insert(at, [block('issue', id, rng, { severity: 'medium', status: 'open', title: '新问题' }, rng.word(5))])
    else if (kind < 0.9) section.insert(at, [block('actionItem', id, rng, { status: 'todo' }, rng.word(5))])
    else section.insert(at, [block('goal', id, rng, { status: 'planned', direction: 'higher' }, rng.word(5))])
    return 'block+'
  }
  // Removal: a block of a section (never its heading), or a row this fuzz added (tables keep their own rows).
  if (rng.chance(0.2)) {
    const rows = elements(doc, 'metricRow').filter((r) => String(r.getAttribute('id') ?? '').startsWith('fz-'))
    if (rows.length === 0) return 'noop'
    const row = rng.pick(rows)
    const table = row.parent as Y.XmlElement
    table.delete(table.toArray().indexOf(row), 1)
    return 'row-'
  }
  const section = rng.pick(sections.filter((s) => s.length > 1).concat(sections[0]!))
  if (section.length <= 1) return 'noop'
  const at = rng.between(1, section.length - 1)
  const victim = section.get(at)
  // Keep the template's server-computed blocks and tables; remove what people add and remove.
  if (!(victim instanceof Y.XmlElement) || !['paragraph', 'issue', 'actionItem', 'goal'].includes(victim.nodeName)) return 'noop'
  section.delete(at, 1)
  return 'block-'
}

/** ProseMirror JSON of a copy: the conversion must not touch the doc it reads. */
function pmOfCopy(doc: Y.Doc): PmNode {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const json = pmJsonOf(copy)
  copy.destroy()
  return json
}

const svOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64')

describe('convergence fuzz over a chaotic network', () => {
  const seed = seedFromEnv()
  it(`${CLIENTS} clients, ${OPERATIONS} operations: identical everywhere and after a restart (SEED=${seed})`, async () => {
    const rng = createRng(seed)
    const msg = (what: string) => `SEED=${seed}: ${what}`
    const started = Date.now()
    const env = { MAX_MESSAGES_PER_SECOND: '2000' }
    let server = await startServer({ env })
    servers.push(server)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Chaos convergence')
    const target = `ws://127.0.0.1:${server.port}`
    for (let i = 0; i < CLIENTS; i++) {
      const proxy = await ChaosProxy.start(target, createRng(seed + i + 1), { maxDelayMs: 25, dropRate: 0.003, cutAfterMs: [20, 400] })
      proxies.push(proxy)
      clients.push(openProvider(`${proxy.url}/collab`, reportId, api.token!))
    }
    await waitUntil(() => clients.every((c) => c.provider.synced), msg('clients synced'), 30_000)

    const counts: Record<string, number> = {}
    let ops = 0
    let toggles = 0
    let nextId = 0
    let crashed = false
    while (ops < OPERATIONS) {
      for (const [i, c] of clients.entries()) {
        const n = rng.between(0, 3)
        for (let k = 0; k < n && ops < OPERATIONS; k++) {
          const many = rng.chance(0.15) ? rng.between(2, 3) : 1
          c.doc.transact(() => {
            for (let j = 0; j < many && ops < OPERATIONS; j++, ops++) {
              const kind = randomEdit(c.doc, rng, () => `fz-${i}-${nextId++}`)
              counts[kind] = (counts[kind] ?? 0) + 1
            }
          })
        }
        if (rng.chance(0.006)) {
          toggles++
          if (c.provider.shouldConnect) c.provider.disconnect()
          else c.provider.connect()
        }
      }
      if (!crashed && ops >= OPERATIONS / 2) {
        // A crash midway: what was not saved is still in the clients, and comes back with their step 2.
        crashed = true
        await server.kill()
        await sleep(rng.int(300))
        server = await startServer({ dataDir: server.dataDir, port: server.port, env })
        servers.push(server)
      }
      await sleep(rng.int(8))
    }

    // The network heals; everyone comes back.
    for (const p of proxies) p.calm()
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect()
    await waitUntil(() => clients.every((c) => c.provider.synced && c.provider.wsconnected), msg('clients reconnected'), 60_000)

    // One state everywhere, including the server's (KPI blocks it may still be writing), stable for a while.
    let expected: PmNode | undefined
    const converged = async () => {
      const sv = svOf(clients[0]!.doc)
      if (!clients.every((c) => svOf(c.doc) === sv)) return false
      const xml = bodyOf(clients[0]!.doc).toString()
      if (!clients.every((c) => bodyOf(c.doc).toString() === xml)) return false
      expected = pmOfCopy(clients[0]!.doc)
      const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
      return res.status === 200 && JSON.stringify(res.body) === JSON.stringify(expected)
    }
    const describeDivergence = () =>
      msg(`not converged: state vectors ${clients.map((c) => svOf(c.doc)).join(' | ')}; texts:\n${clients.map((c) => pmText(pmOfCopy(c.doc)).slice(0, 400)).join('\n----\n')}`)
    await waitUntil(converged, describeDivergence, 60_000, 200)
    await sleep(1500) // past the server's KPI debounce and max wait
    await waitUntil(converged, describeDivergence, 60_000, 200)
    for (const c of clients) expect(pmOfCopy(c.doc), msg('ProseMirror JSON of a client')).toEqual(expected)

    // Everything the server holds is on disk: a direct client's write is acknowledged only after every earlier change.
    const probe = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await probe.waitSynced()
    expect(svOf(probe.doc), msg('the server holds exactly the clients’ state')).toBe(svOf(clients[0]!.doc))
    probe.edit((d) => sectionsOf(d)[0]!.push([newParagraph('probe: durable from here')]))
    await probe.waitSaved()
    await waitUntil(() => clients.every((c) => svOf(c.doc) === svOf(probe.doc)), msg('probe edit reached the clients'), 30_000)
    const final = pmOfCopy(probe.doc)
    for (const c of clients) expect(pmOfCopy(c.doc)).toEqual(final)

    await server.kill()
    await probe.waitClosed()
    for (const c of clients) c.provider.disconnect()
    server = await startServer({ dataDir: server.dataDir, port: server.port, env })
    servers.push(server)
    const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status).toBe(200)
    expect(res.body, msg('content after kill -9 and restart')).toEqual(final)
    const reloaded = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await reloaded.waitSynced()
    expect(svOf(reloaded.doc), msg('state vector after restart')).toBe(svOf(probe.doc))
    await reloaded.end()
    probe.doc.destroy()

    const chaos = proxies.reduce(
      (s, p) => ({ frames: s.frames + p.stats.frames, dropped: s.dropped + p.stats.dropped, cut: s.cut + p.stats.cut, connections: s.connections + p.stats.connections }),
      { frames: 0, dropped: 0, cut: 0, connections: 0 },
    )
    console.log(
      `[stress] chaos convergence SEED=${seed}: ${ops} operations ${JSON.stringify(counts)}, ${toggles} offline/online toggles, network ${JSON.stringify(chaos)}, ` +
        `${pmText(final).length} chars, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    expect(chaos.dropped, msg('frames dropped')).toBeGreaterThan(0)
    expect(ops).toBe(OPERATIONS)
  })
})
