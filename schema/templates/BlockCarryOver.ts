/**
 * What a block does when a new month starts from last month
 * (`BlockDefinition.carryOver`): carryOver.ts hands each block that has a
 * carry-over last month's blocks of its type, and the block merges what
 * comes into the new month (open issues, unfinished actions, metric values
 * as 上月, goals to assess) into the new body.
 */
import type { JSONContent } from '@tiptap/core'
import type { Locale } from './ReportTemplate'

/** Last month's published report of the series. */
export interface PreviousReport {
  reportId: string
  period: string
  /** The published version the values come from ("1", "1.1"). */
  version: string
  content: JSONContent
}

/** What was carried over, for the report record and the UI. */
export interface CarryOverSummary {
  metrics: number
  /** Absent on reports created before issues were carried. */
  issues?: number
  actions: number
  goals: number
}

/** What carryOver.ts gives each block's carry-over. */
export interface CarryOverContext {
  prev: PreviousReport
  locale: Locale
  /** The new report's body (a fresh copy of the template's), which the block changes in place. */
  content: JSONContent
  /**
   * Last month's id → this month's id of every block carried so far. Blocks
   * are carried in registry order, so a later block (an action) finds an
   * earlier one (the issue it fixes).
   */
  carriedIds: Map<string, string>
  /**
   * A field of last month's `node` as this month's `nodeName` block (its own
   * type when absent) may store it: a value the schema refuses (a version
   * published before attributes were checked) is left empty rather than
   * refusing the new report.
   */
  keptValue(node: JSONContent, name: string, nodeName?: string): string | null
  /** Whether a `nodeName` block may store `value` as its attribute `name`. */
  accepts(nodeName: string, name: string, value: unknown): boolean
}

export interface BlockCarryOver {
  /** The count of the summary the carried blocks add to. */
  counts: keyof CarryOverSummary
  /** Merges what comes of `previous` (last month's blocks of this type, in document order) into `ctx.content`; returns how many were carried. */
  carry(previous: readonly JSONContent[], ctx: CarryOverContext): number
}
