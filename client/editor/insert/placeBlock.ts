import type { Node as PMNode } from '@tiptap/pm/model'
import { NodeSelection, TextSelection, type Transaction } from '@tiptap/pm/state'

/**
 * Where `node` goes for the cursor of `tr`: in place of the empty paragraph
 * holding the cursor, else after the innermost block around the cursor
 * whose parent accepts it (a metrics table typed inside an issue's
 * description lands after the issue, in the section); from the title,
 * at the top of the next section; between sections, at the end of the
 * section before. Never at the top level, outside every section
 * (schema/outsideSection.ts). Null when nothing around the cursor accepts it.
 */
function insertionRange(tr: Transaction, node: PMNode): { from: number; to: number } | null {
  const { selection } = tr
  const $from = selection.$from
  const parent = $from.parent
  if (parent.isTextblock) {
    const d = $from.depth
    // Not an empty paragraph at the top level (left there by an older editor): that would put the block outside the sections.
    if (parent.type.name === 'paragraph' && parent.content.size === 0 && d > 1) {
      const index = $from.index(d - 1)
      if ($from.node(d - 1).canReplaceWith(index, index + 1, node.type)) return { from: $from.before(), to: $from.after() }
    }
  } else {
    // A selected node or a gap cursor: right there, unless that is between sections.
    const isNode = selection instanceof NodeSelection
    const index = $from.index() + (isNode ? 1 : 0)
    const pos = isNode ? selection.to : $from.pos
    if ($from.depth === 0) return nearestSectionRange(tr.doc, index, node)
    if (parent.canReplaceWith(index, index, node.type)) return { from: pos, to: pos }
  }
  for (let d = $from.depth - 1; d >= 0; d--) {
    const index = $from.index(d) + 1
    // Outside any section (in the title, a stray paragraph): into the nearest section, never between sections (schema/outsideSection.ts).
    if (d === 0) return nearestSectionRange(tr.doc, $from.index(0), node)
    if ($from.node(d).canReplaceWith(index, index, node.type)) {
      const pos = $from.after(d + 1)
      return { from: pos, to: pos }
    }
  }
  return null
}

/**
 * For a cursor between top-level nodes before child `index` (a gap cursor
 * after the last section, a selected section): the end of the section
 * just before, else the top of the next one.
 */
function nearestSectionRange(doc: PMNode, index: number, node: PMNode): { from: number; to: number } | null {
  const before = index > 0 ? doc.child(index - 1) : null
  if (before?.type.name === 'reportSection' && before.canReplaceWith(before.childCount, before.childCount, node.type)) {
    let end = 0
    for (let i = 0; i < index; i++) end += doc.child(i).nodeSize
    return { from: end - 1, to: end - 1 }
  }
  const start = nextSectionStart(doc, index, node)
  return start === null ? null : { from: start, to: start }
}

/** Position right after the heading of the first report section at or after top-level `index`, if it accepts `node`. */
function nextSectionStart(doc: PMNode, index: number, node: PMNode): number | null {
  let pos = 0
  for (let i = 0; i < doc.childCount; i++) {
    const child = doc.child(i)
    if (i >= index && child.type.name === 'reportSection') {
      return child.canReplaceWith(1, 1, node.type) ? pos + 1 + child.child(0).nodeSize : null
    }
    pos += child.nodeSize
  }
  return null
}

/** Offset, inside `node`, of the start of its first textblock's content (0 for a textblock itself). */
function firstTextOffset(node: PMNode): number | null {
  if (node.isTextblock) return 0
  let found: number | null = null
  node.descendants((child, offset) => {
    if (found !== null) return false
    if (child.isTextblock) found = offset + 2 // into `node`, then into the textblock
    return true
  })
  return found
}

/**
 * Inserts a block at the cursor of `tr` (see {@link insertionRange}) and puts
 * the cursor where typing continues: inside the block's first text, or, for
 * a block without text (KPI card, trend chart, metrics table), in a
 * paragraph after it, added when none follows. Returns false when the block
 * fits nowhere around the cursor.
 */
export function placeBlock(tr: Transaction, node: PMNode): boolean {
  const range = insertionRange(tr, node)
  if (!range) return false
  // The range was checked with canReplaceWith, so the node lands exactly at `from`.
  tr.replaceWith(range.from, range.to, node)
  const placed = range.from
  const inner = firstTextOffset(node)
  if (inner !== null) {
    tr.setSelection(TextSelection.create(tr.doc, placed + inner))
  } else {
    const after = placed + node.nodeSize
    const $after = tr.doc.resolve(after)
    const paragraph = tr.doc.type.schema.nodes.paragraph!
    if ($after.nodeAfter?.type !== paragraph && $after.parent.canReplaceWith($after.index(), $after.index(), paragraph)) {
      tr.insert(after, paragraph.create())
    }
    tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1)))
  }
  tr.scrollIntoView()
  return true
}
