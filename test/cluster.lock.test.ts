/**
 * Cluster mode, the lock binds every process at once: a report published
 * through process A refuses a write from a y-websocket writer connected to
 * process B right after the publish answered (told `locked`, nothing stored,
 * nothing relayed to a reader on process C); unlocked through B, a writer
 * connected to A is acknowledged and every process serves the new text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { MarkerClient, servedText } from './helpers/clusterClients'
import { pmJsonOf, pmText } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { waitUntil } from './helpers/wait'

let cluster: TestCluster
const clients: MarkerClient[] = []
const raw: RawClient[] = []

beforeAll(async () => {
  cluster = await startCluster({ processes: 3 })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const r of raw) await r.end()
  await cluster?.cleanup()
})

describe('cluster: publish through A, write through B', () => {
  it('B refuses at once and says `locked`; unlocked through B, A accepts writes', async () => {
    const [A, B, C] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0], (typeof cluster.servers)[0]]
    const adminA = await Api.login(A.url)
    const adminB = new Api(B.url, adminA.token)
    const reportId = await adminA.createReport('Cluster lock', '2026-10')
    const writer = await adminA.createUser('cluster-writer')
    await adminA.setRole(reportId, writer.id, 'editor')
    expect((await adminA.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-10'))).status).toBe(200)

    const onB = new MarkerClient(B.wsUrl, reportId, writer.api.token!, 'wb')
    clients.push(onB)
    await onB.waitSynced()
    onB.addParagraph()
    onB.type()
    await waitUntil(() => onB.ackedCount === 1, 'the writer on B is acknowledged before the publish')
    const reader = RawClient.connect(C.wsUrl, reportId, { token: adminA.token })
    raw.push(reader)
    await reader.waitSynced()
    await waitUntil(() => pmText(pmJsonOf(reader.doc)).includes(onB.typed[0]!), 'the reader on C sees the first marker')

    const published = await adminA.call('POST', `/api/reports/${reportId}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const before = await servedText(adminB, reportId)

    // Right after the publish answered: no waiting for B to hear of it.
    const refusedAt = performance.now()
    const marker = onB.type()
    await waitUntil(() => onB.notSaved.includes('locked'), () => `the writer on B told "locked" (told: ${JSON.stringify(onB.notSaved)})`, 2_000, 5)
    console.log(`cluster lock: writer on B told "locked" ${Math.round(performance.now() - refusedAt)} ms after its write`)
    expect(onB.ackedCount, 'the refused write is not acknowledged').toBe(1)
    await waitUntil(
      () => onB.events.some((e) => e.type === 'status' && e.status === 'published'),
      'the writer on B receives the published status',
    )
    // Nothing stored, nothing relayed: every process serves the text of before; C's reader did not get the marker.
    await reader.roundTrip()
    expect(pmText(pmJsonOf(reader.doc))).not.toContain(marker)
    for (const [i, s] of cluster.servers.entries()) {
      const text = await servedText(new Api(s.url, adminA.token), reportId)
      expect(text, `process #${i} serves the published text`).toBe(before)
    }
    expect((await adminB.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-10'))).status, 'REST write through B').toBe(423)

    // Unlock through B; a writer on A is acknowledged and everybody serves its text.
    const unlocked = await adminB.call('POST', `/api/reports/${reportId}/unlock`, { reason: '集群测试' })
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200)
    const onA = new MarkerClient(A.wsUrl, reportId, writer.api.token!, 'wa')
    clients.push(onA)
    await onA.waitSynced()
    onA.addParagraph()
    const amended = onA.type()
    await waitUntil(() => onA.ackedCount === 1, () => `the writer on A is acknowledged after the unlock (told: ${JSON.stringify(onA.notSaved)})`, 5_000)
    expect(onA.notSaved).toEqual([])
    for (const [i, s] of cluster.servers.entries()) {
      await waitUntil(async () => (await servedText(new Api(s.url, adminA.token), reportId)).includes(amended), `process #${i} serves the amendment`, 5_000, 50)
    }
    await waitUntil(() => pmText(pmJsonOf(reader.doc)).includes(amended), "C's reader receives the amendment")
    await waitUntil(
      () => onB.events.some((e) => e.type === 'status' && e.status === 'draft'),
      'the writer on B hears of the unlock',
    )
  })
})
