import type { JSONContent } from '@tiptap/core'
import type { BlockCarryOver, CarryOverContext } from '../../templates/BlockCarryOver'
import { attr, walk } from '../../templates/carryOverParts'
import { METRIC_FIELDS } from './MetricRow'
import { metricRowJson } from './metricRowJson'

/**
 * Copies the metric fields that carry over (everything but this month's value
 * and note; last month's value becomes 上月). The team's own wording from
 * last month (name, 口径…) wins over the template's.
 */
function carriedMetric(row: JSONContent, ctx: CarryOverContext, into?: JSONContent): JSONContent {
  const fields: Record<string, string | null> = {}
  for (const f of Object.keys(METRIC_FIELDS)) fields[f] = ctx.keptValue(into ?? row, f, 'metricRow')
  for (const f of ['name', 'unit', 'direction', 'definition', 'source', 'target'] as const) fields[f] = ctx.keptValue(row, f, 'metricRow') ?? fields[f] ?? null
  const current = attr(row, 'current')
  fields.previous = ctx.accepts('metricRow', 'previous', current) ? current : null
  if (into) return { ...into, attrs: { ...into.attrs, ...fields } }
  fields.current = null
  fields.note = null
  return metricRowJson(fields)
}

/**
 * Metric rows (with a key) carry over by key: they fill `previous` of the
 * template's rows; rows the template lacks are appended to the first table,
 * so a team's own metrics keep coming back.
 */
export const metricRowCarryOver: BlockCarryOver = {
  counts: 'metrics',
  carry(previous, ctx) {
    const tables = [...walk(ctx.content)].filter((n) => n.type === 'metricsTable')
    const table = tables[0]
    if (!table) return 0
    const byKey = new Map<string, { table: JSONContent; index: number }>()
    for (const t of tables) t.content?.forEach((row, index) => attr(row, 'key') && byKey.set(attr(row, 'key')!, { table: t, index }))
    let carried = 0
    for (const row of previous) {
      const key = attr(row, 'key')
      if (!key) continue
      const at = byKey.get(key)
      if (at) at.table.content![at.index] = carriedMetric(row, ctx, at.table.content![at.index])
      else (table.content ??= []).push(carriedMetric(row, ctx))
      carried++
    }
    return carried
  },
}
