import type { AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { ActionItem } from './nodes/ActionItem'
import { FeedbackSummary } from './nodes/FeedbackSummary'
import { FeedbackTheme } from './nodes/FeedbackTheme'
import { GoalBlock } from './nodes/GoalBlock'
import { IssueBlock } from './nodes/IssueBlock'
import { KpiBlock } from './nodes/KpiBlock'
import { MetricRow } from './nodes/MetricRow'
import { MetricsTable } from './nodes/MetricsTable'
import { QuarantineBlock } from './nodes/QuarantineBlock'
import { ReportSection } from './nodes/ReportSection'
import { TrendChart } from './nodes/TrendChart'

/** Every custom block of the report, by node name. */
export const reportBlocks = {
  reportSection: ReportSection,
  metricsTable: MetricsTable,
  metricRow: MetricRow,
  issue: IssueBlock,
  actionItem: ActionItem,
  goal: GoalBlock,
  feedbackSummary: FeedbackSummary,
  feedbackTheme: FeedbackTheme,
  kpiBlock: KpiBlock,
  trendChart: TrendChart,
  quarantine: QuarantineBlock,
}

/**
 * The report's TipTap extensions as data: the server builds its ProseMirror
 * schema from exactly this list, the client extends the nodes with views.
 * Undo/redo is off because the collaborative undo manager replaces it.
 */
export const baseExtensions: AnyExtension[] = [
  // No trailing node: every client that opens a report would add its own empty paragraph.
  StarterKit.configure({ undoRedo: false, trailingNode: false }),
]

export const reportExtensions: AnyExtension[] = [...baseExtensions, ...Object.values(reportBlocks)]

/** Node types that carry a stable block `id`. */
export const BLOCK_TYPES: ReadonlySet<string> = new Set(Object.keys(reportBlocks))
