/**
 * Myers' O(ND) difference algorithm over arrays of tokens (no `diff`
 * package in this repo, and the schema must stay dependency-light for the
 * browser). Common prefix and suffix are trimmed first — most edits of a
 * report are small and local — and the search gives up beyond `maxEdits`,
 * answering "replace the rest" instead: memory grows with the square of the
 * edit distance, and two unrelated texts have no useful diff anyway.
 */

export type EditOp = 'equal' | 'insert' | 'delete'

/** A run of one operation: `count` tokens from `a` at `aStart` (equal, delete) and/or `b` at `bStart` (equal, insert). */
export interface EditRun {
  op: EditOp
  aStart: number
  bStart: number
  count: number
}

/**
 * Work shared by several diffs (e.g. every text of one report diff): each
 * step of the search costs one unit; when none is left, a search answers
 * "replace the rest" at once, so the total time stays bounded whatever the
 * input.
 */
export interface DiffBudget {
  steps: number
}

export interface DiffOptions<T> {
  /** Give up beyond this many edits (default 2000). */
  maxEdits?: number
  equals?: (x: T, y: T) => boolean
  budget?: DiffBudget
}

export function diffArrays<T>(a: readonly T[], b: readonly T[], options: DiffOptions<T> = {}): EditRun[] {
  const eq = options.equals ?? ((x: T, y: T) => x === y)
  const maxEdits = options.maxEdits ?? 2000
  const runs: EditRun[] = []
  const push = (op: EditOp, aStart: number, bStart: number, count: number) => {
    if (count <= 0) return
    const last = runs[runs.length - 1]
    if (last && last.op === op && last.aStart + (op === 'insert' ? 0 : last.count) === aStart && last.bStart + (op === 'delete' ? 0 : last.count) === bStart) {
      last.count += count
    } else {
      runs.push({ op, aStart, bStart, count })
    }
  }

  let start = 0
  while (start < a.length && start < b.length && eq(a[start]!, b[start]!)) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && eq(a[endA - 1]!, b[endB - 1]!)) {
    endA--
    endB--
  }
  push('equal', 0, 0, start)
  const [ia, ib] = intern(a, b, start, endA, endB, options.equals)
  for (const r of middleRuns(ia, ib, maxEdits, options.budget)) push(r.op, r.aStart + start, r.bStart + start, r.count)
  push('equal', endA, endB, a.length - endA)
  return runs
}

/**
 * The middles of a and b as small integers, equal tokens equal numbers: the
 * search then compares numbers in typed arrays, several times faster than
 * calling an equality function on strings.
 */
function intern<T>(a: readonly T[], b: readonly T[], start: number, endA: number, endB: number, equals?: (x: T, y: T) => boolean): [Int32Array, Int32Array] {
  const ia = new Int32Array(endA - start)
  const ib = new Int32Array(endB - start)
  if (!equals) {
    const ids = new Map<T, number>()
    const id = (t: T) => {
      let n = ids.get(t)
      if (n === undefined) ids.set(t, (n = ids.size))
      return n
    }
    for (let i = start; i < endA; i++) ia[i - start] = id(a[i]!)
    for (let i = start; i < endB; i++) ib[i - start] = id(b[i]!)
    return [ia, ib]
  }
  // A custom equality is not necessarily a hash: find a representative by scanning (small inputs only).
  const reps: T[] = []
  const id = (t: T) => {
    const n = reps.findIndex((r) => equals(r, t))
    if (n >= 0) return n
    reps.push(t)
    return reps.length - 1
  }
  for (let i = start; i < endA; i++) ia[i - start] = id(a[i]!)
  for (let i = start; i < endB; i++) ib[i - start] = id(b[i]!)
  return [ia, ib]
}

/** Myers between a and b (token ids), whose ends differ; runs in order, positions relative to a[0] and b[0]. */
function middleRuns(a: Int32Array, b: Int32Array, maxEdits: number, budget?: DiffBudget): EditRun[] {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) {
    return [
      ...(n > 0 ? [{ op: 'delete' as const, aStart: 0, bStart: 0, count: n }] : []),
      ...(m > 0 ? [{ op: 'insert' as const, aStart: 0, bStart: 0, count: m }] : []),
    ]
  }
  const max = n + m
  const limit = Math.min(max, maxEdits)
  const off = max + 1
  const v = new Int32Array(2 * max + 3)
  // The trace: before step d, v over k ∈ [-d-1, d+1] is copied to trace[d² + 2d …] (2d + 3 entries),
  // enough to walk back. One growing buffer instead of an array per step.
  let trace = new Int32Array(Math.min(1 << 12, (limit + 1) * (limit + 3)))
  let found = -1
  let work = 0
  outer: for (let d = 0; d <= limit; d++) {
    if (budget && work > budget.steps) break
    const base = d * d + 2 * d
    if (base + 2 * d + 3 > trace.length) {
      const bigger = new Int32Array(Math.max(trace.length * 2, base + 2 * d + 3))
      bigger.set(trace)
      trace = bigger
    }
    trace.set(v.subarray(off - d - 1, off + d + 2), base)
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1
      let y = x - k
      const x0 = x
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      work += 1 + x - x0
      v[off + k] = x
      if (x >= n && y >= m) {
        found = d
        break outer
      }
    }
  }
  if (budget) budget.steps = Math.max(0, budget.steps - work)
  if (found < 0) {
    return [
      { op: 'delete', aStart: 0, bStart: 0, count: n },
      { op: 'insert', aStart: n, bStart: 0, count: m },
    ]
  }

  // Walk back from (n, m), collecting single steps in reverse.
  const steps: EditRun[] = []
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const base = d * d + 2 * d + d + 1 // trace index of k = 0 at step d
    const at = (k: number) => trace[base + k]!
    const k = x - y
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const prevK = down ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    const snakeStart = down ? prevX : prevX + 1
    if (x > snakeStart) steps.push({ op: 'equal', aStart: snakeStart, bStart: snakeStart - k, count: x - snakeStart })
    steps.push(down ? { op: 'insert', aStart: prevX, bStart: prevY, count: 1 } : { op: 'delete', aStart: prevX, bStart: prevY, count: 1 })
    x = prevX
    y = prevY
  }
  if (x > 0) steps.push({ op: 'equal', aStart: 0, bStart: 0, count: x })
  return steps.reverse()
}
