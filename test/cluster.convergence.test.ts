/**
 * Cluster mode, convergence: 3 processes behind a round-robin proxy, 9
 * unmodified y-websocket clients spread over them (3 each), 200 edits each
 * with unique markers, at the same time. Within 5 s of the last edit every
 * client and every process holds the same document with every marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { bodiesOf, MarkerClient, missingFrom, servedText } from './helpers/clusterClients'
import { createRng, seedFromEnv } from './helpers/prng'
import { sleep, waitUntil } from './helpers/wait'

const CLIENTS = 9
const EDITS = 200

let cluster: TestCluster
const clients: MarkerClient[] = []

beforeAll(async () => {
  cluster = await startCluster({ processes: 3, env: { MAX_MESSAGES_PER_SECOND: '2000' } })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await cluster?.cleanup()
})

describe('cluster: 9 clients over 3 processes converge', () => {
  const seed = seedFromEnv()
  it(`identical state everywhere within 5 s of the last edit (SEED=${seed})`, async () => {
    const rng = createRng(seed)
    const admin = await Api.login(cluster.proxyUrl)
    const reportId = await admin.createReport('Cluster convergence')

    // One after the other, each synced before the next: the proxy's turn puts 3 on each process.
    for (let i = 0; i < CLIENTS; i++) {
      const c = new MarkerClient(cluster.proxyWsUrl, reportId, admin.token!, `c${i}`)
      clients.push(c)
      await c.waitSynced()
    }
    const perProcess = cluster.servers.map((s) => clients.filter((c) => cluster.proxy.backendOf(c.localPorts[0]!) === s.port).length)
    expect(perProcess, 'clients per process').toEqual([3, 3, 3])
    for (const c of clients) c.addParagraph()

    await Promise.all(
      clients.map(async (c) => {
        for (let n = 0; n < EDITS; n++) {
          c.type()
          if (rng.chance(0.3)) await sleep(rng.int(4))
        }
      }),
    )
    const lastEdit = performance.now()
    const all = clients.flatMap((c) => c.typed)
    expect(new Set(all).size).toBe(CLIENTS * EDITS)

    // Every client holds every marker and the same document.
    await waitUntil(
      () => new Set(bodiesOf(clients)).size === 1 && missingFrom(clients[0]!.bodyText(), all).length === 0,
      () => `clients did not converge: ${clients.map((c) => `${c.name} misses ${missingFrom(c.bodyText(), all).length}`).join(', ')}`,
      5_000,
      20,
    )
    // Every process serves it.
    const expected = clients[0]!.bodyText()
    const apis = cluster.servers.map((s) => new Api(s.url, admin.token))
    let served: string[] = []
    await waitUntil(
      async () => (served = await Promise.all(apis.map((a) => servedText(a, reportId)))).every((t) => t === expected),
      () => `processes serve other text: ${served.map((t, i) => `#${i} misses ${missingFrom(t, all).length} markers${t.startsWith('HTTP') ? ` (${t})` : ''}`).join(', ')}`,
      Math.max(100, 5_000 - (performance.now() - lastEdit)),
      50,
    )
    const elapsed = performance.now() - lastEdit
    console.log(`cluster convergence SEED=${seed}: ${all.length} markers, identical everywhere ${Math.round(elapsed)} ms after the last edit`)
    expect(elapsed).toBeLessThan(5_000)
    // Every marker was acknowledged (已保存) to its writer.
    for (const c of clients) await waitUntil(() => c.ackedCount === EDITS, () => `${c.name}: ${c.ackedCount}/${EDITS} acknowledged`, 10_000)
  })
})
