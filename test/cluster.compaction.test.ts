/**
 * Cluster mode, a paused compactor: process A (the only one with the report
 * open) starts a compaction; once it holds the lease and its fence was
 * handed out (report_documents.fence_issued grew), it is frozen with
 * SIGSTOP, before its snapshot reaches PostgreSQL (A runs with
 * TEST_COMPACTION_PAUSE_MS, a wait between merging and writing, so the
 * freeze lands there). Its lease runs out; process B compacts the report
 * with a newer fence; then A is resumed (SIGCONT) and finishes its stale
 * compaction. Its snapshot is refused (A says so; PostgreSQL keeps B's, the
 * fence never goes back), nothing typed is lost, even after every process is
 * killed, and the stream stays bounded while typing goes on (after each round it is
 * trimmed back under the bound).
 *
 * Knobs: COMPACT_STREAM_ENTRIES (small, so compactions are frequent),
 * REPORT_LEASE_MS (short, so the pause outlives it), STREAM_TRIM_GRACE_MS=0,
 * PROCESS_HEARTBEAT_TTL_MS long (A must not be taken for dead meanwhile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { bodiesOf, MarkerClient, missingFrom, servedText } from './helpers/clusterClients'
import { compactLeaseKey, readReportDocument, streamLength, textOfState, type StoredDocument } from './helpers/clusterStorage'
import { sleep, waitUntil } from './helpers/wait'

const ENTRIES = 20
const LEASE_MS = 300
const ATTEMPTS = 6
/** A's wait between merging and writing: the window the SIGSTOP lands in. */
const PAUSE_BEFORE_WRITE_MS = 1500

let cluster: TestCluster
const clients: MarkerClient[] = []

beforeAll(async () => {
  cluster = await startCluster({
    processes: 3,
    env: {
      COMPACT_STREAM_ENTRIES: String(ENTRIES),
      REPORT_LEASE_MS: String(LEASE_MS),
      STREAM_TRIM_GRACE_MS: '0',
      PROCESS_HEARTBEAT_TTL_MS: '60000',
      MAX_MESSAGES_PER_SECOND: '5000',
    },
    processEnv: [{ TEST_COMPACTION_PAUSE_MS: String(PAUSE_BEFORE_WRITE_MS) }],
  })
})
afterAll(async () => {
  for (const s of cluster?.servers ?? []) if (s.proc.exitCode === null) s.proc.kill('SIGCONT')
  for (const c of clients) c.destroy()
  await cluster?.cleanup()
})

async function typeN(c: MarkerClient, n: number): Promise<void> {
  for (let k = 0; k < n; k++) {
    c.type()
    await sleep(k % 2)
  }
}

const fenceOf = (row: StoredDocument | null) => row?.fence ?? -1
const acked = (c: MarkerClient, what = c.name) =>
  waitUntil(() => c.ackedCount === c.typed.length, () => `${what}: ${c.ackedCount}/${c.typed.length} acknowledged`, 20_000)

describe('cluster: a compactor paused past its lease', () => {
  it('its stale snapshot is refused, nothing is lost, the stream stays bounded', async () => {
    const [A, B] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]]
    const admin = await Api.login(A.url)
    const reportId = await admin.createReport('Paused compactor')
    const leaseKey = compactLeaseKey(cluster.prefix, reportId)
    const redis: Redis = cluster.redisClient()
    const sub: Redis = cluster.redisClient()
    await redis.config('SET', 'notify-keyspace-events', 'K$g')
    let armed = false
    let leaseTaken = false
    const events: string[] = []
    sub.on('message', (_channel: string, event: string) => {
      events.push(event)
      if (armed && event === 'set') leaseTaken = true
    })
    await sub.subscribe(`__keyspace@0__:${leaseKey}`)

    const a = new MarkerClient(A.wsUrl, reportId, admin.token!, 'a')
    clients.push(a)
    await a.waitSynced()
    a.addParagraph()

    // Until A is frozen after its fence was issued and before its snapshot was written (else resume and try again).
    let before: StoredDocument | null = null
    let frozen: StoredDocument | null
    let attempt = 0
    for (;;) {
      attempt++
      before = await readReportDocument(cluster.db.url, reportId)
      leaseTaken = false
      armed = true
      await typeN(a, ENTRIES * 2)
      await waitUntil(
        () => leaseTaken,
        () => `no compaction took the lease ${leaseKey} after ${a.typed.length} updates (COMPACT_STREAM_ENTRIES=${ENTRIES}; lease events seen: ${events.join(',') || 'none'})`,
        10_000,
      )
      armed = false
      let now: StoredDocument | null = null
      await waitUntil(
        async () => (now = await readReportDocument(cluster.db.url, reportId)) !== null && now.fenceIssued > (before?.fenceIssued ?? 0),
        `A has its fence after taking the lease (fence_issued was ${before?.fenceIssued ?? 'no row'})`,
        5_000,
        5,
      )
      A.proc.kill('SIGSTOP')
      await waitUntil(async () => (await redis.exists(leaseKey)) === 0, `A's lease ${leaseKey} expires while A is frozen`, LEASE_MS * 20, 20)
      frozen = await readReportDocument(cluster.db.url, reportId)
      if (frozen && frozen.fence === fenceOf(before) && frozen.streamId === before?.streamId) break
      expect(attempt, `A wrote its snapshot before SIGSTOP in ${ATTEMPTS} attempts`).toBeLessThan(ATTEMPTS)
      A.proc.kill('SIGCONT')
      await waitUntil(async () => (await fetch(`${A.url}/api/health`)).ok, 'A answers after SIGCONT')
    }
    const staleFence = frozen!.fenceIssued
    const markersBeforePause = [...a.acked]

    // B opens the report (PostgreSQL + the stream A left) and writes past the threshold: it compacts with a newer fence.
    const b = new MarkerClient(B.wsUrl, reportId, admin.token!, 'b')
    clients.push(b)
    await b.waitSynced()
    expect(missingFrom(b.bodyText(), markersBeforePause), 'B joined with every marker acknowledged by A').toEqual([])
    b.addParagraph()
    await typeN(b, ENTRIES * 2)
    await acked(b, 'b while A is paused')
    let byB: StoredDocument | null = null
    await waitUntil(
      async () => fenceOf((byB = await readReportDocument(cluster.db.url, reportId))) > staleFence,
      () => `B did not compact while A was frozen (fence ${fenceOf(byB)}, A's fence ${staleFence})`,
      10_000,
      50,
    )
    const inB = textOfState(byB!.state)
    const bSnapshotMarkers = [...a.typed, ...b.typed].filter((m) => inB.includes(m))
    expect(missingFrom(inB, markersBeforePause), "B's snapshot holds A's acknowledged markers").toEqual([])
    expect(A.proc.signalCode, 'A is still alive').toBeNull()

    // A wakes up and finishes the compaction it was paused in.
    A.proc.kill('SIGCONT')
    await waitUntil(async () => (await fetch(`${A.url}/api/health`)).ok, 'A answers after SIGCONT')
    await waitUntil(
      () => /snapshot was refused/.test(A.output()),
      () => `A does not say its stale snapshot (fence ${staleFence}) was refused; it printed:\n${A.output().slice(-1500)}`,
      PAUSE_BEFORE_WRITE_MS + 5_000,
      20,
    )
    const afterA = await readReportDocument(cluster.db.url, reportId)
    expect(fenceOf(afterA), 'the fence in PostgreSQL never goes back').toBeGreaterThanOrEqual(fenceOf(byB))
    expect(missingFrom(textOfState(afterA!.state), bSnapshotMarkers), "PostgreSQL still holds B's snapshot").toEqual([])

    // Nothing lost: both go on typing; the stream stays bounded meanwhile. A still waits
    // PAUSE_BEFORE_WRITE_MS in each compaction it runs: while it holds the lease (LEASE_MS, longer than
    // all ten rounds take) nobody else compacts and the rounds' appends pile up. So after each round the
    // stream must come back under the bound (a compaction once that lease is gone), not be under it at
    // every instant.
    const bound = ENTRIES * 3
    let maxLength = 0
    for (let round = 0; round < 10; round++) {
      await Promise.all([typeN(a, 10), typeN(b, 10)])
      await Promise.all([acked(a), acked(b)])
      let length = await streamLength(redis, cluster.prefix, reportId)
      maxLength = Math.max(maxLength, length)
      await waitUntil(
        async () => (length = await streamLength(redis, cluster.prefix, reportId)) <= bound,
        () => `round ${round}: the stream stays at ${length} entries (COMPACT_STREAM_ENTRIES=${ENTRIES})`,
        PAUSE_BEFORE_WRITE_MS + 5_000,
        20,
      )
    }
    const typed = [...a.typed, ...b.typed]
    await waitUntil(
      () => new Set(bodiesOf([a, b])).size === 1 && missingFrom(a.bodyText(), typed).length === 0,
      () => `a and b did not converge: a misses ${missingFrom(a.bodyText(), typed).length}, b misses ${missingFrom(b.bodyText(), typed).length}`,
      10_000,
    )
    console.log(`paused compactor: caught on attempt ${attempt}; A's fence ${staleFence}, B's ${fenceOf(byB)}, in PostgreSQL after A woke ${fenceOf(afterA)}; stream at most ${maxLength} entries right after a round`)

    // Even with every process killed, a restarted one serves everything.
    for (const c of [a, b]) c.destroy()
    await Promise.all(cluster.servers.map((_, i) => cluster.kill(i)))
    const back = await cluster.restart(2)
    const text = await servedText(new Api(back.url, admin.token), reportId)
    expect(missingFrom(text, typed), 'markers missing after kill -9 of every process').toEqual([])
  })
})
