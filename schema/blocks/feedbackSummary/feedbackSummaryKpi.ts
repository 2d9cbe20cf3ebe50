import type { BlockKpi } from '../../kpi/BlockKpi'

/** The first feedback summary feeds NPS, CSAT and the complaint resolution rate. */
export const feedbackSummaryKpi: BlockKpi = (node, sources) => {
  sources.feedback ??= node.attrs
}
