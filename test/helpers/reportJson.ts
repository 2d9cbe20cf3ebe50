/**
 * Helpers for tests that build report JSON (never imported by the app). The server fills KPI
 * blocks when a report loads (server/kpi/kpiRecompute.ts); a document built
 * in a test has none, so tests fill them the way the server would.
 */
import type { JSONContent } from '@tiptap/core'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { kpiScopePrefix } from '@schema/blocks/kpiBlock/kpiScopePrefix'
import { reportSchema } from '@schema/reportSchema'
import type { Locale } from '@schema/templates/ReportTemplate'

/**
 * The document with every `kpiBlock`'s `values` and `computedAt` set as the
 * server writes them: a JSON array of the KPI values of the block's scope,
 * each with `computedAt` (the format of recomputeKpis in server/kpi/kpiRecompute.ts).
 */
export function withComputedKpis(json: JSONContent, period: string, locale: Locale, computedAt = '2026-10-31T16:00:00.000Z'): JSONContent {
  const values = computeReportKpis(reportSchema.nodeFromJSON(json), period, locale)
  const fill = (node: JSONContent): JSONContent => {
    if (node.type === 'kpiBlock') {
      const scope = (node.attrs?.scope as string | null | undefined) ?? 'summary'
      const mine = values.filter((v) => v.key.startsWith(kpiScopePrefix(scope))).map((v) => ({ ...v, computedAt }))
      return { ...node, attrs: { ...node.attrs, values: JSON.stringify(mine), computedAt } }
    }
    return node.content ? { ...node, content: node.content.map(fill) } : node
  }
  return fill(json)
}

/** The first node of a type in a document (depth first), to read ids the builder made. */
export function findNode(json: JSONContent, type: string, where: (n: JSONContent) => boolean = () => true): JSONContent | undefined {
  if (json.type === type && where(json)) return json
  for (const child of json.content ?? []) {
    const hit = findNode(child, type, where)
    if (hit) return hit
  }
  return undefined
}

/** Every node of a type in a document, depth first. */
export function findNodes(json: JSONContent, type: string): JSONContent[] {
  return [...(json.type === type ? [json] : []), ...(json.content ?? []).flatMap((c) => findNodes(c, type))]
}
