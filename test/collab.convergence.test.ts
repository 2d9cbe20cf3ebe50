/**
 * Three unmodified y-websocket clients edit one report at random, at the same
 * time, dropping off and coming back; in the end they hold the same document,
 * and it is the one the server serves and stores. Replay with `SEED=<n>`.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { bodyOf, newParagraph, paragraphsOf, pmJsonOf, pmText, sectionsOf, textOf, type PmNode } from './helpers/doc'
import { createRng, seedFromEnv, type Rng } from './helpers/prng'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { sleep, waitUntil } from './helpers/wait'
import { waitForServedContent } from './helpers/waitForServedContent'

const ROUNDS = 400

/** One random edit of the kinds a user makes: type, delete, add or remove a paragraph. */
function randomEdit(doc: Y.Doc, rng: Rng): string {
  const roll = rng.next()
  const paragraphs = paragraphsOf(doc)
  const sections = sectionsOf(doc)
  if (roll < 0.45 && paragraphs.length > 0) {
    const text = textOf(rng.pick(paragraphs))
    const at = rng.int(text.length + 1)
    const word = rng.word(rng.between(1, 6))
    text.insert(at, word)
    return `insert "${word}"@${at}`
  }
  if (roll < 0.65 && paragraphs.length > 0) {
    const text = textOf(rng.pick(paragraphs))
    if (text.length === 0) return 'noop'
    const at = rng.int(text.length)
    const len = rng.between(1, Math.min(5, text.length - at))
    text.delete(at, len)
    return `delete ${len}@${at}`
  }
  if (roll < 0.85 || paragraphs.length === 0) {
    const section = rng.pick(sections)
    // Index 0 is the section heading; paragraphs go after it.
    const at = rng.between(1, section.length)
    section.insert(at, [newParagraph(rng.word(rng.between(0, 8)))])
    return `paragraph+@${at}`
  }
  const section = rng.pick(sections.filter((s) => s.length > 1).concat(sections[0]!))
  if (section.length <= 1) return 'noop'
  const at = rng.between(1, section.length - 1)
  section.delete(at, 1)
  return `paragraph-@${at}`
}

describe('three y-websocket clients converge under random concurrent edits and reconnects', () => {
  const seed = seedFromEnv()
  let server: TestServer
  let api: Api
  let reportId: string
  const clients: TestProvider[] = []

  beforeAll(async () => {
    server = await startServer()
    api = await Api.login(server.url)
    reportId = await api.createReport('Convergence')
    for (let i = 0; i < 3; i++) clients.push(openProvider(server.wsUrl, reportId, api.token!))
    for (const c of clients) await waitProviderSynced(c)
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await stopAndRemove(server)
  })

  it(`all clients and the server hold the same document (SEED=${seed})`, async () => {
    const rng = createRng(seed)
    const msg = (what: string) => `SEED=${seed}: ${what}`
    let edits = 0
    let reconnects = 0

    for (let round = 0; round < ROUNDS; round++) {
      for (const c of clients) {
        const n = rng.between(0, 3)
        for (let k = 0; k < n; k++) {
          // Usually one edit per transaction, sometimes several in one.
          c.doc.transact(() => {
            for (let j = rng.chance(0.2) ? 3 : 1; j > 0; j--) randomEdit(c.doc, rng)
          })
          edits++
        }
        if (rng.chance(0.04)) {
          if (c.provider.shouldConnect) c.provider.disconnect()
          else {
            c.provider.connect()
            reconnects++
          }
        }
      }
      await sleep(rng.int(12))
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect()
    for (const c of clients) await waitProviderSynced(c, 20_000)

    const serialized = () => clients.map((c) => bodyOf(c.doc).toString())
    await waitUntil(
      () => new Set(serialized()).size === 1,
      () => msg(`clients did not converge:\n${serialized().join('\n----\n')}`),
      20_000,
    )
    const [first, ...rest] = clients.map((c) => bodyOf(c.doc).toJSON())
    for (const other of rest) expect(other, msg('XmlFragment.toJSON differs')).toBe(first)
    console.log(`convergence SEED=${seed}: ${edits} edit transactions, ${reconnects} reconnects, ${pmText(pmJsonOf(clients[0]!.doc)).length} chars`)
    expect(edits, msg("edits made")).toBeGreaterThan(300)
    expect(reconnects, msg('reconnects made')).toBeGreaterThan(0)

    // The server serves exactly this document.
    const expected = pmJsonOf(clients[0]!.doc)
    const served = await waitForServedContent(
      api,
      reportId,
      expected,
      (last) => msg(`server content differs:\nserver:  ${pmText(last!)}\nclients: ${pmText(expected)}`),
      100,
    )
    expect(served, msg('server content')).toEqual(expected)
    expect(pmText(served), msg('server text')).toBe(pmText(expected))

    // And stores it: the same after a restart.
    for (const c of clients) c.provider.disconnect()
    expect(await server.stop(), msg('exit code')).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port })
    const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status).toBe(200)
    expect(res.body, msg('content after restart')).toEqual(expected)
  })
})
