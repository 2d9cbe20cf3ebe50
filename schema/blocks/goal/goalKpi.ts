import type { BlockKpi } from '../../kpi/BlockKpi'

/** A goal feeds "SMART goals" (by goalGaps, the rule the check and the editor use). */
export const goalKpi: BlockKpi = (node, sources) => {
  sources.goals.push(node.attrs)
}
