/**
 * The server computes the KPI blocks embedded in the document, as a Yjs peer
 * of its own (origin KPI_ORIGIN).
 *
 * Every change (but the server's own, so it never loops) restarts a short
 * timer; when it fires, the KPIs are computed from the live document with
 * the shared formulas and written into each `kpiBlock` whose values differ:
 * one recompute per burst of changes, however many people typed. A value a
 * client wrote into a KPI block differs from what the server wrote last, so
 * it is replaced at the next recompute and the attempt is logged.
 */
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { Room, RoomHooks } from '../collab/Room'

/** Transaction origin of the server's KPI writes. */
export const KPI_ORIGIN = 'server:kpi'

export interface KpiRecomputeOptions {
  /** Quiet time after the last change before recomputing (keep well under 500 ms). */
  debounceMs: number
  /** The period and locale of a report, from the metadata. */
  reportInfo(reportId: string): { period: string; locale: Locale } | undefined
}

function kpiBlocks(fragment: Y.XmlFragment): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'kpiBlock')) {
    out.push(node as Y.XmlElement)
  }
  return out
}

/** Computes the report's KPIs and writes changed values into its KPI blocks. */
export function recomputeKpis(room: Room, info: { period: string; locale: Locale }, lastWritten: Map<string, string>): void {
  const fragment = room.doc.getXmlFragment(BODY_FIELD)
  const blocks = kpiBlocks(fragment)
  room.stats.kpiRecomputes++
  if (blocks.length === 0) return
  const values = computeReportKpis(yXmlFragmentToProseMirrorRootNode(fragment, reportSchema), info.period, info.locale)
  const computedAt = new Date().toISOString()
  const writes: [Y.XmlElement, string][] = []
  for (const el of blocks) {
    const scope = (el.getAttribute('scope') as string | undefined) ?? 'summary'
    const prefix = scope === 'summary' ? 'summary.' : `metric.${scope}.`
    const json = JSON.stringify(values.filter((v) => v.key.startsWith(prefix)).map((v) => ({ ...v, computedAt })))
    const stored = el.getAttribute('values') as string | undefined
    const id = (el.getAttribute('id') as string | undefined) ?? ''
    const mine = lastWritten.get(id)
    if (mine !== undefined && stored !== mine) {
      room.stats.kpiForgeries++
      console.warn(`[kpi] report ${room.id}: KPI block ${id} was written by a client; replaced by the server's values`)
    }
    const withoutTime = (s: string | undefined) => s?.replace(/"computedAt":"[^"]*"/g, '')
    if (withoutTime(stored) !== withoutTime(json)) writes.push([el, json])
    else if (stored !== undefined) lastWritten.set(id, stored)
  }
  if (writes.length === 0) return
  room.doc.transact(() => {
    for (const [el, json] of writes) {
      el.setAttribute('values', json)
      el.setAttribute('computedAt', computedAt)
      lastWritten.set((el.getAttribute('id') as string | undefined) ?? '', json)
    }
  }, KPI_ORIGIN)
}

export function kpiRecompute(options: KpiRecomputeOptions): RoomHooks {
  const timers = new Map<Room, NodeJS.Timeout>()
  const written = new Map<Room, Map<string, string>>()
  const run = (room: Room) => {
    const info = options.reportInfo(room.id)
    if (!info) return
    let lastWritten = written.get(room)
    if (!lastWritten) written.set(room, (lastWritten = new Map()))
    recomputeKpis(room, info, lastWritten)
  }
  return {
    onLoad: ({ room }) => run(room),
    onChange: ({ room, origin }) => {
      if (origin === KPI_ORIGIN) return
      clearTimeout(timers.get(room))
      const timer = setTimeout(() => {
        timers.delete(room)
        run(room)
      }, options.debounceMs)
      timer.unref()
      timers.set(room, timer)
    },
    onClose: ({ room }) => {
      const timer = timers.get(room)
      if (timer) {
        clearTimeout(timer)
        timers.delete(room)
        run(room) // before the last save, so the stored values are current
      }
      written.delete(room)
    },
  }
}
