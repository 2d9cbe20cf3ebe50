import type { BlockKpi } from '../../kpi/BlockKpi'
import { attrString } from '../../nodes/readAttribute'

/** A metric row feeds its MoM change, its attainment, "metrics met" and (revenue, cost) the gross margin. */
export const metricRowKpi: BlockKpi = (node, sources) => {
  sources.metrics.push({ id: attrString(node.attrs.id), attrs: node.attrs })
}
