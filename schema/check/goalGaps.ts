/**
 * What keeps a goal from being SMART-complete, part by part, so the check
 * can say what to fill in. Never more lenient than `isSmartComplete` (the
 * KPI "SMART goals"), which it extends: no gaps implies isSmartComplete;
 * it is stricter where the KPI's yes/no is loose (a missing direction, a
 * deadline that is not a real day, an owner of blanks).
 */
import { parseNumber } from '../kpi/parseNumber'
import { isCalendarDate } from './dates'
import { attrString } from '../nodes/readAttribute'

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

const text = (v: unknown): string => (attrString(v) ?? '').trim()

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
  // Not trimmed: the KPI's isSmartComplete does not accept ' 2026-11-30' either.
  if (!text(attrs.deadline)) gaps.push('deadline')
  else if (!isCalendarDate(attrString(attrs.deadline) ?? '')) gaps.push('deadlineInvalid')
  if (!text(attrs.owner)) gaps.push('owner')
  return gaps
}
