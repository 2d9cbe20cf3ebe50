import { none, value, type Derived } from './Derived'
import { parseNumber } from './parseNumber'

export type Direction = 'higher' | 'lower'

/** Month-over-month change `(current − previous) / |previous|`, as a fraction (0.05 = +5 %). */
export function momChange(current: string | null, previous: string | null): Derived {
  const c = parseNumber(current)
  const p = parseNumber(previous)
  if (!c.ok) return c
  if (!p.ok) return p
  if (p.value === 0) return none('zero_divisor')
  return value((c.value - p.value) / Math.abs(p.value))
}

/**
 * Target attainment as a fraction (1 = exactly on target): `current / target`
 * when higher is better, `target / current` when lower is better.
 */
export function attainment(current: string | null, target: string | null, direction: Direction): Derived {
  const c = parseNumber(current)
  const t = parseNumber(target)
  if (!t.ok) return t.reason === 'missing' ? none('no_target') : t
  if (!c.ok) return c
  const [num, den] = direction === 'lower' ? [t.value, c.value] : [c.value, t.value]
  if (den === 0) return none('zero_divisor')
  return value(num / den)
}

export type MetricStatus = 'met' | 'missed' | 'no_target' | 'unknown'

/** Whether a metric met its target, in its direction. */
export function metricStatus(current: string | null, target: string | null, direction: Direction): MetricStatus {
  const c = parseNumber(current)
  const t = parseNumber(target)
  if (!t.ok) return t.reason === 'missing' ? 'no_target' : 'unknown'
  if (!c.ok) return 'unknown'
  return (direction === 'lower' ? c.value <= t.value : c.value >= t.value) ? 'met' : 'missed'
}

/** NPS `(promoters − detractors) / responses × 100`. */
export function nps(promoters: string | null, detractors: string | null, responses: string | null): Derived {
  const pr = parseNumber(promoters)
  const de = parseNumber(detractors)
  const re = parseNumber(responses)
  if (!pr.ok) return pr
  if (!de.ok) return de
  if (!re.ok) return re
  if (re.value === 0) return none('zero_divisor')
  return value(((pr.value - de.value) / re.value) * 100)
}

/** A ratio `part / whole` (e.g. complaint resolution rate). */
export function ratio(part: string | null, whole: string | null): Derived {
  const a = parseNumber(part)
  const b = parseNumber(whole)
  if (!a.ok) return a
  if (!b.ok) return b
  if (b.value === 0) return none('zero_divisor')
  return value(a.value / b.value)
}
