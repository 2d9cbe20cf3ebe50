/**
 * The room hook that keeps the history of every metric row's fields: who
 * changed which field of which row, when, from what to what.
 *
 * It observes the body (BODY_FIELD) and records, per transaction made by
 * someone (changeAuthor.ts: an editor's connection, a push with its token or
 * session; nothing else is recorded):
 *   - each field (METRIC_FIELDS: key, name, unit, current, previous,
 *     target, direction, source, definition, note) of an existing metricRow
 *     whose value changed, from its old value to its new one (null: empty);
 *   - each field of a metricRow added to a metrics table, from null (a row
 *     pasted, pushed with createMissing, or moved by drag and drop: a move
 *     is a delete and an insert in the document).
 * Not recorded: rows inside a whole metrics table inserted at once (the
 * table is new, its rows' insert is not an event of their own), deletions.
 *
 * Nothing happens on the typing path: text changes (Y.XmlText events) are
 * skipped before any work, and transactions no one made (REMOTE_ORIGIN,
 * KPI_ORIGIN, quarantine) before the events are looked at. Entries are only
 * collected in the observer; they are handed to the store in one batch per
 * tick (queueMicrotask), after the transaction.
 */
import * as Y from 'yjs'
import type { ChangeAuthor } from '@schema/api/cellHistoryApi'
import { METRIC_FIELDS } from '@schema/blocks/metricsTable/MetricRow'
import { attrString } from '@schema/nodes/readAttribute'
import { BODY_FIELD } from '@schema/reportSchema'
import type { Room, RoomHooks } from '../collab/Room'
import type { CellHistoryEntry, CellHistoryStore } from './CellHistoryStore'
import { changeAuthor } from './changeAuthor'

const ROW = 'metricRow'
const TABLE = 'metricsTable'
/** The block id attribute (schema/nodes/dataAttributes.ts: blockIdAttribute). */
const BLOCK_ID = 'id'
const FIELDS: ReadonlySet<string> = new Set(Object.keys(METRIC_FIELDS))

export interface CellHistoryRecorder extends RoomHooks {
  store: CellHistoryStore
  /** Counters for tests and benchmarks: transactions looked at, entries handed to the store. */
  stats: { transactions: number; entries: number }
}

interface RoomState {
  unobserve(): void
  /** Entries of this tick, not yet handed to the store. */
  pending: CellHistoryEntry[] | null
}

export function cellHistoryRecorder(store: CellHistoryStore): CellHistoryRecorder {
  const rooms = new Map<Room, RoomState>()
  const stats = { transactions: 0, entries: 0 }

  const flush = (room: Room, state: RoomState) => {
    const entries = state.pending
    state.pending = null
    if (!entries || entries.length === 0) return
    stats.entries += entries.length
    store.append(room.id, entries).catch((err: unknown) => console.error(`[cell history] report ${room.id}: ${entries.length} changes not recorded:`, err))
  }

  const collect = (room: Room, state: RoomState, events: Y.YEvent<Y.AbstractType<unknown>>[], by: ChangeAuthor) => {
    let at: string | undefined
    const add = (blockId: string, field: string, from: string | null, to: string | null) => {
      at ??= new Date().toISOString()
      if (!state.pending) {
        state.pending = []
        queueMicrotask(() => flush(room, state))
      }
      state.pending.push({ at, by, blockId, field, from, to })
    }
    for (const event of events) {
      const target = event.target
      if (!(target instanceof Y.XmlElement)) continue // text (the typing path) and the body itself
      if (target.nodeName === ROW) {
        const blockId = attrString(target.getAttribute(BLOCK_ID) as unknown)
        if (blockId === null) continue
        for (const [key, { action, oldValue }] of event.keys) {
          if (!FIELDS.has(key)) continue
          const from = action === 'add' ? null : attrString(oldValue)
          const to = action === 'delete' ? null : attrString(target.getAttribute(key) as unknown)
          if (from !== to) add(blockId, key, from, to)
        }
      } else if (target.nodeName === TABLE) {
        for (const item of event.changes.added) {
          const row = item.content instanceof Y.ContentType ? item.content.type : null
          if (!(row instanceof Y.XmlElement) || row.nodeName !== ROW || item.deleted) continue
          const blockId = attrString(row.getAttribute(BLOCK_ID) as unknown)
          if (blockId === null) continue
          for (const [key, value] of Object.entries(row.getAttributes())) {
            const to = FIELDS.has(key) ? attrString(value) : null
            if (to !== null) add(blockId, key, null, to)
          }
        }
      }
    }
  }

  return {
    store,
    stats,
    onLoad: ({ room }) => {
      const state: RoomState = { unobserve: () => {}, pending: null }
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction) => {
        const by = changeAuthor(txn.origin)
        if (!by) return
        stats.transactions++
        collect(room, state, events, by)
      }
      const fragment = room.doc.getXmlFragment(BODY_FIELD)
      fragment.observeDeep(observer)
      state.unobserve = () => fragment.unobserveDeep(observer)
      rooms.set(room, state)
    },
    onClose: ({ room }) => {
      const state = rooms.get(room)
      if (!state) return
      rooms.delete(room)
      state.unobserve()
      flush(room, state) // the store's queue holds it; a shutdown waits for store.idle()
    },
  }
}
