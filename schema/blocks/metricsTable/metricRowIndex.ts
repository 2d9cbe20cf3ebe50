import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** A metric row with a key is what goals and trend charts refer to. */
export const metricRowIndex: BlockIndex = (node, index) => {
  const text = (v: unknown) => attrString(v) ?? ''
  const { key, name, unit, current } = node.attrs
  if (text(key) !== '') index.metrics.push({ key: text(key), name: text(name), unit: text(unit), current: text(current) })
}
