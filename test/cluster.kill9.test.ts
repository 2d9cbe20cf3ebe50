/**
 * Cluster mode, kill -9 of one process mid-edit: 6 y-websocket clients
 * behind the proxy (2 on each process) and 2 witness writers connected to
 * the victim only (they never reconnect) type markers; process #1 is killed
 * while they type. Every marker acknowledged to anyone is on the survivors;
 * the victim's y-websocket clients reconnect through the proxy to the others
 * and every client converges, with every marker it typed. The victim,
 * started again, serves the same document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { bodiesOf, MarkerClient, missingFrom, servedText } from './helpers/clusterClients'
import { WitnessWriter } from './helpers/clusterWitness'
import { createRng, seedFromEnv } from './helpers/prng'
import { sleep, waitUntil } from './helpers/wait'

const VICTIM = 1

let cluster: TestCluster
const clients: MarkerClient[] = []
const witnesses: WitnessWriter[] = []

beforeAll(async () => {
  cluster = await startCluster({ processes: 3, env: { MAX_MESSAGES_PER_SECOND: '5000' } })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const w of witnesses) await w.end()
  await cluster?.cleanup()
})

describe('cluster: kill -9 of one process mid-edit', () => {
  const seed = seedFromEnv()
  it(`every acknowledged marker survives; clients reconnect to the others and converge (SEED=${seed})`, async () => {
    const rng = createRng(seed)
    const admin = await Api.login(cluster.proxyUrl)
    const reportId = await admin.createReport('Cluster kill -9')
    const victim = cluster.servers[VICTIM]!

    for (let i = 0; i < 6; i++) {
      const c = new MarkerClient(cluster.proxyWsUrl, reportId, admin.token!, `c${i}`)
      clients.push(c)
      await c.waitSynced()
      c.addParagraph()
    }
    const onVictim = clients.filter((c) => cluster.proxy.backendOf(c.localPorts[0]!) === victim.port)
    expect(onVictim.length, 'y-websocket clients on the victim').toBe(2)
    for (let i = 0; i < 2; i++) {
      const w = new WitnessWriter(victim.wsUrl, reportId, admin.token!, `w${i}`)
      witnesses.push(w)
      await w.start()
    }

    let stop = false
    const typing = [
      ...clients.map(async (c) => {
        while (!stop) {
          c.type()
          await sleep(rng.int(6))
        }
      }),
      ...witnesses.map(async (w) => {
        while (!stop && w.type()) await sleep(rng.int(6))
      }),
    ]
    // Mid-edit: once everyone typed a while and the witnesses have acknowledgements.
    await waitUntil(
      () => clients.every((c) => c.typed.length >= 60) && witnesses.every((w) => w.acked.length >= 20),
      () => `typing before the kill: ${clients.map((c) => `${c.name} ${c.typed.length}/${c.ackedCount}`).join(', ')}; ${witnesses.map((w) => `${w.name} ${w.typed.length}/${w.acked.length}`).join(', ')}`,
      20_000,
    )
    await cluster.kill(VICTIM)
    const ackedAtKill = [...clients.flatMap((c) => c.acked), ...witnesses.flatMap((w) => w.acked)]
    const witnessAcked = witnesses.flatMap((w) => w.acked)

    // The victim's clients reconnect through the proxy to a survivor while the others keep typing.
    await waitUntil(
      () => onVictim.every((c) => c.provider.synced && c.localPorts.length >= 2),
      () => `victim's clients reconnected: ${onVictim.map((c) => `${c.name} connections=${c.localPorts.length} synced=${c.provider.synced}`).join(', ')}`,
      10_000,
    )
    for (const c of onVictim) expect(cluster.proxy.backendOf(c.localPorts.at(-1)!), `${c.name} is on a survivor`).not.toBe(victim.port)
    const typedAfter = clients.map((c) => c.typed.length)
    await waitUntil(() => clients.every((c, i) => c.typed.length >= typedAfter[i]! + 30), 'typing after the kill', 20_000)
    stop = true
    await Promise.all(typing)
    for (const w of witnesses) expect(w.client.isOpen, `${w.name} lost its socket with the victim`).toBe(false)

    // The survivors serve every marker acknowledged before the kill, the witnesses' included (nobody sent those again).
    const survivors = cluster.servers.filter((_, i) => i !== VICTIM).map((s) => new Api(s.url, admin.token))
    for (const [i, api] of survivors.entries()) {
      let text = ''
      await waitUntil(
        async () => missingFrom((text = await servedText(api, reportId)), ackedAtKill).length === 0,
        () => `survivor #${i} misses acknowledged markers: ${missingFrom(text, ackedAtKill).slice(0, 20).join(' ')}${text.startsWith('HTTP') ? ` (${text})` : ''}`,
        10_000,
        50,
      )
    }
    console.log(`cluster kill -9 SEED=${seed}: ${ackedAtKill.length} markers acknowledged at the kill (${witnessAcked.length} by the witnesses)`)

    // Every client converges with every marker it typed, and all are acknowledged in the end.
    const everyTyped = [...clients.flatMap((c) => c.typed), ...witnessAcked]
    await waitUntil(
      () => new Set(bodiesOf(clients)).size === 1 && missingFrom(clients[0]!.bodyText(), everyTyped).length === 0,
      () => `clients did not converge: ${clients.map((c) => `${c.name} misses ${missingFrom(c.bodyText(), everyTyped).length}`).join(', ')}`,
      15_000,
      20,
    )
    for (const c of clients) await waitUntil(() => c.ackedCount === c.typed.length, () => `${c.name}: ${c.ackedCount}/${c.typed.length} acknowledged`, 10_000)
    const expected = clients[0]!.bodyText()
    for (const [i, api] of survivors.entries()) {
      await waitUntil(async () => (await servedText(api, reportId)) === expected, `survivor #${i} serves the converged document`, 10_000, 50)
    }

    // The victim, started again, serves it too.
    const back = await cluster.restart(VICTIM)
    expect(await servedText(new Api(back.url, admin.token), reportId)).toBe(expected)
  })
})
