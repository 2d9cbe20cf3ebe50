import { describe, expect, it } from 'vitest'
import { nextReportTitle } from './nextReportTitle'

describe('nextReportTitle', () => {
  it('moves the period in the title on, in either spelling', () => {
    expect(nextReportTitle('2026年10月 运营服务月报 · 华东', '2026-10', '2026-11')).toBe('2026年11月 运营服务月报 · 华东')
    expect(nextReportTitle('2026年09月 月报', '2026-09', '2026-10')).toBe('2026年10月 月报')
    expect(nextReportTitle('Ops 2026-12', '2026-12', '2027-01')).toBe('Ops 2027-01')
    expect(nextReportTitle('运营月报', '2026-10', '2026-11')).toBe('运营月报')
  })
})
