/**
 * The monthly cycle (PDCA): a new report for period P starts from the
 * template and takes, from the published report of P−1 of the same series,
 * what each block carries over (its `carryOver`, BlockCarryOver.ts): the
 * previous metric values (matched by metric key), the open and monitored
 * issues and the open and blocked action items (both marked carried-over,
 * with a link to where they came from; a carried action keeps pointing at its
 * carried issue), and last month's goals, listed in 总结与展望 to be assessed.
 */
import type { JSONContent } from '@tiptap/core'
import { blockDefinitions } from '../blocks/blockRegistry'
import { checkAttributeValue } from '../nodes/attributeSchemas'
import type { CarryOverContext, CarryOverSummary, PreviousReport } from './BlockCarryOver'
import { attr, walk } from './carryOverParts'
import type { Locale } from './ReportTemplate'

export type { CarryOverSummary, PreviousReport } from './BlockCarryOver'
export { carriedFromRef } from './carryOverParts'

export function parseCarriedFrom(ref: string): { reportId: string; version: string; blockId: string } | null {
  const m = /^(r[a-z2-7]{20})@(1(?:\.\d+)?)#(.+)$/.exec(ref)
  return m ? { reportId: m[1]!, version: m[2]!, blockId: m[3]! } : null
}

/** The period before `YYYY-MM`. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

const accepts = (nodeName: string, name: string, value: unknown): boolean => checkAttributeValue(nodeName, name, value) === null

/**
 * Returns `base` (a fresh template body, not modified) with last month's
 * data merged in, and what was carried.
 */
export function carryOver(base: JSONContent, prev: PreviousReport, locale: Locale): { content: JSONContent; carried: CarryOverSummary } {
  const content = structuredClone(base)
  const carried: CarryOverSummary = { metrics: 0, issues: 0, actions: 0, goals: 0 }
  const byType = new Map<string, JSONContent[]>()
  for (const node of walk(prev.content)) if (node.type) byType.set(node.type, [...(byType.get(node.type) ?? []), node])
  const ctx: CarryOverContext = {
    prev,
    locale,
    content,
    carriedIds: new Map(),
    accepts,
    keptValue: (node, name, nodeName = node.type ?? '') => {
      const v = attr(node, name)
      return accepts(nodeName, name, v) ? v : null
    },
  }
  for (const definition of blockDefinitions) {
    if (!definition.carryOver) continue
    const { counts, carry } = definition.carryOver
    carried[counts] = (carried[counts] ?? 0) + carry(byType.get(definition.name) ?? [], ctx)
  }
  return { content, carried }
}
