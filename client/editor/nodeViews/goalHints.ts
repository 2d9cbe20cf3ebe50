import { parseNumber } from '@schema/kpi/parseNumber'

/** What keeps a goal from being SMART-complete, as codes the view translates (`nv.goal.hint.<code>`). */
export type GoalHint =
  | 'metricKey'
  | 'baseline'
  | 'baselineNaN'
  | 'target'
  | 'targetNaN'
  | 'higher'
  | 'lower'
  | 'deadline'
  | 'owner'

type GoalFields = Record<'metricKey' | 'baseline' | 'target' | 'direction' | 'deadline' | 'owner', unknown>

const present = (v: unknown) => v != null && String(v).trim() !== ''

/**
 * The missing or inconsistent parts of a goal, in field order: a metric,
 * numeric baseline and target, a target better than the baseline in its
 * direction, a deadline and an owner. Empty when the goal is SMART-complete.
 */
export function goalHints(goal: GoalFields): GoalHint[] {
  const hints: GoalHint[] = []
  if (!present(goal.metricKey)) hints.push('metricKey')
  const baseline = parseNumber(present(goal.baseline) ? String(goal.baseline) : null)
  const target = parseNumber(present(goal.target) ? String(goal.target) : null)
  if (!baseline.ok) hints.push(baseline.reason === 'missing' ? 'baseline' : 'baselineNaN')
  if (!target.ok) hints.push(target.reason === 'missing' ? 'target' : 'targetNaN')
  if (baseline.ok && target.ok) {
    const lower = goal.direction === 'lower'
    if (lower ? target.value >= baseline.value : target.value <= baseline.value) hints.push(lower ? 'lower' : 'higher')
  }
  if (!present(goal.deadline)) hints.push('deadline')
  if (!present(goal.owner)) hints.push('owner')
  return hints
}
