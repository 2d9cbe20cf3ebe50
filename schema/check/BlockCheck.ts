/**
 * A block's part of the pre-publish check (`BlockDefinition.check`):
 * checkReport walks the report and hands each block with a check the
 * block and what it may need to know about the rest of the report.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import type { DocIndex } from '../docIndex/DocIndex'
import type { KpiFreshness } from '../kpi/kpiFreshness'
import type { Locale } from '../templates/ReportTemplate'
import type { CheckCode, CheckMessageParams } from './checkMessages'

/** A code a block's check may report (open threads are the report's, not a block's). */
export type BlockCheckCode = Exclude<CheckCode, 'open_thread'>

export interface BlockCheckEnv {
  /** Messages are written in this locale. */
  locale: Locale
  /** `YYYY-MM`: the next period, in which due dates must fall. */
  dueIn: string
  /** What the report's blocks tell each other (issues, metrics, actions by issue). */
  index: DocIndex
  /** A set shared by every block of the run under `key`, filled in document order (e.g. metric keys seen so far). */
  seen: (key: string) => Set<string>
  /** Whether a KPI block's stored values match the KPIs of the document, for its scope. */
  kpiFreshness: (scope: string | null, stored: unknown) => KpiFreshness
  /** Reports a problem about this block, or about the block with `blockId` (a child of it), in this block's section. */
  report: <C extends BlockCheckCode>(code: C, params: CheckMessageParams<C>, blockId?: unknown) => void
}

/** Checks one block, reporting each problem through `env.report`. */
export type BlockCheck = (node: PMNode, env: BlockCheckEnv) => void
