import type { InsertItem } from './insertItems'

/**
 * The items matching what was typed after "/": the query is matched,
 * case-insensitively, against the zh-CN and English labels, the key and the
 * keywords. A label starting with the query ranks first, then a word of a
 * label or keyword starting with it, then a match anywhere; the menu order
 * is kept within a rank.
 */
export function filterInsertItems(items: readonly InsertItem[], query: string): InsertItem[] {
  const q = query.trim().toLowerCase()
  if (q === '') return [...items]
  const ranked: { item: InsertItem; rank: number }[] = []
  for (const item of items) {
    const labels = [item.label['zh-CN'], item.label.en].map((s) => s.toLowerCase())
    const all = [...labels, item.key.toLowerCase(), ...item.keywords]
    const rank = labels.some((s) => s.startsWith(q))
      ? 0
      : all.some((s) => s.split(/[\s_-]+/).some((word) => word.startsWith(q)))
        ? 1
        : all.some((s) => s.includes(q))
          ? 2
          : -1
    if (rank >= 0) ranked.push({ item, rank })
  }
  // Array.prototype.sort is stable: equal ranks keep the menu order.
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.item)
}
