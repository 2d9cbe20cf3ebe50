/**
 * Reconnect storm: 300 raw y-protocols clients on one report all lose their
 * socket at once and come back at once, 10 times: plain drops, clean closes,
 * once long enough for the room to unload while they return, and once
 * during a shutdown (SIGTERM, restart on the same DATA_DIR). Each round some
 * clients add a paragraph just before the drop (possibly not yet saved) and
 * some while offline (carried by their sync step 2 on reconnect).
 *
 * After every round: each paragraph ever written is there exactly once (no
 * duplicate from a resent step 2), nothing written before is missing (no
 * blank or template-only overwrite), all 300 clients hold the same state
 * (state vector and ProseMirror JSON), equal to GET /content. At the end a
 * kill -9 and restart loads that same document. Replay with `SEED=<n>`.
 */
import { rmSync } from 'node:fs'
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { Api } from '../helpers/api'
import { appendParagraph, pmJsonOf, pmText, type PmNode } from '../helpers/doc'
import { createRng, seedFromEnv } from '../helpers/prng'
import { startServer, type TestServer } from '../helpers/startServer'
import { sleep, waitUntil } from '../helpers/wait'
import { StormClient } from './helpers/stormClient'

const CLIENTS = 300
const ROUNDS = 10
const WRITERS_PER_ROUND = 30
const SHUTDOWN_ROUND = 6
const UNLOAD_ROUND = 3

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await s.kill()
  for (const dir of new Set(servers.map((s) => s.dataDir))) rmSync(dir, { recursive: true, force: true })
})

const env = {
  MAX_CONNECTIONS_PER_USER: '5000',
  MAX_CONNECTIONS_PER_REPORT: '5000',
  MAX_MESSAGES_PER_SECOND: '1000',
}

describe(`reconnect storm: ${CLIENTS} clients, ${ROUNDS} times`, () => {
  const seed = seedFromEnv()
  it(`no duplicate, no blank overwrite, all converge to what the server serves and stores (SEED=${seed})`, async () => {
    const rng = createRng(seed)
    const msg = (what: string) => `SEED=${seed}: ${what}`
    const started = Date.now()
    let server = await startServer({ env })
    servers.push(server)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Reconnect storm')
    const url = `${server.wsUrl}/${reportId}`
    const clients = Array.from({ length: CLIENTS }, () => new StormClient(url, () => rng.int(60), api.token!))
    for (const c of clients) c.connect()
    await waitUntil(() => clients.every((c) => c.synced), () => msg(`${clients.filter((c) => c.synced).length}/${CLIENTS} synced`), 60_000)
    const template = pmText(pmJsonOf(clients[0]!.doc))
    const written: string[] = []

    /** Paragraph texts of a document, as lines. */
    const lines = (doc: Y.Doc) => pmText(pmJsonOf(doc)).split('\n')

    const settle = async (round: number) => {
      await waitUntil(
        () => clients.every((c) => c.synced && c.allSaved),
        () => msg(`round ${round}: ${clients.filter((c) => c.synced).length} synced, ${clients.filter((c) => c.allSaved).length} all saved`),
        60_000,
        50,
      )
      // The server's own writes (KPI blocks) may still be travelling: wait for one state everywhere.
      const sv = (c: StormClient) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64')
      let served: PmNode | undefined
      await waitUntil(
        async () => {
          const first = sv(clients[0]!)
          if (!clients.every((c) => sv(c) === first)) return false
          const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
          served = res.body
          return res.status === 200 && JSON.stringify(served) === JSON.stringify(pmJsonOf(clients[0]!.doc))
        },
        () => msg(`round ${round}: clients and server did not converge`),
        30_000,
        100,
      )
      const expected = JSON.stringify(pmJsonOf(clients[0]!.doc))
      for (const [i, c] of clients.entries()) {
        if (JSON.stringify(pmJsonOf(c.doc)) !== expected) expect.fail(msg(`round ${round}: client ${i} differs from client 0`))
      }
      const text = lines(clients[0]!.doc)
      for (const p of written) {
        const count = text.filter((l) => l === p).length
        expect(count, msg(`round ${round}: paragraph "${p}" appears ${count} times`)).toBe(1)
      }
      // Never blank, never back to the template.
      expect(pmText(served!), msg(`round ${round}: served content is the template`)).not.toBe(template)
      expect(text.length, msg(`round ${round}: document shrank`)).toBeGreaterThanOrEqual(template.split('\n').length + written.length)
    }

    for (let round = 1; round <= ROUNDS; round++) {
      const writers = new Set<number>()
      while (writers.size < WRITERS_PER_ROUND) writers.add(rng.int(CLIENTS))
      const online: number[] = []
      const offline: number[] = []
      for (const i of writers) (rng.chance(0.5) ? online : offline).push(i)
      // Written just before the drop: sent, maybe not yet saved.
      for (const i of online) {
        const p = `storm-${round}-${i}-live`
        appendParagraph(clients[i]!.doc, p, rng.int(3))
        written.push(p)
      }
      const graceful = rng.chance(0.5)
      if (round === UNLOAD_ROUND) {
        // Everyone leaves; the room unloads after 2 s (saving first) while they all come back.
        for (const c of clients) c.shouldConnect = false
        for (const c of clients) c.close()
      } else {
        for (const c of clients) {
          if (graceful) c.close()
          else c.drop()
        }
      }
      // Written while offline: carried by the next sync step 2.
      await sleep(5)
      for (const i of offline) {
        const p = `storm-${round}-${i}-offline`
        appendParagraph(clients[i]!.doc, p, rng.int(3))
        written.push(p)
      }
      if (round === SHUTDOWN_ROUND) {
        // SIGTERM while the storm reconnects: the server must save and exit 0.
        await sleep(rng.int(30))
        expect(await server.stop(), msg('exit code of the SIGTERM shutdown')).toBe(0)
        server = await startServer({ dataDir: server.dataDir, port: server.port, env })
        servers.push(server)
      }
      if (round === UNLOAD_ROUND) {
        await sleep(2000 + rng.int(200))
        for (const c of clients) {
          c.shouldConnect = true
          c.connect()
        }
      }
      await settle(round)
      console.log(`[stress] storm round ${round}${round === SHUTDOWN_ROUND ? ' (SIGTERM + restart)' : round === UNLOAD_ROUND ? ' (unload)' : graceful ? ' (close)' : ' (drop)'}: ${written.length} paragraphs, converged`)
    }

    // What a crash now would leave: the same document.
    const expected = pmJsonOf(clients[0]!.doc)
    for (const c of clients) c.stop()
    await server.kill()
    server = await startServer({ dataDir: server.dataDir, port: server.port, env })
    servers.push(server)
    const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status).toBe(200)
    expect(res.body, msg('content after kill -9 and restart')).toEqual(expected)
    const reconnects = clients.reduce((n, c) => n + c.opens, 0)
    console.log(`[stress] reconnect storm SEED=${seed}: ${CLIENTS} clients, ${reconnects} socket opens, ${written.length} paragraphs, ${((Date.now() - started) / 1000).toFixed(1)} s`)
    for (const c of clients) c.doc.destroy()
  })
})
