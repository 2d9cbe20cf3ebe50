/**
 * One SMART rule for a goal: the hints under a goal in the editor (GoalView
 * shows `goalGaps` of the node's attributes), the publish check
 * (`goal_not_smart`) and the KPI "SMART goals" must call the same goals
 * complete and incomplete. They used to be three copies that disagreed on a
 * goal without a direction and on a deadline like 2026-13-45.
 */
import { describe, expect, it } from 'vitest'
import { doc, goal, h, section } from '../../docBuilder'
import { reportSchema } from '../../reportSchema'
import { checkReport } from '../../check/checkReport'
import { computeReportKpis } from '../../kpi/computeReportKpis'
import { monthlyOps } from '../../templates/monthlyOps'
import { goalGaps } from './goalGaps'

const PERIOD = '2026-10'
const complete = { id: 'g', metricKey: 'fcr', baseline: '92.1', target: '93.5', direction: 'higher', deadline: '2026-11-30', owner: '王磊' }

/** What the editor hints, what the check says and what the KPI counts, for one goal. */
function verdicts(attrs: Record<string, string | null>) {
  const node = reportSchema.nodeFromJSON(doc(h(1, '月报'), section('goals', '目标设定', goal(attrs, '一次解决率提升至 93.5%。'))))
  const goalNode = node.child(1).child(1)
  const check = checkReport(node, { template: monthlyOps, locale: 'en', period: PERIOD }).filter((p) => p.blockId === 'g')
  const kpi = computeReportKpis(node, PERIOD, 'en').find((k) => k.key === 'summary.smartGoals')!
  return {
    editorHints: goalGaps(goalNode.attrs),
    check: check.map((p) => [p.code, p.message]),
    kpi: [kpi.display, kpi.inputs[0]!.value],
  }
}

describe('the SMART rule of a goal: editor hints, publish check and KPI agree', () => {
  it('a complete goal: no hint, no problem, counted as SMART', () => {
    expect(verdicts(complete)).toEqual({ editorHints: [], check: [], kpi: ['1 / 1', 'complete'] })
  })

  it('a goal with no direction', () => {
    expect(verdicts({ ...complete, direction: null })).toEqual({
      editorHints: ['direction'],
      check: [['goal_not_smart', 'Goal "一次解决率提升至 93.5%。" is not SMART-complete: direction missing']],
      kpi: ['0 / 1', 'incomplete'],
    })
  })

  it('a goal with the deadline 2026-13-45', () => {
    expect(verdicts({ ...complete, deadline: '2026-13-45' })).toEqual({
      editorHints: ['deadlineInvalid'],
      check: [['goal_not_smart', 'Goal "一次解决率提升至 93.5%。" is not SMART-complete: deadline is not a valid date']],
      kpi: ['0 / 1', 'incomplete'],
    })
  })
})
