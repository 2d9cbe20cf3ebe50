import type { BlockKpi } from '../../kpi/BlockKpi'

/** An action item feeds the completion rate of this month's or of carried-over actions. */
export const actionItemKpi: BlockKpi = (node, sources) => {
  sources.actions.push(node.attrs)
}
