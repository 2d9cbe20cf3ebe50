import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishableReport } from '../../test/helpers/publishableReport'
import { waitUntil } from '../../test/helpers/wait'
import { RoomManager } from '../collab/RoomManager'
import { kpiRecompute } from '../kpi/kpiRecompute'
import { FileMetaStore } from '../meta/FileMetaStore'
import { FileDocStore } from '../storage/FileDocStore'
import { createUser } from '../users/createUser'
import { SeriesHistory } from '../versions/SeriesHistory'
import { FileVersionStore } from '../versions/FileVersionStore'
import { createReport } from './createReport'
import { publishReport } from './publishReport'
import { ReportLocks } from './ReportLocks'

describe('publishReport', () => {
  it('keeps the report locked when the version is written but the metadata write fails, and records it once it can', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'publish-'))
    const meta = await FileMetaStore.open(dir)
    const store = new FileDocStore(dir)
    const versions = new FileVersionStore(dir)
    const locks = new ReportLocks(meta)
    const kpis = kpiRecompute({ debounceMs: 10, reportInfo: (id) => meta.report(id) })
    const rooms = new RoomManager(store, [kpis], { compactLogBytes: 1 << 20, unloadDelayMs: 10, retryMs: 10 })
    const owner = await createUser(meta, { username: 'owner', password: 'tall-river-481', displayName: '负责人' })
    const input = { title: '十月', period: '2026-10', series: 's', template: 'monthly-ops', locale: 'zh-CN' as const }
    const report = await createReport(meta, store, input, owner.id, { body: publishableReport('2026-10') })
    const deps = { meta, rooms, versions, locks, history: new SeriesHistory(), flushKpis: (room: Parameters<typeof kpis.flush>[0], reason?: Parameters<typeof kpis.flush>[1]) => kpis.flush(room, reason) }

    // The metadata write fails once (disk full), after the version file was written.
    const update = meta.update.bind(meta)
    let failures = 1
    meta.update = async (change) => {
      if (failures-- > 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
      return update(change)
    }
    await expect(publishReport(deps, report, owner, null)).rejects.toThrow(/ENOSPC/)
    expect(await versions.list(report.id)).toHaveLength(1)
    expect(meta.report(report.id)!.status).toBe('draft')
    expect(locks.isLocked(report.id)).toBe(true) // no edit may slip in after the frozen content

    // The retry records the publish once the metadata can be written.
    await waitUntil(() => meta.report(report.id)!.status === 'published' && !locks.isPublishing(report.id), 'the publish recorded by a retry', 5000)
    expect(meta.report(report.id)!.status).toBe('published')
    expect(meta.report(report.id)!.published?.version).toBe('1')
    expect(locks.isPublishing(report.id)).toBe(false)
    await rooms.shutdown()
  })
})
