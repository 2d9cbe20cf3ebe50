import { describe, expect, it } from 'vitest'
import { goalGaps, isSmartComplete } from './goalGaps'

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
    expect(goalGaps({ ...full, deadline: ' 2026-11-30' })).toEqual(['deadlineInvalid'])
  })
})

describe('isSmartComplete (the KPI "SMART goals")', () => {
  it('needs every SMART field, numbers, and a target better than the baseline', () => {
    expect(isSmartComplete(full)).toBe(true)
    expect(isSmartComplete({ ...full, owner: null })).toBe(false)
    expect(isSmartComplete({ ...full, deadline: '下月底' })).toBe(false)
    expect(isSmartComplete({ ...full, baseline: 'x' })).toBe(false)
    expect(isSmartComplete({ ...full, target: '75' })).toBe(false)
    expect(isSmartComplete({ ...full, direction: 'lower', target: '75' })).toBe(true)
  })

  it('calls a goal without a direction, or with a deadline that is no day, incomplete', () => {
    expect(isSmartComplete({ ...full, direction: null })).toBe(false)
    expect(isSmartComplete({ ...full, deadline: '2026-13-45' })).toBe(false)
  })
})
