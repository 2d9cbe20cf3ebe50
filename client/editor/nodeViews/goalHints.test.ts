import { describe, expect, it } from 'vitest'
import { goalHints } from './goalHints'

const smart = { metricKey: 'fcr', baseline: '92.1', target: '93.5', direction: 'higher', deadline: '2026-11-30', owner: '王磊' }

describe('goalHints', () => {
  it('has nothing to say about a SMART-complete goal', () => {
    expect(goalHints(smart)).toEqual([])
    expect(goalHints({ ...smart, baseline: '18', target: '15', direction: 'lower' })).toEqual([])
  })
  it('names every missing field, null and blank alike', () => {
    expect(goalHints({ metricKey: null, baseline: '', target: null, direction: 'higher', deadline: null, owner: '  ' })).toEqual([
      'metricKey',
      'baseline',
      'target',
      'deadline',
      'owner',
    ])
  })
  it('tells a non-numeric value from a missing one', () => {
    expect(goalHints({ ...smart, baseline: 'abc', target: '９３．５' })).toEqual(['baselineNaN'])
  })
  it('wants the target better than the baseline in its direction', () => {
    expect(goalHints({ ...smart, target: '92.1' })).toEqual(['higher'])
    expect(goalHints({ ...smart, baseline: '18', target: '20', direction: 'lower' })).toEqual(['lower'])
  })
})
