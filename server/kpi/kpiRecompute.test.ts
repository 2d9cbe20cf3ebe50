import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { blockDefinitions } from '@schema/blocks/blockRegistry'
import { doc, kpi, metric, metrics, p, section, trend } from '@schema/docBuilder'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { Room } from '../collab/Room'
import { RoomPersistence } from '../collab/RoomPersistence'
import type { DocHandle } from '../storage/DocStore'
import { kpiRecompute } from './kpiRecompute'

const handle: DocHandle = {
  state: new Uint8Array([0, 0]),
  logBytes: 0,
  append: async () => {},
  compact: async () => {},
  idle: async () => {},
  close: async () => {},
}

function setup(options: { debounceMs: number; maxWaitMs?: number }) {
  const ydoc = prosemirrorJSONToYDoc(
    reportSchema,
    doc(section('data_statistics', '数据统计', p('正文'), metrics(metric({ key: 'fcr', name: '一次解决率', current: '90', target: '92' })), kpi(), trend({ metricKey: 'fcr' }))),
    BODY_FIELD,
  )
  const hook = kpiRecompute({ ...options, reportInfo: () => ({ period: '2026-11', locale: 'zh-CN', series: 's' }) })
  const room = new Room('rtest', ydoc, [hook], () => new RoomPersistence(handle, ydoc, { compactLogBytes: 1e9, retryMs: 10, onDurable: () => {}, onFailed: () => {} }))
  room.loaded()
  const fragment = ydoc.getXmlFragment(BODY_FIELD)
  const walk = (name: string) => [...fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)] as Y.XmlElement[]
  return { room, ydoc, hook, walk, row: walk('metricRow')[0]!, text: walk('paragraph')[0]!.get(0) as Y.XmlText }
}

describe('server-computed blocks', () => {
  it('are the KPI card and the trend chart, each writing its own values', () => {
    expect(blockDefinitions.filter((d) => d.serverValues).map((d) => [d.name, d.serverValues!.attribute])).toEqual([
      ['kpiBlock', 'values'],
      ['trendChart', 'series'],
    ])
    const { walk, ydoc, row, hook, room } = setup({ debounceMs: 100 })
    const series = () => JSON.parse(walk('trendChart')[0]!.getAttribute('series') as string) as { name: string; points: { value: number; draft: boolean }[] }
    expect(series()).toMatchObject({ name: '一次解决率', points: [{ value: 90, draft: true }] })
    expect(JSON.parse(walk('kpiBlock')[0]!.getAttribute('values') as string)).not.toHaveLength(0)
    ydoc.transact(() => row.setAttribute('current', '93'), 'client')
    ydoc.transact(() => walk('trendChart')[0]!.setAttribute('series', '{}'), 'client')
    hook.flush(room)
    expect(series().points[0]!.value).toBe(93)
    expect(room.stats.kpiForgeries).toBe(1)
  })
})

describe('kpiRecompute scheduling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('recomputes after an attribute change, once per burst, but not for typing', () => {
    const { room, ydoc, row, text } = setup({ debounceMs: 100 })
    const afterLoad = room.stats.kpiRecomputes
    for (let i = 0; i < 20; i++) ydoc.transact(() => text.insert(0, 'x'), 'client')
    vi.advanceTimersByTime(500)
    expect(room.stats.kpiRecomputes).toBe(afterLoad) // typing: nothing scheduled

    for (let i = 0; i < 5; i++) {
      ydoc.transact(() => row.setAttribute('current', String(91 + i)), 'client')
      vi.advanceTimersByTime(30)
    }
    expect(room.stats.kpiRecomputes).toBe(afterLoad)
    vi.advanceTimersByTime(100)
    expect(room.stats.kpiRecomputes).toBe(afterLoad + 1)
    vi.advanceTimersByTime(1000)
    expect(room.stats.kpiRecomputes).toBe(afterLoad + 1) // its own write does not schedule another
  })

  it('does not let values lag more than maxWaitMs while changes keep coming', () => {
    const { room, ydoc, row } = setup({ debounceMs: 100, maxWaitMs: 250 })
    const afterLoad = room.stats.kpiRecomputes
    for (let i = 0; i < 30; i++) {
      ydoc.transact(() => row.setAttribute('current', String(80 + i)), 'client')
      vi.advanceTimersByTime(20) // never 100 ms of quiet
    }
    expect(room.stats.kpiRecomputes - afterLoad).toBeGreaterThanOrEqual(2)
    expect(room.stats.kpiRecomputes - afterLoad).toBeLessThanOrEqual(3)
  })
})
