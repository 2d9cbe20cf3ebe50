/** Small statistics helpers; all values in the unit they were given. */

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface Distribution {
  n: number
  p50: number
  p99: number
  p999: number
  max: number
  mean: number
}

export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort()
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : Number.NaN)
  let sum = 0
  for (const v of sorted) sum += v
  return {
    n: sorted.length,
    p50: round(at(50)),
    p99: round(at(99)),
    p999: round(at(99.9)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
  }
}

export function round(v: number, digits = 3): number {
  if (!Number.isFinite(v)) return v
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** Median over repetitions of a numeric field picked from each. */
export function medianOf<T>(runs: T[], pick: (r: T) => number | null | undefined): number {
  const vals = runs.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return round(median(vals))
}
