/**
 * A trend chart as geometry and as a self-contained SVG string. Pure (no
 * DOM): the editor's trend view draws the same geometry with React, exports
 * embed the string, so a chart reads the same on screen, in HTML and in print.
 */
import { escapeHtml } from '../export/reportJson'
import type { Locale } from '../templates/ReportTemplate'
import type { TrendPoint, TrendSeries } from './TrendSeries'
import { attrString } from '../nodes/readAttribute'

export interface TrendSize {
  width: number
  height: number
  /** Room for the axis labels: left and bottom get `pad`, top and right `pad / 2`. */
  pad: number
}

export const DEFAULT_TREND_SIZE: TrendSize = { width: 480, height: 160, pad: 32 }

export interface TrendPlotPoint {
  x: number
  /** Null when the period has no numeric value: drawn as a gap in the line. */
  y: number | null
  value: number | null
  display: string
  period: string
  draft: boolean
}

export interface TrendXTick {
  x: number
  label: string
  draft: boolean
  /** False when labels would overlap: every k-th is shown, always the last. */
  showLabel: boolean
}

export interface TrendYTick {
  y: number
  value: number
  label: string
}

export interface TrendGeometry {
  size: TrendSize
  /** The plot area, in SVG user units; the axes are its left and bottom edges. */
  plot: { left: number; right: number; top: number; bottom: number }
  /** Every point of the series, oldest first. */
  points: TrendPlotPoint[]
  /** Runs of consecutive published points with a value, each drawn as one polyline. */
  lines: { x: number; y: number }[][]
  /** Dashed link from the last published value to the draft's (null when either is missing). */
  draftLink: { x1: number; y1: number; x2: number; y2: number } | null
  xTicks: TrendXTick[]
  /** At the lowest and highest value (one tick when they are equal). */
  yTicks: TrendYTick[]
  /** The value range mapped onto the plot's height; null when no point has a value. */
  yRange: { min: number; max: number } | null
  /** The y of value 0 when the range crosses it (a baseline for negative values). */
  zeroY: number | null
  /** Whether any published point has a value; false shows the "no published data" message. */
  hasPublished: boolean
  /** Where the "no published data" message goes; null when there is published data. */
  message: { x: number; y: number } | null
}

/** Words of the chart itself; the rest of a report's labels live in export/exportLabels. */
export const TREND_LABELS: Readonly<Record<Locale, { draft: string; noData: string }>> = {
  'zh-CN': { draft: '本期草稿', noData: '暂无已发布数据' },
  en: { draft: 'draft', noData: 'No published data' },
}

const round = (n: number) => Math.round(n * 10) / 10

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Average glyph advance at the chart's 10-unit font; CJK glyphs are about twice as wide. */
const textWidth = (s: string) => Array.from(s).reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 10 : 6), 0)

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

/** An axis value, short enough for the left margin (large values in compact notation). */
export function formatTrendValue(value: number, locale: Locale = 'zh-CN'): string {
  if (Math.abs(value) >= 10_000) return new Intl.NumberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(value)
  return plain.format(value)
}

export function trendGeometry(series: TrendSeries, size: TrendSize = DEFAULT_TREND_SIZE, locale: Locale = 'zh-CN'): TrendGeometry {
  const { width, height, pad } = size
  const plot = { left: pad, right: width - pad / 2, top: pad / 2, bottom: height - pad }
  const source: TrendPoint[] = Array.isArray(series.points) ? series.points : []
  const n = source.length

  // Keep the first and last points off the axis lines.
  const inset = Math.min(12, (plot.right - plot.left) / 4)
  const xLeft = plot.left + inset
  const xRight = plot.right - inset
  const xAt = (i: number) => (n <= 1 ? (plot.left + plot.right) / 2 : xLeft + (i * (xRight - xLeft)) / (n - 1))

  const values = source.map((p) => finite(p.value)).filter((v): v is number => v !== null)
  let yRange: TrendGeometry['yRange'] = null
  let dataMin = 0
  let dataMax = 0
  if (values.length > 0) {
    dataMin = Math.min(...values)
    dataMax = Math.max(...values)
    // A flat or single-valued series still needs a span; 10 % headroom keeps points off the axes.
    const span = dataMax - dataMin
    const margin = span > 0 ? span * 0.1 : Math.abs(dataMin) * 0.1 || 1
    yRange = { min: dataMin - margin, max: dataMax + margin }
  }
  const yAt = (v: number) => (yRange ? plot.bottom - ((v - yRange.min) / (yRange.max - yRange.min)) * (plot.bottom - plot.top) : plot.bottom)

  const points: TrendPlotPoint[] = source.map((p, i) => {
    const value = finite(p.value)
    return {
      x: round(xAt(i)),
      y: value === null ? null : round(yAt(value)),
      value,
      display: typeof p.display === 'string' && p.display !== '' ? p.display : value === null ? '—' : plain.format(value),
      period: typeof p.period === 'string' ? p.period : '',
      draft: p.draft === true,
    }
  })

  const lines: { x: number; y: number }[][] = []
  let run: { x: number; y: number }[] = []
  for (const p of points) {
    if (p.draft || p.y === null) {
      if (run.length > 0) lines.push(run)
      run = []
    } else {
      run.push({ x: p.x, y: p.y })
    }
  }
  if (run.length > 0) lines.push(run)

  const draftIndex = points.findIndex((p) => p.draft)
  const draft = draftIndex >= 0 ? points[draftIndex]! : null
  const lastPublished = [...points.slice(0, draftIndex >= 0 ? draftIndex : n)].reverse().find((p) => !p.draft && p.y !== null)
  const draftLink =
    draft && draft.y !== null && lastPublished && lastPublished.y !== null
      ? { x1: lastPublished.x, y1: lastPublished.y, x2: draft.x, y2: draft.y }
      : null

  const longest = Math.max(0, ...points.map((p) => textWidth(p.period)))
  const fit = Math.max(1, Math.floor((plot.right - plot.left) / (longest + 8)))
  const every = Math.max(1, Math.ceil(n / fit))
  const xTicks: TrendXTick[] = points.map((p, i) => ({ x: p.x, label: p.period, draft: p.draft, showLabel: (n - 1 - i) % every === 0 }))

  const yTicks: TrendYTick[] = yRange
    ? (dataMin === dataMax ? [dataMin] : [dataMin, dataMax]).map((v) => ({ y: round(yAt(v)), value: v, label: formatTrendValue(v, locale) }))
    : []
  const zeroY = yRange && yRange.min < 0 && yRange.max > 0 ? round(yAt(0)) : null

  const hasPublished = points.some((p) => !p.draft && p.value !== null)
  // With nothing plotted the message sits in the middle; above a lone draft point otherwise.
  const message = hasPublished
    ? null
    : { x: round((plot.left + plot.right) / 2), y: round(values.length > 0 ? plot.top + 12 : (plot.top + plot.bottom) / 2 + 4) }

  return { size, plot, points, lines, draftLink, xTicks, yTicks, yRange, zeroY, hasPublished, message }
}

export interface TrendSvgOptions {
  /** The chart's accessible name, e.g. "一次解决率（%）". */
  title: string
  locale: Locale
  size?: TrendSize
}

const COLORS = { axis: '#8c959f', label: '#57606a', line: '#0b5fff', zero: '#d0d7de' }

/**
 * The chart as one `<svg>` element string: styles as attributes (no
 * `<style>`, which would leak into the page embedding it), every text escaped.
 */
export function renderTrendSvg(series: TrendSeries, options: TrendSvgOptions): string {
  const g = trendGeometry(series, options.size ?? DEFAULT_TREND_SIZE, options.locale)
  const words = TREND_LABELS[options.locale] ?? TREND_LABELS['zh-CN']
  const { width, height } = g.size
  const { left, right, top, bottom } = g.plot
  const e = escapeHtml
  const out: string[] = []

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="trend-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"` +
      ` font-family="Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif" font-size="10">`,
  )
  out.push(`<title>${e(g.hasPublished ? options.title : `${options.title} · ${words.noData}`)}</title>`)
  if (g.points.length > 0) {
    const rows = g.points.map((p) => `${p.period}${p.draft ? ` (${words.draft})` : ''}: ${p.display}`)
    out.push(`<desc>${e(rows.join('; '))}</desc>`)
  }

  // Axes and ticks.
  out.push(`<g stroke="${COLORS.axis}" stroke-width="1">`)
  out.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>`)
  out.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/>`)
  for (const t of g.xTicks) out.push(`<line x1="${t.x}" y1="${bottom}" x2="${t.x}" y2="${bottom + 4}"/>`)
  for (const t of g.yTicks) out.push(`<line x1="${left - 4}" y1="${t.y}" x2="${left}" y2="${t.y}"/>`)
  out.push('</g>')
  if (g.zeroY !== null) {
    out.push(`<line x1="${left}" y1="${g.zeroY}" x2="${right}" y2="${g.zeroY}" stroke="${COLORS.zero}" stroke-dasharray="2 2"/>`)
  }

  // Labels: min/max values on the y axis, periods on the x axis.
  out.push(`<g fill="${COLORS.label}">`)
  for (const t of g.yTicks) out.push(`<text x="${left - 6}" y="${round(t.y + 3.5)}" text-anchor="end">${e(t.label)}</text>`)
  for (const t of g.xTicks) {
    if (!t.showLabel) continue
    out.push(`<text x="${t.x}" y="${bottom + 15}" text-anchor="middle"${t.draft ? ' font-style="italic"' : ''}>${e(t.label)}</text>`)
  }
  out.push('</g>')

  // Published values: lines through consecutive points, a dot on each.
  for (const line of g.lines) {
    if (line.length > 1) {
      out.push(`<polyline points="${line.map((p) => `${p.x},${p.y}`).join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="2" stroke-linejoin="round"/>`)
    }
  }
  for (const p of g.points) {
    if (p.draft || p.y === null) continue
    out.push(`<circle cx="${p.x}" cy="${p.y}" r="3" fill="${COLORS.line}"><title>${e(`${p.period}: ${p.display}`)}</title></circle>`)
  }

  // The draft: hollow, dashed, labelled, so nobody mistakes it for a published value.
  if (g.draftLink) {
    const l = g.draftLink
    out.push(`<line x1="${l.x1}" y1="${l.y1}" x2="${l.x2}" y2="${l.y2}" stroke="${COLORS.line}" stroke-width="1.5" stroke-dasharray="4 3"/>`)
  }
  for (const p of g.points) {
    if (!p.draft || p.y === null) continue
    const text = `${words.draft} ${p.display}`
    const anchor = p.x > right - textWidth(text) / 2 ? 'end' : p.x < left + textWidth(text) / 2 ? 'start' : 'middle'
    const labelY = p.y - 8 >= top - 4 ? p.y - 8 : p.y + 15
    out.push(`<circle class="trend-draft" cx="${p.x}" cy="${p.y}" r="4" fill="#fff" stroke="${COLORS.line}" stroke-width="2" stroke-dasharray="2 1.5"/>`)
    out.push(`<text class="trend-draft-label" x="${p.x}" y="${round(labelY)}" text-anchor="${anchor}" fill="${COLORS.line}" font-style="italic">${e(text)}</text>`)
  }

  if (g.message) {
    out.push(`<text class="trend-empty" x="${g.message.x}" y="${g.message.y}" text-anchor="middle" fill="${COLORS.axis}" font-size="13">${e(words.noData)}</text>`)
  }
  out.push('</svg>')
  return out.join('')
}

/**
 * A trend block's `series` attribute (JSON written by the server, or already
 * an object) as a TrendSeries; null when absent or not one. Points with a
 * value that is not a finite number keep their place with a null value.
 */
export function parseTrendSeries(raw: unknown): TrendSeries | null {
  let data: unknown = raw
  if (typeof raw === 'string') {
    if (raw.trim() === '') return null
    try {
      data = JSON.parse(raw)
    } catch {
      return null
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const d = data as Record<string, unknown>
  if (!Array.isArray(d.points)) return null
  const text = (v: unknown) => attrString(v) ?? ''
  return {
    metricKey: text(d.metricKey),
    name: text(d.name),
    unit: text(d.unit),
    points: d.points
      .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
      .map((p) => {
        const value = finite(p.value)
        return {
          period: text(p.period),
          value,
          display: text(p.display) || (value === null ? '' : String(value)),
          draft: p.draft === true,
          version: typeof p.version === 'string' ? p.version : null,
        }
      }),
  }
}
