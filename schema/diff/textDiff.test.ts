import { describe, expect, it } from 'vitest'
import { diffArrays, type EditRun } from './myers'
import { countChanges, diffText, tokenize } from './textDiff'

/** Rebuilds `b` from `a` and the runs; also checks the runs cover both arrays in order. */
function apply<T>(a: T[], b: T[], runs: EditRun[]): T[] {
  const out: T[] = []
  let ai = 0
  let bi = 0
  for (const r of runs) {
    expect(r.count).toBeGreaterThan(0)
    if (r.op === 'equal') {
      expect([r.aStart, r.bStart]).toEqual([ai, bi])
      for (let i = 0; i < r.count; i++) expect(a[ai + i]).toEqual(b[bi + i])
      out.push(...a.slice(ai, ai + r.count))
      ai += r.count
      bi += r.count
    } else if (r.op === 'delete') {
      expect(r.aStart).toBe(ai)
      ai += r.count
    } else {
      expect(r.bStart).toBe(bi)
      out.push(...b.slice(bi, bi + r.count))
      bi += r.count
    }
  }
  expect([ai, bi]).toEqual([a.length, b.length])
  return out
}

/** Length of the longest common subsequence, by dynamic programming (the reference). */
function lcs<T>(a: T[], b: T[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (const x of a) {
    let diag = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!)
      diag = up
    }
  }
  return row[b.length]!
}

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s / 0x7fffffff
  }
}

describe('diffArrays (Myers)', () => {
  it('handles empty and identical inputs', () => {
    expect(diffArrays([], [])).toEqual([])
    expect(diffArrays([1, 2], [1, 2])).toEqual([{ op: 'equal', aStart: 0, bStart: 0, count: 2 }])
    expect(diffArrays([], [1])).toEqual([{ op: 'insert', aStart: 0, bStart: 0, count: 1 }])
    expect(diffArrays([1], [])).toEqual([{ op: 'delete', aStart: 0, bStart: 0, count: 1 }])
  })

  it('finds the classic example’s shortest edit script', () => {
    const a = 'ABCABBA'.split('')
    const b = 'CBABAC'.split('')
    const runs = diffArrays(a, b)
    expect(apply(a, b, runs)).toEqual(b)
    const kept = runs.filter((r) => r.op === 'equal').reduce((n, r) => n + r.count, 0)
    expect(kept).toBe(4)
  })

  it('always rebuilds b and keeps a longest common subsequence (random inputs)', () => {
    const rand = rng(7)
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: Math.floor(rand() * 30) }, () => Math.floor(rand() * 4))
      const b = Array.from({ length: Math.floor(rand() * 30) }, () => Math.floor(rand() * 4))
      const runs = diffArrays(a, b)
      expect(apply(a, b, runs)).toEqual(b)
      const kept = runs.filter((r) => r.op === 'equal').reduce((n, r) => n + r.count, 0)
      expect(kept, `${a} / ${b}`).toBe(lcs(a, b))
    }
  })

  it('gives up beyond maxEdits with a correct (if coarse) script', () => {
    const a = Array.from({ length: 200 }, (_, i) => i)
    const b = Array.from({ length: 200 }, (_, i) => i + 1000)
    b[0] = 0
    const runs = diffArrays(a, b, { maxEdits: 10 })
    expect(apply(a, b, runs)).toEqual(b)
    expect(runs.map((r) => r.op)).toEqual(['equal', 'delete', 'insert'])
  })
})

describe('diffText', () => {
  it('diffs Chinese per character and numbers as whole words', () => {
    expect(diffText('一次解决率由 92.1% 提升至 93.5%。', '一次解决率由 92.1% 提升到 94%。')).toEqual([
      { op: 'equal', text: '一次解决率由 92.1% 提升' },
      { op: 'delete', text: '至' },
      { op: 'insert', text: '到' },
      { op: 'equal', text: ' ' },
      { op: 'delete', text: '93.5' },
      { op: 'insert', text: '94' },
      { op: 'equal', text: '%。' },
    ])
  })

  it('diffs Latin text per word', () => {
    expect(diffText('Night shift adds two agents', 'Night shift adds four agents today')).toEqual([
      { op: 'equal', text: 'Night shift adds ' },
      { op: 'delete', text: 'two' },
      { op: 'insert', text: 'four' },
      { op: 'equal', text: ' agents' },
      { op: 'insert', text: ' today' },
    ])
  })

  it('puts deletions before insertions and merges neighbours, so segments rebuild both texts', () => {
    const rand = rng(3)
    const words = ['服', '务', '量', ' ', 'NPS', '41', '，', 'up', 'down', '。']
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: Math.floor(rand() * 20) }, () => words[Math.floor(rand() * words.length)]).join('')
      const b = Array.from({ length: Math.floor(rand() * 20) }, () => words[Math.floor(rand() * words.length)]).join('')
      const segs = diffText(a, b)
      expect(segs.filter((s) => s.op !== 'insert').map((s) => s.text).join('')).toBe(a)
      expect(segs.filter((s) => s.op !== 'delete').map((s) => s.text).join('')).toBe(b)
      for (let i = 1; i < segs.length; i++) {
        expect(segs[i]!.op === segs[i - 1]!.op, JSON.stringify(segs)).toBe(false)
        expect(segs[i - 1]!.op === 'insert' && segs[i]!.op === 'delete').toBe(false)
      }
    }
  })

  it('answers a spent budget with the changed middle replaced, still rebuilding both texts', () => {
    const budget = { steps: 0 }
    expect(diffText('本月接通率 81%，放弃率 12%。', '本月接通率 84%，放弃率 9%。', budget)).toEqual([
      { op: 'equal', text: '本月接通率 ' },
      { op: 'delete', text: '81%，放弃率 12' },
      { op: 'insert', text: '84%，放弃率 9' },
      { op: 'equal', text: '%。' },
    ])
    const plenty = { steps: 1000 }
    expect(diffText('本月接通率 81%，放弃率 12%。', '本月接通率 84%，放弃率 9%。', plenty)).toHaveLength(7)
    expect(plenty.steps).toBeLessThan(1000)
  })

  it('shows a text rewritten throughout as replaced, without searching', () => {
    expect(diffText('甲乙丙丁戊己庚辛', '子丑寅卯辰巳午未')).toEqual([
      { op: 'delete', text: '甲乙丙丁戊己庚辛' },
      { op: 'insert', text: '子丑寅卯辰巳午未' },
    ])
  })

  it('is empty for two empty texts and one equal segment for equal texts', () => {
    expect(diffText('', '')).toEqual([])
    expect(diffText('同', '同')).toEqual([{ op: 'equal', text: '同' }])
    expect(diffText('', '新')).toEqual([{ op: 'insert', text: '新' }])
  })

  it('tokenizes mixed text', () => {
    expect(tokenize('FCR提升 1,286,000 次 don’t')).toEqual(['FCR', '提', '升', ' ', '1,286,000', ' ', '次', ' ', 'don’t'])
    expect(countChanges(diffText('上月 38', '本月 41 分'))).toEqual({ inserted: 3, deleted: 2 })
  })
})
