import type { Node as PMNode } from '@tiptap/pm/model'
import type { CheckProblem } from '@schema/check/CheckProblem'
import { checkReport } from '@schema/check/checkReport'
import { templates } from '@schema/templates/templates'
import type { Locale } from '@schema/templates/ReportTemplate'
import { readReport } from '../collab/readReport'
import type { Room } from '../collab/Room'
import type { FlushReason } from '../kpi/kpiRecompute'
import type { ReportRecord } from '../meta/MetaStore'

/** Open comment threads of a report (the comment store); each one is a check problem. */
export type OpenThreads = (reportId: string) => Promise<{ id: string; blockId?: string | null }[]>

/**
 * Runs the pre-publish check on a report's live document. Pending KPI
 * recomputes are flushed first, so "KPI stale" means stale, not "the
 * debounce has not fired yet" (into a draft only: a locked report is
 * checked as it is, never written; `publish` is the publish holding the lock).
 * The messages are in `locale`: the reader's UI language for the editor's checklist.
 */
export async function checkLiveReport(
  room: Room,
  report: ReportRecord,
  deps: { flushKpis(room: Room, reason?: FlushReason): void; openThreads?: OpenThreads },
  reason: FlushReason = 'check',
  /** The language of the messages; the report's own when absent (publish refusals, exports). */
  locale: Locale = report.locale,
): Promise<{ doc: PMNode; problems: CheckProblem[] }> {
  const openThreads = (await deps.openThreads?.(report.id)) ?? []
  deps.flushKpis(room, reason)
  const doc = readReport(room).node
  const template = templates[report.template]!
  const problems = checkReport(doc, { template, locale, period: report.period, openThreads })
  return { doc, problems }
}
