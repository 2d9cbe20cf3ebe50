import { describe, expect, it } from 'vitest'
import { parseKpiValues } from './parseKpiValues'

describe('parseKpiValues', () => {
  it('is null until the server has written an array', () => {
    expect(parseKpiValues(null)).toBeNull()
    expect(parseKpiValues('')).toBeNull()
    expect(parseKpiValues('{not json')).toBeNull()
    expect(parseKpiValues('{"a":1}')).toBeNull()
  })
  it('reads entries leniently, with provenance as lines', () => {
    const raw = JSON.stringify([
      { key: 'nps', label: 'NPS', display: '41.0', formula: '(p − d) / r × 100', inputs: { p: 4630, d: 1180 }, period: '2026-10' },
      { key: 'margin', reason: 'missing' },
      'junk',
    ])
    expect(parseKpiValues(raw)).toEqual([
      { key: 'nps', label: 'NPS', display: '41.0', formula: '(p − d) / r × 100', inputs: ['p = 4630', 'd = 1180'], period: '2026-10', computedAt: '', reason: '' },
      { key: 'margin', label: 'margin', display: '—', formula: '', inputs: [], period: '', computedAt: '', reason: 'missing' },
    ])
  })
})
