import { describe, expect, it } from 'vitest'
import { attainment, metricStatus, momChange, nps, ratio } from './metricFormulas'
import { parseNumber } from './parseNumber'

describe('parseNumber', () => {
  it.each([
    ['1,286,000', 1286000],
    [' 92.1% ', 92.1],
    ['９２．１', 92.1],
    ['-3.5', -3.5],
    ['.5', 0.5],
    ['1e3', 1000],
  ])('reads %j as %d', (raw, n) => expect(parseNumber(raw)).toEqual({ ok: true, value: n }))
  it.each([['abc'], ['1.2.3'], ['--1'], ['NaN'], ['Infinity'], ['1e999']])('refuses %j', (raw) =>
    expect(parseNumber(raw)).toEqual({ ok: false, reason: 'not_a_number' }),
  )
  it('calls empty input missing', () => {
    expect(parseNumber('')).toEqual({ ok: false, reason: 'missing' })
    expect(parseNumber(null)).toEqual({ ok: false, reason: 'missing' })
  })
})

describe('metric formulas', () => {
  it('month-over-month change, with negative and zero previous values', () => {
    expect(momChange('110', '100')).toEqual({ ok: true, value: 0.1 })
    expect(momChange('-50', '-100')).toEqual({ ok: true, value: 0.5 })
    expect(momChange('5', '0')).toEqual({ ok: false, reason: 'zero_divisor' })
    expect(momChange('x', '1')).toEqual({ ok: false, reason: 'not_a_number' })
    expect(momChange('1', null)).toEqual({ ok: false, reason: 'missing' })
  })
  it('attainment and status, inverted when lower is better', () => {
    expect(attainment('92.1', '92', 'higher')).toMatchObject({ ok: true })
    expect(attainment('18', '20', 'lower')).toEqual({ ok: true, value: 20 / 18 })
    expect(attainment('0', '20', 'lower')).toEqual({ ok: false, reason: 'zero_divisor' })
    expect(attainment('5', '', 'higher')).toEqual({ ok: false, reason: 'no_target' })
    expect(metricStatus('18', '20', 'lower')).toBe('met')
    expect(metricStatus('22', '20', 'lower')).toBe('missed')
    expect(metricStatus('4.52', '4.55', 'higher')).toBe('missed')
    expect(metricStatus('1', null, 'higher')).toBe('no_target')
    expect(metricStatus('abc', '1', 'higher')).toBe('unknown')
  })
  it('NPS and ratios', () => {
    expect(nps('4630', '1180', '8420')).toMatchObject({ ok: true })
    expect((nps('4630', '1180', '8420') as { value: number }).value).toBeCloseTo(40.97, 2)
    expect(nps('1', '1', '0')).toEqual({ ok: false, reason: 'zero_divisor' })
    expect(ratio('1198', '1236')).toMatchObject({ ok: true })
    expect(ratio('1', '0')).toEqual({ ok: false, reason: 'zero_divisor' })
  })
})
