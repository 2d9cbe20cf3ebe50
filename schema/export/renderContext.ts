/**
 * What every export of a report body starts from: the input, the words of
 * its locale and the index of the whole report, and the document-level
 * parts they all show (the header's facts, the body without its title).
 */
import type { JSONContent } from '@tiptap/core'
import type { KpiValue } from '../kpi/computeReportKpis'
import { attrNumber } from '../nodes/readAttribute'
import type { Locale } from '../templates/ReportTemplate'
import { exportLabels, type ExportLabels } from './exportLabels'
import { formatTimestamp } from './formatTimestamp'
import { indexReport } from './indexReport'
import type { DocIndex } from '../docIndex/DocIndex'
import { children, textOf } from './reportJson'

export interface ReportRenderInput {
  /** The report body: ProseMirror JSON of schema/reportSchema (a PublishedVersion's `content`). */
  content: JSONContent
  title: string
  period: string
  locale: Locale
  /** "1", "1.1"…; null or absent for a draft. */
  version?: string | null
  publishedAt?: string | null
  publishedBy?: string | null
  /** The report's KPIs; shown by KPI blocks that hold no stored values. */
  kpis: KpiValue[]
  /** IANA zone every time is shown in (the instance's TIMEZONE); DEFAULT_TIME_ZONE when absent. */
  timeZone?: string
  /** Document schema version of `content` (schema/document/migrateDocument.ts), named in the export's head. */
  schemaVersion?: number
}

/** Shared by every renderer: what one render needs besides the node. */
export interface RenderContext {
  input: ReportRenderInput
  labels: ExportLabels
  index: DocIndex
}

export function renderContext(input: ReportRenderInput): RenderContext {
  return { input, labels: exportLabels(input.locale), index: indexReport(input.content) }
}

/** The body's top-level blocks without the leading title heading, when the header already shows that title. */
export function bodyBlocks(content: JSONContent, title: string): JSONContent[] {
  const blocks = children(content)
  const first = blocks[0]
  if (first?.type === 'heading' && attrNumber(first.attrs?.level) === 1 && textOf(first).trim() === title.trim()) return blocks.slice(1)
  return blocks
}

/** The header's facts, in order, as [label, value]. */
export function headerFacts(input: ReportRenderInput, labels: ExportLabels): [string, string][] {
  const facts: [string, string][] = [[labels.header.period, input.period]]
  facts.push([labels.header.version, input.version ? `v${input.version}` : labels.header.draft])
  if (input.publishedBy) facts.push([labels.header.publishedBy, input.publishedBy])
  if (input.publishedAt) facts.push([labels.header.publishedAt, formatTimestamp(input.publishedAt, input)])
  return facts
}
