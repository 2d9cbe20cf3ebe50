/**
 * What a block gives the KPIs (`BlockDefinition.kpi`): computeReportKpis
 * walks the document and hands each block that declares KPI inputs the
 * collection to add itself to. The formulas stay in computeReportKpis.
 */
import type { Node as PMNode } from '@tiptap/pm/model'

/** The blocks the KPIs are computed from, in document order (by their attributes; the KPIs never read text). */
export interface KpiSources {
  metrics: { id: string | null; attrs: Record<string, unknown> }[]
  issues: Record<string, unknown>[]
  actions: Record<string, unknown>[]
  goals: Record<string, unknown>[]
  /** The first feedback summary of the report. */
  feedback: Record<string, unknown> | null
}

/** Adds one block to the KPI sources; the KPIs do not look inside a block that has this. */
export type BlockKpi = (node: PMNode, sources: KpiSources) => void
