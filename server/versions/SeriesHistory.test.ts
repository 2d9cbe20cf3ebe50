import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { doc, metric, metrics, section } from '@schema/docBuilder'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { FileVersionStore } from './FileVersionStore'
import { SeriesHistory } from './SeriesHistory'
import { canonicalJson, sha256Hex } from './canonicalJson'

const version = (reportId: string, period: string, fcr: string, publishedAt: string): PublishedVersion =>
  ({
    reportId,
    version: '1',
    period,
    series: 'team',
    publishedAt,
    content: doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', name: '一次解决率', current: fcr })))),
  }) as PublishedVersion

/**
 * Data from before the second publish of a month was refused (409) may hold
 * two published reports of one series and month: another team's, published
 * later, never takes the place of what the reader may read.
 */
describe('SeriesHistory', () => {
  const history = new SeriesHistory()
  history.record(version('rteam-aug', '2026-08', '81', '2026-09-01T00:00:00Z'))
  history.record(version('rteam-sep', '2026-09', '82', '2026-10-01T00:00:00Z'))
  history.record(version('rforged-sep', '2026-09', '1', '2026-10-02T00:00:00Z'))
  const team = (id: string) => id.startsWith('rteam')

  it('draws trends from the reports the reader may read only', () => {
    expect(history.points('team', '2026-10', 'fcr', 6, team).points.map((p) => [p.period, p.value])).toEqual([
      ['2026-08', 81],
      ['2026-09', 82],
    ])
    expect(history.points('team', '2026-10', 'fcr', 6, () => false).points).toEqual([])
    // `months` counts the months the reader has, not the months that exist.
    expect(history.points('team', '2026-10', 'fcr', 1, (id) => id === 'rteam-aug').points.map((p) => p.period)).toEqual(['2026-08'])
  })

  it('answers the published report of a month the reader may read, for carry-over', () => {
    expect(history.published('team', '2026-09', team)).toEqual({ reportId: 'rteam-sep', version: '1' })
    expect(history.published('team', '2026-09', () => true)).toEqual({ reportId: 'rforged-sep', version: '1' })
    expect(history.published('team', '2026-09', () => false)).toBeUndefined()
  })
})

describe('SeriesHistory following a version store', () => {
  it('records each version the store publishes, until stopped', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'series-history-'))
    try {
      const store = new FileVersionStore(dir)
      const history = new SeriesHistory()
      const stop = history.follow(store)
      const published = (reportId: string, period: string, fcr: string): PublishedVersion => {
        const v = version(reportId, period, fcr, `${period}-28T00:00:00.000Z`)
        return { ...v, revision: 0, publishedBy: { id: 'u', displayName: 'u' }, note: null, sha256: sha256Hex(canonicalJson(v.content)) }
      }
      await store.write(published('rteamaugaaaaaaaaaaaaa', '2026-08', '81'))
      expect(history.points('team', '2026-10', 'fcr', 6, () => true).points.map((p) => [p.period, p.value])).toEqual([['2026-08', 81]])
      stop()
      await store.write(published('rteamsepaaaaaaaaaaaaa', '2026-09', '82'))
      expect(history.published('team', '2026-09', () => true)).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
