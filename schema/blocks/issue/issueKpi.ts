import type { BlockKpi } from '../../kpi/BlockKpi'

/** An issue feeds "issues by severity" and the issue resolution rate. */
export const issueKpi: BlockKpi = (node, sources) => {
  sources.issues.push(node.attrs)
}
