/**
 * A small hand-written SVG line chart (no chart library): log-scaled axes,
 * one colour per series group, solid and dashed lines for two measures of
 * the same group (p50 and p99). Used for docs/latency-vs-n.svg.
 */

export interface ChartSeries {
  name: string
  color: string
  dashed?: boolean
  /** One value per x; null/NaN for a missing point. */
  values: (number | null)[]
}

export interface ChartSpec {
  title: string
  subtitle?: string
  xLabel: string
  yLabel: string
  xs: number[]
  series: ChartSeries[]
  width?: number
  height?: number
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmtTick = (v: number) => (v >= 1 ? String(Math.round(v * 100) / 100) : String(Math.round(v * 1000) / 1000))

/** Ticks 1, 2, 5 × 10^k covering [lo, hi]. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = []
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v)
    }
  }
  return ticks
}

export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 760
  const height = spec.height ?? 440
  const m = { top: 56, right: 210, bottom: 52, left: 64 }
  const plotW = width - m.left - m.right
  const plotH = height - m.top - m.bottom
  const values = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v) && v > 0)
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...values, 1)))
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...values, 1)))
  const xLo = Math.min(...spec.xs)
  const xHi = Math.max(...spec.xs)
  const x = (v: number) => m.left + ((Math.log(v) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo) || 1)) * plotW
  const y = (v: number) => m.top + plotH - ((Math.log(v) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo) || 1)) * plotH
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`)
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`)
  out.push(`<text x="${m.left}" y="22" font-size="15" font-weight="600" fill="#222">${esc(spec.title)}</text>`)
  if (spec.subtitle) out.push(`<text x="${m.left}" y="40" fill="#666">${esc(spec.subtitle)}</text>`)
  // Grid and axes.
  for (const t of logTicks(yLo, yHi)) {
    out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e4e4e4"/>`)
    out.push(`<text x="${m.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#555">${fmtTick(t)}</text>`)
  }
  for (const v of spec.xs) {
    out.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${m.top}" y2="${m.top + plotH}" stroke="#f0f0f0"/>`)
    out.push(`<text x="${x(v).toFixed(1)}" y="${m.top + plotH + 18}" text-anchor="middle" fill="#555">${v}</text>`)
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`)
  out.push(`<text x="${m.left + plotW / 2}" y="${height - 12}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`)
  out.push(`<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`)
  // Series.
  for (const s of spec.series) {
    const pts = spec.xs
      .map((xv, i) => [xv, s.values[i] ?? null] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]) && p[1] > 0)
    if (pts.length === 0) continue
    const d = pts.map(([xv, yv], i) => `${i ? 'L' : 'M'}${x(xv).toFixed(1)} ${y(yv).toFixed(1)}`).join(' ')
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`)
    for (const [xv, yv] of pts) {
      out.push(
        s.dashed
          ? `<rect x="${(x(xv) - 3.5).toFixed(1)}" y="${(y(yv) - 3.5).toFixed(1)}" width="7" height="7" fill="#fff" stroke="${s.color}" stroke-width="1.5"><title>${esc(s.name)}, N = ${xv}: ${fmtTick(yv)} ms</title></rect>`
          : `<circle cx="${x(xv).toFixed(1)}" cy="${y(yv).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(s.name)}, N = ${xv}: ${fmtTick(yv)} ms</title></circle>`,
      )
    }
  }
  // Legend.
  const lx = m.left + plotW + 16
  spec.series.forEach((s, i) => {
    const ly = m.top + 8 + i * 20
    out.push(`<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`)
    out.push(`<text x="${lx + 32}" y="${ly + 4}" fill="#333">${esc(s.name)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
