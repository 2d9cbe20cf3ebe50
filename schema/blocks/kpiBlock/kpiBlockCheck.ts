import type { BlockCheck } from '../../check/BlockCheck'
import { text } from '../../check/checkText'

/** A KPI block must hold the server's values, computed from the document as it is now. */
export const kpiBlockCheck: BlockCheck = (node, { report, kpiFreshness }) => {
  const freshness = kpiFreshness(text(node.attrs.scope) || null, node.attrs.values)
  if (freshness === 'not_computed') report('kpi_not_computed', {})
  else if (freshness === 'stale') report('kpi_stale', {})
}
