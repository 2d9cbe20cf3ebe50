import type { BlockCheck } from '../../check/BlockCheck'
import { checkLabels, quote } from '../../check/checkMessages'
import { snippet, text } from '../../check/checkText'
import { goalGaps } from './goalGaps'

/** A goal must be SMART-complete; the message names every gap (the same ones the editor shows and the KPI counts). */
export const goalCheck: BlockCheck = (node, { locale, report }) => {
  const a = node.attrs as Record<string, unknown>
  const gaps = goalGaps(a)
  if (gaps.length === 0) return
  const statement = node.textContent.trim() || text(a.metricKey)
  const goal = statement ? quote(snippet(statement), locale) : checkLabels.untitled.goal[locale]
  report('goal_not_smart', { goal, gaps })
}
