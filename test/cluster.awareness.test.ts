/**
 * Cluster mode, awareness: a cursor set by a y-websocket client on process A
 * reaches clients on B and C within 500 ms (every one of 20 moves); when
 * process C is killed -9, its client's cursor disappears from everyone
 * else's screen within 10 s (the process heartbeat, default settings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Awareness } from 'y-protocols/awareness'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { MarkerClient } from './helpers/clusterClients'
import { waitUntil } from './helpers/wait'

const MOVES = 20

let cluster: TestCluster
const clients: MarkerClient[] = []

beforeAll(async () => {
  cluster = await startCluster({ processes: 3 })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await cluster?.cleanup()
})

/** Resolves with the time at which `awareness` holds `clientId` with `cursor === value`. */
function whenCursor(awareness: Awareness, clientId: number, value: number): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if ((awareness.getStates().get(clientId) as { cursor?: number } | undefined)?.cursor === value) {
        awareness.off('change', check)
        awareness.off('update', check)
        resolve(performance.now())
      }
    }
    awareness.on('change', check)
    awareness.on('update', check)
    check()
  })
}

async function withDeadline<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

describe('cluster: awareness across processes', () => {
  it('crosses processes within 500 ms; a killed process’s cursors vanish within 10 s', async () => {
    const admin = await Api.login(cluster.proxyUrl)
    const reportId = await admin.createReport('Cluster awareness')
    // Each straight to its process (no proxy): C's client must not reconnect elsewhere after the kill.
    const [a, b, c] = cluster.servers.map((s, i) => new MarkerClient(s.wsUrl, reportId, admin.token!, `p${i}`)) as [MarkerClient, MarkerClient, MarkerClient]
    clients.push(a, b, c)
    for (const x of clients) await x.waitSynced()

    const latencies: number[] = []
    for (let move = 1; move <= MOVES; move++) {
      const seen = [b, c].map((x) => whenCursor(x.provider.awareness, a.doc.clientID, move))
      const t0 = performance.now()
      a.provider.awareness.setLocalStateField('cursor', move)
      const cursorOf = (x: MarkerClient) => JSON.stringify(x.provider.awareness.getStates().get(a.doc.clientID) ?? null)
      const times = await withDeadline(Promise.all(seen), 5_000, () => `cursor move ${move} of the client on A reaches B and C (B holds ${cursorOf(b)}, C holds ${cursorOf(c)})`)
      latencies.push(...times.map((t) => t - t0))
    }
    latencies.sort((x, y) => x - y)
    console.log(`cluster awareness: A → B, C p50 ${latencies[latencies.length >> 1]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`)
    expect(latencies.at(-1)!, 'slowest cursor move across processes (ms)').toBeLessThan(500)

    // C's client is seen by A's and B's before the kill, and B's by A's. (A peer applies a state only from
    // its first change on: y-protocols drops a clock-0 state, the one a client starts with.)
    c.provider.awareness.setLocalStateField('cursor', 7)
    b.provider.awareness.setLocalStateField('cursor', 3)
    await waitUntil(
      () => [a, b].every((x) => x.provider.awareness.getStates().has(c.doc.clientID)) && a.provider.awareness.getStates().has(b.doc.clientID),
      'the client on C is seen by A and B, and the client on B by A',
    )
    await cluster.kill(2)
    const killedAt = performance.now()
    await waitUntil(
      () => [a, b].every((x) => !x.provider.awareness.getStates().has(c.doc.clientID)),
      () => `the killed process's cursor is still shown on ${[a, b].filter((x) => x.provider.awareness.getStates().has(c.doc.clientID)).map((x) => x.name).join(', ')}`,
      10_000,
      50,
    )
    console.log(`cluster awareness: the killed process's cursor vanished after ${Math.round(performance.now() - killedAt)} ms`)
    // A and B still see each other.
    expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(true)
    expect(a.provider.awareness.getStates().has(b.doc.clientID)).toBe(true)
  })
})
