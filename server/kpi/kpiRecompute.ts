/**
 * The server computes the KPI blocks embedded in the document, as a Yjs peer
 * of its own (origin KPI_ORIGIN).
 *
 * Every change to block attributes or structure (but the server's own, so it
 * never loops; and not plain typing, which no KPI reads) restarts a short
 * timer, at most maxWaitMs after the burst began; when it fires, the KPIs and
 * trend series are computed from the live document with the shared formulas
 * and written into each `kpiBlock` / `trendChart` whose values differ: one
 * recompute per burst of changes, however many people typed. A value a
 * client wrote into a KPI block differs from what the server wrote last, so
 * it is replaced at the next recompute and the attempt is logged.
 */
import * as Y from 'yjs'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { kpiScopePrefix } from '@schema/blocks/kpiBlock/kpiScopePrefix'
import { BODY_FIELD } from '@schema/reportSchema'
import { parseNumber } from '@schema/kpi/parseNumber'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { TrendPoint, TrendSeries } from '@schema/trend/TrendSeries'
import { roomBody } from '../collab/bodyToProseMirror'
import type { Room, RoomHooks } from '../collab/Room'
import { attrString } from '@schema/nodes/readAttribute'
import { runReportTask } from '../reports/runReportTask'

/** Transaction origin of the server's KPI writes. */
export const KPI_ORIGIN = 'server:kpi'

export interface ReportInfo {
  period: string
  locale: Locale
  series: string
}

/** Published points of one metric of a series before a period (SeriesHistory), as report `reportId`'s charts may show them. */
export type TrendHistory = (
  reportId: string,
  series: string,
  period: string,
  metricKey: string,
  months: number,
) => { points: TrendPoint[]; name: string | null; unit: string | null }

export interface KpiRecomputeOptions {
  /** Quiet time after the last change before recomputing (keep well under 500 ms). */
  debounceMs: number
  /**
   * Longest a change waits while people keep typing without a pause: the
   * values must not stay stale for the whole of a busy editing session.
   */
  maxWaitMs?: number
  /** The period, locale and series of a report, from the metadata. */
  reportInfo(reportId: string): ReportInfo | undefined
  /** Published history for trend charts; none when absent. */
  trendHistory?: TrendHistory
  /** False: only flush() (check, publish) computes; a diagnostics switch for the benchmark. Default true. */
  automatic?: boolean
  /** A published report (or one being published) is locked: nothing is recomputed into it but by its own publish. */
  isLocked?(reportId: string): boolean
}

function elements(fragment: Y.XmlFragment, name: string): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)) {
    out.push(node as Y.XmlElement)
  }
  return out
}

/** An attribute as text; never throws, whatever a stored document holds (readAttribute.ts). */
const attr = (el: Y.XmlElement, name: string): string | null => attrString(el.getAttribute(name) as unknown)

/** The trend chart's data: the published history plus this draft's own value, marked as draft. */
function trendSeries(
  room: Room,
  fragment: Y.XmlFragment,
  chart: Y.XmlElement,
  info: ReportInfo,
  history: TrendHistory | undefined,
): TrendSeries {
  const metricKey = attr(chart, 'metricKey') ?? ''
  const months = Math.max(1, Math.min(24, Number.parseInt(attr(chart, 'months') ?? '', 10) || 6))
  const past = metricKey && history ? history(room.id, info.series, info.period, metricKey, months) : { points: [], name: null, unit: null }
  const row = metricKey ? elements(fragment, 'metricRow').find((r) => attr(r, 'key') === metricKey) : undefined
  const points = [...past.points]
  if (row) {
    const current = attr(row, 'current')
    const parsed = parseNumber(current)
    points.push({ period: info.period, value: parsed.ok ? parsed.value : null, display: current ?? '—', draft: true, version: null })
  }
  return {
    metricKey,
    name: (row && attr(row, 'name')) ?? past.name ?? metricKey,
    unit: (row && attr(row, 'unit')) ?? past.unit ?? '',
    points,
  }
}

/**
 * Computes the report's KPIs and trend series, and writes changed values
 * into its KPI blocks and trend charts (one transaction, origin KPI_ORIGIN).
 */
export function recomputeKpis(
  room: Room,
  info: ReportInfo,
  lastWritten: Map<string, string>,
  history?: TrendHistory,
): void {
  const fragment = room.doc.getXmlFragment(BODY_FIELD)
  const blocks = elements(fragment, 'kpiBlock')
  const charts = elements(fragment, 'trendChart')
  room.stats.kpiRecomputes++
  const writes: [Y.XmlElement, Record<string, string>][] = []
  for (const chart of charts) {
    const json = JSON.stringify(trendSeries(room, fragment, chart, info, history))
    const id = attr(chart, 'id') ?? ''
    const stored = attr(chart, 'series') ?? undefined
    noteForgery(room, id, stored, lastWritten)
    if (stored !== json) writes.push([chart, { series: json }])
    else lastWritten.set(id, json)
  }
  if (blocks.length > 0) writes.push(...kpiWrites(room, fragment, blocks, info, lastWritten))
  if (writes.length === 0) return
  room.doc.transact(() => {
    for (const [el, attrs] of writes) {
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
      lastWritten.set(attr(el, 'id') ?? '', attrs.values ?? attrs.series!)
    }
  }, KPI_ORIGIN)
}

/** A server-written value that changed since the server wrote it was written by a client. */
function noteForgery(room: Room, id: string, stored: string | undefined, lastWritten: Map<string, string>): void {
  const mine = lastWritten.get(id)
  if (mine !== undefined && stored !== mine) {
    room.stats.kpiForgeries++
    console.warn(`[kpi] report ${room.id}: computed block ${id} was written by a client; replaced by the server's values`)
  }
}

function kpiWrites(
  room: Room,
  fragment: Y.XmlFragment,
  blocks: Y.XmlElement[],
  info: ReportInfo,
  lastWritten: Map<string, string>,
): [Y.XmlElement, Record<string, string>][] {
  const values = computeReportKpis(roomBody(room), info.period, info.locale)
  const computedAt = new Date().toISOString()
  const writes: [Y.XmlElement, Record<string, string>][] = []
  for (const el of blocks) {
    const scope = attr(el, 'scope') ?? 'summary'
    const prefix = kpiScopePrefix(scope)
    const json = JSON.stringify(values.filter((v) => v.key.startsWith(prefix)).map((v) => ({ ...v, computedAt })))
    const stored = attr(el, 'values') ?? undefined
    const id = attr(el, 'id') ?? ''
    noteForgery(room, id, stored, lastWritten)
    const withoutTime = (s: string | undefined) => s?.replace(/"computedAt":"[^"]*"/g, '')
    if (withoutTime(stored) !== withoutTime(json)) writes.push([el, { values: json, computedAt }])
    else if (stored !== undefined) lastWritten.set(id, stored)
  }
  return writes
}

/** Why the values are recomputed on demand: a check (never into a locked report) or the publish that holds the lock. */
export type FlushReason = 'check' | 'publish'

export function kpiRecompute(options: KpiRecomputeOptions): RoomHooks & { flush(room: Room, reason?: FlushReason): void } {
  const timers = new Map<Room, NodeJS.Timeout>()
  const written = new Map<Room, Map<string, string>>()
  /** When the first change of the current burst came (for maxWaitMs). */
  const burstStart = new Map<Room, number>()
  const observers = new Map<Room, () => void>()
  /** Debounced, but never later than maxWaitMs after the first change of a burst. */
  const schedule = (room: Room) => {
    clearTimeout(timers.get(room))
    const now = Date.now()
    if (!burstStart.has(room)) burstStart.set(room, now)
    const waited = now - burstStart.get(room)!
    const delay = Math.max(0, Math.min(options.debounceMs, (options.maxWaitMs ?? Infinity) - waited))
    const timer = setTimeout(() => {
      timers.delete(room)
      burstStart.delete(room)
      runReportTask(room.id, 'kpi', () => run(room, 'auto'))
    }, delay)
    timer.unref()
    timers.set(room, timer)
  }
  /**
   * `auto`: a timer, a load or a close; `check`: a pre-publish check asked
   * for fresh values; `publish`: the publish of this draft, which holds its
   * lock, computes the values it freezes. A frozen (published) document is
   * never written, whoever asks: its values are the ones it was published with.
   */
  const run = (room: Room, reason: FlushReason | 'auto') => {
    const info = options.reportInfo(room.id)
    if (!info || room.frozen()) return
    if (reason === 'auto' && options.automatic === false) return
    if (reason !== 'publish' && options.isLocked?.(room.id)) return
    let lastWritten = written.get(room)
    if (!lastWritten) written.set(room, (lastWritten = new Map()))
    recomputeKpis(room, info, lastWritten, options.trendHistory)
  }
  return {
    /**
     * Recomputes now, cancelling a pending timer (before a check or a
     * publish). Writes nothing into a locked report, but for the publish
     * that holds the lock of a draft.
     */
    flush(room: Room, reason: FlushReason = 'check'): void {
      clearTimeout(timers.get(room))
      timers.delete(room)
      burstStart.delete(room)
      run(room, reason)
    },
    onLoad: ({ room }) => {
      run(room, 'auto')
      // KPIs and trends read block attributes only, never text: typing inside a
      // paragraph (a Y.XmlText event) cannot change them and schedules nothing.
      // Attribute and structure changes (a field edited, a block added or
      // removed, a client writing a computed value) do.
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction) => {
        if (txn.origin === KPI_ORIGIN) return
        if (events.some((e) => !(e.target instanceof Y.XmlText))) runReportTask(room.id, 'kpi', () => schedule(room))
      }
      const fragment = room.doc.getXmlFragment(BODY_FIELD)
      fragment.observeDeep(observer)
      observers.set(room, () => fragment.unobserveDeep(observer))
    },
    onClose: ({ room }) => {
      const timer = timers.get(room)
      burstStart.delete(room)
      if (timer) {
        clearTimeout(timer)
        timers.delete(room)
        run(room, 'auto') // before the last save, so the stored values are current
      }
      written.delete(room)
      observers.get(room)?.()
      observers.delete(room)
    },
  }
}
