import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { doc, kpi, metric, metrics, section } from '@schema/docBuilder'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { Room, type RoomHooks } from '../collab/Room'
import { RoomPersistence } from '../collab/RoomPersistence'
import { kpiRecompute } from '../kpi/kpiRecompute'
import type { DocHandle } from '../storage/DocStore'
import { reportTaskFaults, runReportTask } from './runReportTask'

const handle: DocHandle = {
  state: new Uint8Array([0, 0]),
  logBytes: 0,
  append: async () => {},
  compact: async () => {},
  idle: async () => {},
  close: async () => {},
}

/** A room with a metric row and a KPI block, and the given hooks. */
function room(id: string, hooks: RoomHooks[]) {
  const ydoc = prosemirrorJSONToYDoc(reportSchema, doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', current: '90', target: '92' })), kpi())), BODY_FIELD)
  const r = new Room(id, ydoc, hooks, () => new RoomPersistence(handle, ydoc, { compactLogBytes: 1e9, retryMs: 10, onDurable: () => {}, onFailed: () => {} }))
  const row = [...ydoc.getXmlFragment(BODY_FIELD).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')][0] as Y.XmlElement
  return { room: r, ydoc, row }
}

describe('runReportTask: one report\'s background fault stays its own', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    reportTaskFaults.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('catches what a task throws and what its promise rejects with, logged with the report id', async () => {
    runReportTask('r1', 'test', () => {
      throw new TypeError('Cannot convert object to primitive value')
    })
    runReportTask('r2', 'test', () => Promise.reject(new Error('later')))
    await vi.waitFor(() => expect(reportTaskFaults.get('r2')).toBe(1))
    expect(reportTaskFaults.get('r1')).toBe(1)
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('report r1'), expect.any(TypeError))
  })

  it('a KPI timer and room hooks that throw for one report leave the other report recomputing', () => {
    const kpis = kpiRecompute({
      debounceMs: 50,
      reportInfo: (id) => {
        if (id === 'rbroken' && broken) throw new TypeError('Cannot convert object to primitive value')
        return { period: '2026-11', locale: 'zh-CN', series: 's' }
      },
    })
    let broken = false
    const faulty: RoomHooks = {
      onLoad: ({ room: r }) => {
        if (r.id === 'rbroken') throw new Error('onLoad fault')
      },
      onChange: ({ room: r }) => {
        if (r.id === 'rbroken') throw new Error('onChange fault')
      },
      onClose: ({ room: r }) => {
        if (r.id === 'rbroken') throw new Error('onClose fault')
      },
    }
    const a = room('rbroken', [faulty, kpis])
    const b = room('rgood', [faulty, kpis])
    a.room.loaded()
    b.room.loaded()
    broken = true

    // The broken room's change is applied and relayed although its hooks throw.
    expect(() => a.ydoc.transact(() => a.row.setAttribute('current', '91'), 'client')).not.toThrow()
    b.ydoc.transact(() => b.row.setAttribute('current', '95'), 'client')
    const before = b.room.stats.kpiRecomputes
    expect(() => vi.advanceTimersByTime(100)).not.toThrow()
    expect(b.room.stats.kpiRecomputes).toBe(before + 1)
    expect(reportTaskFaults.get('rbroken')).toBeGreaterThanOrEqual(3) // onLoad, onChange, the KPI timer
    expect(reportTaskFaults.has('rgood')).toBe(false)
    expect(() => a.room.closing()).not.toThrow()
  })
})
