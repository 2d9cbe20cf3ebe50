/**
 * The one SMART rule of a goal: what keeps it from being SMART-complete,
 * part by part. The publish check names these gaps (`goal_not_smart`), the
 * editor shows them as hints under the goal, and the KPI "SMART goals"
 * counts the goals without any (`isSmartComplete`), so all three agree.
 */
import { parseNumber } from '../../kpi/parseNumber'
import { isCalendarDate } from '../../time/dates'
import { attrString } from '../../nodes/readAttribute'
import { text } from '../../check/checkText'

export type GoalGap =
  | 'metricKey'
  | 'baseline'
  | 'baselineNaN'
  | 'target'
  | 'targetNaN'
  | 'direction'
  /** The target is not above the baseline though higher is better. */
  | 'higher'
  /** The target is not below the baseline though lower is better. */
  | 'lower'
  | 'deadline'
  | 'deadlineInvalid'
  | 'owner'


/** The gaps of a goal's attributes, in field order; empty when the goal is SMART-complete. */
export function goalGaps(attrs: Record<string, unknown>): GoalGap[] {
  const gaps: GoalGap[] = []
  if (!text(attrs.metricKey)) gaps.push('metricKey')
  const baseline = parseNumber(text(attrs.baseline) || null)
  const target = parseNumber(text(attrs.target) || null)
  if (!baseline.ok) gaps.push(baseline.reason === 'missing' ? 'baseline' : 'baselineNaN')
  if (!target.ok) gaps.push(target.reason === 'missing' ? 'target' : 'targetNaN')
  const direction = attrs.direction
  if (direction !== 'higher' && direction !== 'lower') gaps.push('direction')
  else if (baseline.ok && target.ok) {
    const better = direction === 'lower' ? target.value < baseline.value : target.value > baseline.value
    if (!better) gaps.push(direction)
  }
  // A deadline is what the date input writes: a real day as YYYY-MM-DD, no blanks around it.
  if (!text(attrs.deadline)) gaps.push('deadline')
  else if (!isCalendarDate(attrString(attrs.deadline) ?? '')) gaps.push('deadlineInvalid')
  if (!text(attrs.owner)) gaps.push('owner')
  return gaps
}

/** Whether a goal has what SMART needs (no gaps): what the KPI "SMART goals" counts. */
export const isSmartComplete = (attrs: Record<string, unknown>): boolean => goalGaps(attrs).length === 0
