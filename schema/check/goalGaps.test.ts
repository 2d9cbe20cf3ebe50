import { describe, expect, it } from 'vitest'
import { isSmartComplete } from '../kpi/computeReportKpis'
import { goalGaps } from './goalGaps'

const full = { metricKey: 'csat', baseline: '80', target: '85', direction: 'higher', deadline: '2026-11-30', owner: '赵敏' }

describe('goalGaps', () => {
  it('is empty for a SMART-complete goal, in either direction', () => {
    expect(goalGaps(full)).toEqual([])
    expect(goalGaps({ ...full, direction: 'lower', target: '75' })).toEqual([])
  })

  it('names each missing or inconsistent part, in field order', () => {
    expect(goalGaps({})).toEqual(['metricKey', 'baseline', 'target', 'direction', 'deadline', 'owner'])
    expect(goalGaps({ ...full, baseline: 'x', target: '' })).toEqual(['baselineNaN', 'target'])
    expect(goalGaps({ ...full, target: '80' })).toEqual(['higher'])
    expect(goalGaps({ ...full, direction: 'lower' })).toEqual(['lower'])
    expect(goalGaps({ ...full, deadline: '下月底', owner: '  ' })).toEqual(['deadlineInvalid', 'owner'])
    expect(goalGaps({ ...full, deadline: '2026-11-31' })).toEqual(['deadlineInvalid'])
  })

  it('is never more lenient than isSmartComplete (the KPI "SMART goals")', () => {
    const values = {
      metricKey: [null, '', ' ', 'csat'],
      baseline: [null, '80', 'x', '85'],
      target: [null, '85', '75', 'y'],
      direction: [null, 'higher', 'lower', 'sideways'],
      deadline: [null, '2026-11-30', ' 2026-11-30', '2026-02-30', 'soon'],
      owner: [null, '', '赵敏'],
    }
    let combos = 0
    for (const metricKey of values.metricKey)
      for (const baseline of values.baseline)
        for (const target of values.target)
          for (const direction of values.direction)
            for (const deadline of values.deadline)
              for (const owner of values.owner) {
                const goal = { metricKey, baseline, target, direction, deadline, owner }
                combos++
                if (goalGaps(goal).length === 0) expect(isSmartComplete(goal), JSON.stringify(goal)).toBe(true)
              }
    expect(combos).toBe(4 * 4 * 4 * 4 * 5 * 3)
  })
})
