/**
 * Text diffs as readers expect them in a bilingual report: Chinese (and
 * other CJK) text compared character by character — it has no spaces
 * between words — and Latin text, numbers included, word by word, so
 * "92.1" → "93.5" reads as one replaced number, not as changed digits.
 */
import { diffArrays, type DiffBudget } from './myers'

export interface DiffSegment {
  op: 'equal' | 'insert' | 'delete'
  text: string
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}'
const WORD_CHAR = `(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}_])`
// One CJK character; a word of other letters/digits (with inner . , ' ’ - as in 1,286,000, don't, e-mail); a run of spaces; any other character.
const TOKEN = new RegExp(`[${CJK}]|${WORD_CHAR}+(?:[.,'’\\-]${WORD_CHAR}+)*|\\s+|[\\s\\S]`, 'gu')

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? []
}

/**
 * The segments that turn `before` into `after`. Between two unchanged
 * stretches, what was deleted comes first, then what was inserted, each as
 * one segment, so a UI shows "~~旧~~新" rather than interleaved characters.
 * With a `budget` (shared by the texts of one report diff), a search that
 * runs out answers with the whole changed middle replaced.
 */
export function diffText(before: string, after: string, budget?: DiffBudget): DiffSegment[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }]
  const a = tokenize(before)
  const b = tokenize(after)
  const out: DiffSegment[] = []
  let del = ''
  let ins = ''
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del })
    if (ins) out.push({ op: 'insert', text: ins })
    del = ''
    ins = ''
  }
  // Past max(n, m) edits in the changed middles (n and m tokens), fewer than half the tokens of the
  // shorter one are shared: a rewrite, better read as one deletion and one insertion than as
  // scattered characters. The cap also bounds the cost (Myers is O((N+M)·D)) for long texts.
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const middleA = a.slice(start, endA)
  const middleB = b.slice(start, endB)
  const maxEdits = Math.min(2000, Math.max(8, middleA.length, middleB.length))
  // The common subsequence is at most the tokens both share: when even that bound needs more
  // edits than the cap, skip the search (linear time).
  const lowerBound = middleA.length + middleB.length - 2 * sharedTokens(middleA, middleB)
  for (const run of diffArrays(a, b, { maxEdits: lowerBound > maxEdits ? 0 : maxEdits, budget })) {
    if (run.op === 'equal') {
      flush()
      const text = a.slice(run.aStart, run.aStart + run.count).join('')
      const last = out[out.length - 1]
      if (last?.op === 'equal') last.text += text
      else out.push({ op: 'equal', text })
    } else if (run.op === 'delete') {
      del += a.slice(run.aStart, run.aStart + run.count).join('')
    } else {
      ins += b.slice(run.bStart, run.bStart + run.count).join('')
    }
  }
  flush()
  return out
}

/** Size of the multiset intersection of two token lists. */
function sharedTokens(a: string[], b: string[]): number {
  const counts = new Map<string, number>()
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1)
  let shared = 0
  for (const t of b) {
    const n = counts.get(t)
    if (n) {
      shared++
      counts.set(t, n - 1)
    }
  }
  return shared
}

/** How much a diff inserted and deleted, in the locale's unit: characters for CJK, words otherwise. */
export function countChanges(segments: DiffSegment[]): { inserted: number; deleted: number } {
  const count = (text: string) => tokenize(text).filter((t) => !/^\s+$/.test(t) && /[\p{L}\p{N}]/u.test(t)).length || (text.trim() ? 1 : 0)
  let inserted = 0
  let deleted = 0
  for (const s of segments) {
    if (s.op === 'insert') inserted += count(s.text)
    else if (s.op === 'delete') deleted += count(s.text)
  }
  return { inserted, deleted }
}
