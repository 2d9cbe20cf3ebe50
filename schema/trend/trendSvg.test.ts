import { describe, expect, it } from 'vitest'
import type { TrendPoint, TrendSeries } from './TrendSeries'
import { DEFAULT_TREND_SIZE, parseTrendSeries, renderTrendSvg, trendGeometry } from './trendSvg'

const pt = (period: string, value: number | null, draft = false, display?: string): TrendPoint => ({
  period,
  value,
  display: display ?? (value === null ? '' : String(value)),
  draft,
  version: draft ? null : '1',
})
const series = (...points: TrendPoint[]): TrendSeries => ({ metricKey: 'fcr', name: '一次解决率', unit: '%', points })

/** Six months of FCR, July missing, October the draft. */
const fcr = series(pt('2026-05', 88.2), pt('2026-06', 89), pt('2026-07', null), pt('2026-08', 90.8), pt('2026-09', 90.3), pt('2026-10', 92.1, true))

const inPlot = (g: ReturnType<typeof trendGeometry>, x: number, y: number) =>
  x >= g.plot.left && x <= g.plot.right && y >= g.plot.top && y <= g.plot.bottom

describe('trendGeometry', () => {
  it('places points left to right inside the plot, higher values higher up', () => {
    const g = trendGeometry(fcr)
    expect(g.size).toEqual(DEFAULT_TREND_SIZE)
    expect(g.plot).toEqual({ left: 32, right: 464, top: 16, bottom: 128 })
    const xs = g.points.map((p) => p.x)
    expect([...xs].sort((a, b) => a - b)).toEqual(xs)
    for (const p of g.points) if (p.y !== null) expect(inPlot(g, p.x, p.y), `${p.period}`).toBe(true)
    const y = (period: string) => g.points.find((p) => p.period === period)!.y!
    expect(y('2026-05')).toBeGreaterThan(y('2026-06')) // 88.2 below 89 (SVG y grows downwards)
    expect(g.points.map((p) => [p.period, p.value, p.display, p.draft])).toEqual([
      ['2026-05', 88.2, '88.2', false],
      ['2026-06', 89, '89', false],
      ['2026-07', null, '—', false],
      ['2026-08', 90.8, '90.8', false],
      ['2026-09', 90.3, '90.3', false],
      ['2026-10', 92.1, '92.1', true],
    ])
  })

  it('leaves a gap for a missing value and keeps the draft out of the published line', () => {
    const g = trendGeometry(fcr)
    expect(g.points[2]!.y).toBeNull()
    expect(g.lines.map((l) => l.length)).toEqual([2, 2])
    const draft = g.points[5]!
    expect(g.lines.flat().some((p) => p.x === draft.x)).toBe(false)
    expect(g.draftLink).toEqual({ x1: g.points[4]!.x, y1: g.points[4]!.y, x2: draft.x, y2: draft.y })
    expect(g.hasPublished).toBe(true)
    expect(g.message).toBeNull()
  })

  it('ticks every period on the x axis and the lowest and highest value on the y axis', () => {
    const g = trendGeometry(fcr)
    expect(g.xTicks.map((t) => t.label)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'])
    expect(g.xTicks.every((t) => t.showLabel)).toBe(true)
    expect(g.yTicks.map((t) => [t.value, t.label])).toEqual([
      [88.2, '88.2'],
      [92.1, '92.1'],
    ])
    expect(g.yRange!.min).toBeLessThan(88.2)
    expect(g.yRange!.max).toBeGreaterThan(92.1)
  })

  it('centres a single point and gives it a range', () => {
    const g = trendGeometry(series(pt('2026-09', 90)))
    const p = g.points[0]!
    expect(p.x).toBe((g.plot.left + g.plot.right) / 2)
    expect(p.y).toBe((g.plot.top + g.plot.bottom) / 2)
    expect(g.yRange!.max).toBeGreaterThan(g.yRange!.min)
    expect(g.yTicks).toHaveLength(1)
    expect(g.lines).toEqual([[{ x: p.x, y: p.y }]])
  })

  it('draws all-equal values as a flat line, also at zero', () => {
    for (const v of [5, 0]) {
      const g = trendGeometry(series(pt('2026-08', v), pt('2026-09', v), pt('2026-10', v, true)))
      const ys = new Set(g.points.map((p) => p.y))
      expect(ys.size).toBe(1)
      const y = [...ys][0]!
      expect(Number.isFinite(y)).toBe(true)
      expect(g.yRange!.max).toBeGreaterThan(g.yRange!.min)
      expect(g.yTicks.map((t) => t.value)).toEqual([v])
    }
  })

  it('handles negative values with a zero line inside the range', () => {
    const g = trendGeometry(series(pt('2026-07', -12.5), pt('2026-08', 3), pt('2026-09', -4)))
    expect(g.yRange!.min).toBeLessThan(-12.5)
    expect(g.zeroY).not.toBeNull()
    expect(g.zeroY!).toBeGreaterThan(g.plot.top)
    expect(g.zeroY!).toBeLessThan(g.plot.bottom)
    expect(g.points[0]!.y!).toBeGreaterThan(g.zeroY!)
    expect(g.points[1]!.y!).toBeLessThan(g.zeroY!)
    expect(g.yTicks.map((t) => t.label)).toEqual(['-12.5', '3'])
    // Entirely positive: no zero line.
    expect(trendGeometry(fcr).zeroY).toBeNull()
  })

  it('treats non-finite values as missing', () => {
    const g = trendGeometry(series(pt('a', Number.NaN, false, ''), pt('b', Number.POSITIVE_INFINITY, false, ''), pt('c', 1)))
    expect(g.points.map((p) => p.value)).toEqual([null, null, 1])
    expect(JSON.stringify(g)).not.toMatch(/NaN|Infinity/)
  })

  it('has no published data for an empty series or a draft alone', () => {
    const empty = trendGeometry(series())
    expect(empty).toMatchObject({ points: [], lines: [], yTicks: [], yRange: null, hasPublished: false, draftLink: null })
    expect(empty.message).toEqual({ x: (empty.plot.left + empty.plot.right) / 2, y: expect.any(Number) })
    const draftOnly = trendGeometry(series(pt('2026-10', 92.1, true)))
    expect(draftOnly.hasPublished).toBe(false)
    expect(draftOnly.draftLink).toBeNull()
    // The message stays clear of the lone draft point.
    expect(Math.abs(draftOnly.message!.y - draftOnly.points[0]!.y!)).toBeGreaterThan(20)
  })

  it('thins out period labels that would overlap, always keeping the last', () => {
    const points = Array.from({ length: 24 }, (_, i) => pt(`${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, i, i === 23))
    const g = trendGeometry(series(...points))
    const shown = g.xTicks.filter((t) => t.showLabel)
    expect(shown.length).toBeLessThan(24)
    expect(shown.length).toBeGreaterThan(3)
    expect(g.xTicks[23]!.showLabel).toBe(true)
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.x - shown[i - 1]!.x).toBeGreaterThanOrEqual(7 * 6)
  })

  it('scales to another size', () => {
    const g = trendGeometry(fcr, { width: 960, height: 320, pad: 48 })
    expect(g.plot).toEqual({ left: 48, right: 936, top: 24, bottom: 272 })
    for (const p of g.points) if (p.y !== null) expect(inPlot(g, p.x, p.y)).toBe(true)
  })
})

describe('renderTrendSvg', () => {
  it('is one self-contained svg element with a viewBox and a title', () => {
    const svg = renderTrendSvg(fcr, { title: '一次解决率（%）', locale: 'zh-CN' })
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 480 160"/)
    expect(svg.endsWith('</svg>')).toBe(true)
    expect(svg).toContain('<title>一次解决率（%）</title>')
    expect(svg).not.toMatch(/<style|<script|href=|NaN|undefined/)
  })

  it('draws the published points as polylines, the draft hollow and dashed with its label', () => {
    const svg = renderTrendSvg(fcr, { title: 'FCR', locale: 'zh-CN' })
    const g = trendGeometry(fcr)
    expect(svg.match(/<polyline /g)).toHaveLength(2)
    expect(svg).toContain(`points="${g.lines[0]!.map((p) => `${p.x},${p.y}`).join(' ')}"`)
    expect(svg.match(/<circle cx/g)).toHaveLength(4) // published points with a value
    expect(svg).toMatch(/<circle class="trend-draft"[^>]* fill="#fff"[^>]* stroke-dasharray/)
    expect(svg).toContain('>本期草稿 92.1</text>')
    expect(svg).toMatch(/<line [^>]*stroke-dasharray="4 3"/)
    for (const period of ['2026-05', '2026-07', '2026-10']) expect(svg).toContain(`>${period}</text>`)
    expect(svg).toContain('>88.2</text>')
    expect(svg).toContain('>92.1</text>')
    expect(svg).not.toContain('暂无已发布数据')
  })

  it('labels the draft in English', () => {
    expect(renderTrendSvg(fcr, { title: 'FCR', locale: 'en' })).toContain('>draft 92.1</text>')
  })

  it('shows axes and the no-data message for an empty series', () => {
    for (const [locale, text] of [
      ['zh-CN', '暂无已发布数据'],
      ['en', 'No published data'],
    ] as const) {
      const svg = renderTrendSvg(series(), { title: 'FCR', locale })
      expect(svg.match(/<line /g)!.length).toBeGreaterThanOrEqual(2)
      expect(svg).toContain(`>${text}</text>`)
      expect(svg).toContain(`<title>FCR · ${text}</title>`)
      expect(svg).not.toContain('<polyline')
    }
  })

  it('escapes every text it draws', () => {
    const svg = renderTrendSvg(
      { metricKey: 'k', name: 'n', unit: '', points: [pt('<i>5月</i>', 1), { ...pt('"&', 2, true), display: '<img src=x onerror=alert(1)>' }] },
      { title: '</title><script>alert(1)</script>', locale: 'zh-CN' },
    )
    expect(svg).not.toMatch(/<script|<img|<i>/)
    expect(svg).toContain('&lt;/title&gt;&lt;script&gt;')
    expect(svg).toContain('&lt;i&gt;5月&lt;/i&gt;')
    expect(svg).toContain('&quot;&amp;')
    expect(svg).toContain('本期草稿 &lt;img src=x onerror=alert(1)&gt;')
  })
})

describe('parseTrendSeries', () => {
  it('reads the JSON the server writes, or the object itself', () => {
    expect(parseTrendSeries(JSON.stringify(fcr))).toEqual(fcr)
    expect(parseTrendSeries(fcr)).toEqual(fcr)
  })

  it('is null for absent or malformed input', () => {
    for (const raw of [null, undefined, '', '  ', '{', '[]', '42', '{"points":3}', 7]) expect(parseTrendSeries(raw), String(raw)).toBeNull()
  })

  it('keeps points with odd values as gaps', () => {
    const s = parseTrendSeries({ metricKey: 'x', points: [{ period: '2026-01', value: '12' }, { period: '2026-02', value: 3, draft: 'yes' }, 'junk'] })!
    expect(s).toEqual({
      metricKey: 'x',
      name: '',
      unit: '',
      points: [
        { period: '2026-01', value: null, display: '', draft: false, version: null },
        { period: '2026-02', value: 3, display: '3', draft: false, version: null },
      ],
    })
  })
})
