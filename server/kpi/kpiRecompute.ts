/**
 * The server computes the KPI blocks embedded in the document, as a Yjs peer
 * of its own (origin KPI_ORIGIN).
 *
 * Every change to block attributes or structure (but the server's own, so it
 * never loops; and not plain typing, which no KPI reads) restarts a short
 * timer, at most maxWaitMs after the burst began; when it fires, the KPIs and
 * trend series are computed from the live document with the shared formulas
 * and written into each block with server values (`serverValues` of its
 * definition: KPI cards, trend charts) whose values differ: one
 * recompute per burst of changes, however many people typed. A value a
 * client wrote into a KPI block differs from what the server wrote last, so
 * it is replaced at the next recompute and the attempt is logged.
 */
import * as Y from 'yjs'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { blockDefinition } from '@schema/blocks/blockRegistry'
import type { BlockServerValues, ServerReport } from '@schema/blocks/BlockServerValues'
import { indexDoc } from '@schema/docIndex/indexDoc'
import { BODY_FIELD } from '@schema/reportSchema'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { TrendPoint } from '@schema/trend/TrendSeries'
import { readReport } from '../collab/readReport'
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
  /**
   * Cluster mode: whether this process does the report's automatic recompute
   * (it holds the report's work lease); the others leave it to that one. A
   * check or a publish computes wherever it runs. Absent: always.
   */
  runsHere?(reportId: string): boolean
}

/** An attribute as text; never throws, whatever a stored document holds (readAttribute.ts). */
const attr = (el: Y.XmlElement, name: string): string | null => attrString(el.getAttribute(name) as unknown)

/** The elements of the body that hold server-computed values (their definition's `serverValues`), in document order. */
function computedBlocks(fragment: Y.XmlFragment): [Y.XmlElement, BlockServerValues][] {
  const out: [Y.XmlElement, BlockServerValues][] = []
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && !!blockDefinition(n.nodeName)?.serverValues)) {
    const el = node as Y.XmlElement
    out.push([el, blockDefinition(el.nodeName)!.serverValues!])
  }
  return out
}

/** What the blocks compute their values from; the body, the KPIs and the index are built on first use. */
function serverReport(room: Room, info: ReportInfo, history: TrendHistory | undefined): ServerReport {
  const once = <T>(make: () => T): (() => T) => {
    let made: { value: T } | undefined
    return () => (made ??= { value: make() }).value
  }
  // The body as read once for this version of the document (shared with the check, snapshots, REST).
  const body = once(() => readReport(room).node)
  return {
    period: info.period,
    locale: info.locale,
    computedAt: new Date().toISOString(),
    kpis: once(() => computeReportKpis(body(), info.period, info.locale)),
    index: once(() => indexDoc(body())),
    history: (metricKey, months) => history?.(room.id, info.series, info.period, metricKey, months) ?? { points: [], name: null, unit: null },
  }
}

/**
 * Computes the values of the report's server-computed blocks (KPI cards,
 * trend charts) and writes those that changed (one transaction, origin KPI_ORIGIN).
 */
export function recomputeKpis(
  room: Room,
  info: ReportInfo,
  lastWritten: Map<string, string>,
  history?: TrendHistory,
): void {
  const fragment = room.doc.getXmlFragment(BODY_FIELD)
  const report = serverReport(room, info, history)
  room.stats.kpiRecomputes++
  const writes: [Y.XmlElement, string, Record<string, string>][] = []
  for (const [el, values] of computedBlocks(fragment)) {
    const computed = values.compute((name) => attr(el, name), report)
    const json = computed[values.attribute]!
    const id = attr(el, 'id') ?? ''
    const stored = attr(el, values.attribute) ?? undefined
    noteForgery(room, id, stored, lastWritten)
    if (stored === undefined || !(values.same ?? sameString)(stored, json)) writes.push([el, json, computed])
    else lastWritten.set(id, stored)
  }
  if (writes.length === 0) return
  room.doc.transact(() => {
    for (const [el, json, attrs] of writes) {
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
      lastWritten.set(attr(el, 'id') ?? '', json)
    }
  }, KPI_ORIGIN)
}

const sameString = (stored: string, computed: string): boolean => stored === computed

/** A server-written value that changed since the server wrote it was written by a client. */
function noteForgery(room: Room, id: string, stored: string | undefined, lastWritten: Map<string, string>): void {
  const mine = lastWritten.get(id)
  if (mine !== undefined && stored !== mine) {
    room.stats.kpiForgeries++
    console.warn(`[kpi] report ${room.id}: computed block ${id} was written by a client; replaced by the server's values`)
  }
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
    if (reason === 'auto' && options.runsHere && !options.runsHere(room.id)) return
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
