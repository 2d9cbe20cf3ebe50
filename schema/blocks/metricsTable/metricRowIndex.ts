import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** A metric row with a key is what goals and trend charts refer to (the first row of a key wins, as in the KPIs). */
export const metricRowIndex: BlockIndex = (attrs, index) => {
  const text = (v: unknown) => attrString(v) ?? ''
  const key = text(attrs.key)
  if (key === '') return
  const metric = { key, name: text(attrs.name), unit: text(attrs.unit), current: text(attrs.current) }
  index.metrics.push(metric)
  if (!index.metricsByKey.has(key)) index.metricsByKey.set(key, metric)
}
