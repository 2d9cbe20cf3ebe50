/**
 * The recorder hook on a document of its own: which transactions it records
 * (an editor's, a push's; not another process's, the KPIs', a repair's),
 * what (each changed field of a metric row, the fields of an added row; no
 * text), and how (one append per tick, after the transactions).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FIELD } from '@schema/reportSchema'
import { AttributedOrigin } from '../collab/AttributedOrigin'
import { Connection } from '../collab/Connection'
import { REMOTE_ORIGIN, type Room } from '../collab/Room'
import { KPI_ORIGIN } from '../kpi/kpiRecompute'
import type { CellHistoryEntry, CellHistoryStore } from './CellHistoryStore'
import { cellHistoryRecorder } from './cellHistoryRecorder'

class MemoryStore implements CellHistoryStore {
  readonly appends: { reportId: string; entries: CellHistoryEntry[] }[] = []
  append(reportId: string, entries: readonly CellHistoryEntry[]): Promise<void> {
    this.appends.push({ reportId, entries: [...entries] })
    return Promise.resolve()
  }
  read(): Promise<never[]> {
    return Promise.resolve([])
  }
  idle(): Promise<void> {
    return Promise.resolve()
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
const socket = { send: () => {}, close: () => {} }
const li = new Connection(socket, { id: 'u-li', name: '李霞', color: '#000' })

function row(id: string, attrs: Record<string, string>): Y.XmlElement {
  const el = new Y.XmlElement('metricRow')
  el.setAttribute('id', id)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  return el
}

function setup() {
  const doc = new Y.Doc()
  const body = doc.getXmlFragment(BODY_FIELD)
  const table = new Y.XmlElement('metricsTable')
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('')
  paragraph.insert(0, [text])
  body.insert(0, [paragraph, table])
  table.insert(0, [row('b1', { key: 'revenue', current: '612', target: '600' })])
  const store = new MemoryStore()
  const recorder = cellHistoryRecorder(store)
  const room = { id: 'rreport', doc } as unknown as Room
  recorder.onLoad!({ room })
  const first = table.get(0) as Y.XmlElement
  return { doc, table, text, first, store, recorder, room }
}

const strip = (entries: CellHistoryEntry[]) => entries.map(({ by, blockId, field, from, to }) => ({ by: by.name, blockId, field, from, to }))

describe('cellHistoryRecorder', () => {
  it("records each changed field of an editor's transactions, one append per tick, after the transactions", async () => {
    const { doc, first, store } = setup()
    doc.transact(() => {
      first.setAttribute('current', '598')
      first.setAttribute('current', '599') // the transaction's net change
      first.setAttribute('target', '600') // unchanged
      first.removeAttribute('key')
    }, li)
    doc.transact(() => first.setAttribute('note', '含退款'), li)
    expect(store.appends).toEqual([]) // nothing during the transactions
    await tick()
    expect(store.appends).toHaveLength(1)
    expect(store.appends[0]!.reportId).toBe('rreport')
    expect(strip(store.appends[0]!.entries)).toEqual([
      { by: '李霞', blockId: 'b1', field: 'current', from: '612', to: '599' },
      { by: '李霞', blockId: 'b1', field: 'key', from: 'revenue', to: null },
      { by: '李霞', blockId: 'b1', field: 'note', from: null, to: '含退款' },
    ])
    expect(store.appends[0]!.entries[0]!.by).toEqual({ kind: 'user', id: 'u-li', name: '李霞' })
  })

  it("attributes a push's transaction to its token, and records the fields of the rows it adds", async () => {
    const { doc, table, first, store } = setup()
    const token = { kind: 'token' as const, id: 'tok1', name: 'BI 日报' }
    doc.transact(() => {
      first.setAttribute('current', '640')
      table.push([row('b2', { key: 'nps', current: '41' })])
    }, new AttributedOrigin('server:push', token))
    await tick()
    const entries = store.appends.flatMap((a) => a.entries)
    expect(entries.every((e) => e.by === token)).toBe(true)
    // Events of one transaction come in Yjs' order (not necessarily the order of the writes).
    expect(strip(entries).sort((x, y) => `${x.blockId}.${x.field}`.localeCompare(`${y.blockId}.${y.field}`))).toEqual([
      { by: 'BI 日报', blockId: 'b1', field: 'current', from: '612', to: '640' },
      { by: 'BI 日报', blockId: 'b2', field: 'current', from: null, to: '41' },
      { by: 'BI 日报', blockId: 'b2', field: 'key', from: null, to: 'nps' },
    ])
  })

  it('records nothing for text typed, nor for changes no one made here (another process, the KPIs, a repair)', async () => {
    const { doc, text, first, store, recorder } = setup()
    for (const ch of '本月收入') doc.transact(() => text.insert(text.length, ch), li)
    for (const origin of [REMOTE_ORIGIN, KPI_ORIGIN, null, 'server:quarantine']) doc.transact(() => first.setAttribute('current', String(Math.random())), origin)
    await tick()
    expect(store.appends).toEqual([])
    expect(recorder.stats.entries).toBe(0)
    // Only the typed text's transactions were looked at (and only their event targets).
    expect(recorder.stats.transactions).toBe(4)
  })

  it('stops with the room: what was collected is handed over, later changes are not recorded', async () => {
    const { doc, first, store, recorder, room } = setup()
    doc.transact(() => first.setAttribute('current', '1'), li)
    recorder.onClose!({ room })
    expect(store.appends).toHaveLength(1)
    doc.transact(() => first.setAttribute('current', '2'), li)
    await tick()
    expect(store.appends).toHaveLength(1)
  })
})
