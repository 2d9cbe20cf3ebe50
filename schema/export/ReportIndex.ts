import type { JSONContent } from '@tiptap/core'

/** What exports and diffs need to know about the whole report before rendering one block. */
export interface ReportIndex {
  /** Metric rows by key (the first row of a key wins, as in the KPIs). */
  metrics: Map<string, { name: string; unit: string }>
  /** Issue titles by block id. */
  issues: Map<string, string>
  /** The 1-based number of each action item in document order (#n). */
  actionNumbers: Map<JSONContent, number>
}

/** What one block adds to the report's index (called in document order). */
export type BlockIndexer = (node: JSONContent, index: ReportIndex) => void
