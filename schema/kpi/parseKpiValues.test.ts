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
      { key: 'nps', label: 'NPS', display: '41.0', formula: '(p − d) / r × 100', inputs: ['p = 4630', 'd = 1180'], inputRefs: [], period: '2026-10', computedAt: '', reason: '' },
      { key: 'margin', label: 'margin', display: '—', formula: '', inputs: [], inputRefs: [], period: '', computedAt: '', reason: 'missing' },
    ])
  })
  it('keeps the block each input came from, for the details panel to link to', () => {
    const raw = JSON.stringify([{ key: 'metric.fcr.mom', inputs: [{ blockId: 'm1', field: 'current', value: '92.1' }, { blockId: null, field: 'previous', value: null }, 'odd'] }])
    expect(parseKpiValues(raw)![0]!.inputRefs).toEqual([
      { blockId: 'm1', field: 'current', value: '92.1' },
      { blockId: '', field: 'previous', value: '' },
    ])
  })
})
