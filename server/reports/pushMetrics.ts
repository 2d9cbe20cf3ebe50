/**
 * Metric values pushed by a system (PUT …/metrics), written into the live
 * document by the server as its own Yjs peer (an AttributedOrigin of source
 * PUSH_ORIGIN naming the token or the user, for the cell history): every open
 * editor sees them at once and the KPIs recompute as after any edit. One push
 * is one transaction; a field that already holds the value sent is not
 * written, so the same push twice makes no update the second time. Rows are
 * found by key (the first row of a key, as the KPIs read it); keys no row has
 * are refused (400 `unknown_metrics`, all of them named) unless
 * `createMissing`, which appends new rows to the first metrics table. Every
 * value is checked against the metric row's attribute schema (the same gate
 * as an editor's write) before anything is written.
 */
import * as Y from 'yjs'
import type { MetricsPush, MetricsPushResult, PushedMetric } from '@schema/api/metricsApi'
import { metricRowAttributes } from '@schema/blocks/metricsTable/MetricRow'
import { newBlockId } from '@schema/blockId'
import { attrString } from '@schema/nodes/readAttribute'
import { BODY_FIELD } from '@schema/reportSchema'
import type { ChangeAuthor } from '@schema/api/cellHistoryApi'
import { AttributedOrigin } from '../collab/AttributedOrigin'
import type { Room } from '../collab/Room'
import { AppError, badRequest } from '../errors'

/** The source of the transaction origin of pushed metric values (AttributedOrigin). */
export const PUSH_ORIGIN = 'server:push'

/** The fields a push may set. */
const PUSHED_FIELDS = ['name', 'unit', 'current', 'previous', 'target', 'source'] as const
type PushedField = (typeof PUSHED_FIELDS)[number]

/** A value as stored: text as typed (a number spelled out), or null for an empty field. */
function storedValue(value: string | number | null): string | null {
  if (value === null) return null
  const text = typeof value === 'number' ? String(value) : value
  return text === '' ? null : text
}

/** The fields a metric sets (absent ones are left as they are), each checked against the row's schema. */
function valuesOf(metric: PushedMetric, problems: { path: string; message: string }[], index: number): [PushedField, string | null][] {
  const out: [PushedField, string | null][] = []
  for (const field of PUSHED_FIELDS) {
    const given = metric[field]
    if (given === undefined) continue
    const value = storedValue(given)
    const checked = metricRowAttributes.shape[field].safeParse(value)
    if (!checked.success) problems.push({ path: `metrics.${index}.${field}`, message: checked.error.issues[0]?.message ?? 'refused' })
    else out.push([field, value])
  }
  return out
}

/** Metric rows by key (the first of each key) and the first metrics table, in document order. */
function metricRowsOf(fragment: Y.XmlFragment): { rows: Map<string, Y.XmlElement>; firstTable: Y.XmlElement | undefined } {
  const rows = new Map<string, Y.XmlElement>()
  let firstTable: Y.XmlElement | undefined
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && (n.nodeName === 'metricRow' || n.nodeName === 'metricsTable'))) {
    const el = node as Y.XmlElement
    if (el.nodeName === 'metricsTable') {
      firstTable ??= el
      continue
    }
    const key = attrString(el.getAttribute('key') as unknown)
    if (key !== null && !rows.has(key)) rows.set(key, el)
  }
  return { rows, firstTable }
}

/**
 * Applies a push to the room's live document (one transaction, none when
 * nothing changes), attributed to `author` (the API token, or the user of a
 * session push).
 */
export function pushMetrics(room: Room, reportId: string, push: MetricsPush, author: ChangeAuthor): MetricsPushResult {
  const fragment = room.doc.getXmlFragment(BODY_FIELD)
  const { rows, firstTable } = metricRowsOf(fragment)
  const unknown = push.metrics.filter((m) => !rows.has(m.key)).map((m) => m.key)
  if (unknown.length > 0 && !push.createMissing) {
    throw new AppError(400, 'unknown_metrics', `No metric row has these keys: ${unknown.join(', ')} (send createMissing: true to add them).`, { keys: unknown })
  }
  if (unknown.length > 0 && !firstTable) throw new AppError(400, 'no_metrics_table', 'The report has no metrics table to add the new metrics to.', { keys: unknown })

  const problems: { path: string; message: string }[] = []
  const writes: { el: Y.XmlElement; set: [PushedField, string | null][] }[] = []
  const creates: { key: string; set: [PushedField, string | null][] }[] = []
  const result: MetricsPushResult = { reportId, updated: [], created: [], unchanged: [] }
  push.metrics.forEach((metric, index) => {
    const values = valuesOf(metric, problems, index)
    const row = rows.get(metric.key)
    if (!row) {
      const key = metricRowAttributes.shape.key.safeParse(metric.key)
      if (!key.success) problems.push({ path: `metrics.${index}.key`, message: key.error.issues[0]?.message ?? 'refused' })
      creates.push({ key: metric.key, set: values.filter(([, v]) => v !== null) })
      result.created.push(metric.key)
      return
    }
    const changed = values.filter(([field, value]) => attrString(row.getAttribute(field) as unknown) !== value)
    if (changed.length === 0) result.unchanged.push(metric.key)
    else {
      writes.push({ el: row, set: changed })
      result.updated.push(metric.key)
    }
  })
  if (problems.length > 0) {
    throw badRequest(`Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems)
  }
  if (writes.length === 0 && creates.length === 0) return result
  room.doc.transact(() => {
    for (const { el, set } of writes) {
      for (const [field, value] of set) {
        if (value === null) el.removeAttribute(field)
        else el.setAttribute(field, value)
      }
    }
    for (const { key, set } of creates) {
      const el = new Y.XmlElement('metricRow')
      // As a new row of the editor (metricRowJson): a new id, `higher` is better unless told.
      el.setAttribute('id', newBlockId())
      el.setAttribute('key', key)
      el.setAttribute('direction', 'higher')
      for (const [field, value] of set) el.setAttribute(field, value!)
      firstTable!.push([el])
    }
  }, new AttributedOrigin(PUSH_ORIGIN, author))
  return result
}
