/**
 * Keeps every block's `id` unique and present. Comments, links, checks and
 * KPIs point at blocks by id, so a block without one, or two blocks sharing
 * one (after copy/paste, a split, a drag), would make them point nowhere or
 * at the wrong block.
 *
 * Contract:
 * - Only local transactions are repaired. Changes applied by the y-sync
 *   plugin (a peer's edit, the initial load, a Yjs undo) are left alone: the
 *   client that made the change repairs it before it reaches Yjs, and two
 *   clients repairing the same remote block at once would race.
 * - In a group of blocks sharing an id, the block that was already there
 *   keeps it: the first one in document order that the transaction did not
 *   insert (a pasted copy gets the new id even when pasted above its
 *   original). If all of them are new, the first keeps it.
 * - Typing is not slowed down: the document is only scanned after a step
 *   that can bring a block in (a replace whose content holds one, or any
 *   other kind of step), not after text edits and deletions.
 * - The repair is appended to the same update, so a duplicate never reaches
 *   the server. It is not excluded from history: the Yjs undo manager tracks
 *   the whole update, and undoing a paste removes the copy with its new id.
 */
import { Extension, combineTransactionSteps, getChangedRanges } from '@tiptap/core'
import type { Node as PMNode, Slice } from '@tiptap/pm/model'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { ReplaceStep } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { newBlockId } from '@schema/blockId'
import { BLOCK_TYPES } from '@schema/reportExtensions'

/** A block whose `id` must be set to `id`. */
export interface BlockIdFix {
  pos: number
  id: string
}

/** A range of the document (positions in the new document). */
export interface DocRange {
  from: number
  to: number
}

/**
 * The blocks of `doc` whose id is missing or repeats another block's id,
 * with a fresh id for each, in document order. `inserted` are the ranges the
 * change inserted: a block wholly inside one is a copy, and gives up a
 * shared id to a block outside.
 */
export function findBlockIdFixes(doc: PMNode, inserted: readonly DocRange[] = []): BlockIdFix[] {
  const groups = new Map<string, { pos: number; isNew: boolean }[]>()
  const fixes: BlockIdFix[] = []
  doc.descendants((node, pos) => {
    if (BLOCK_TYPES.has(node.type.name)) {
      const id = node.attrs.id as string | null | undefined
      if (!id) {
        fixes.push({ pos, id: newBlockId() })
      } else {
        const end = pos + node.nodeSize
        const isNew = inserted.some((r) => r.from <= pos && end <= r.to)
        const group = groups.get(id)
        if (group) group.push({ pos, isNew })
        else groups.set(id, [{ pos, isNew }])
      }
    }
    return !node.isTextblock
  })
  for (const group of groups.values()) {
    if (group.length < 2) continue
    const keeper = group.find((b) => !b.isNew) ?? group[0]!
    for (const block of group) if (block !== keeper) fixes.push({ pos: block.pos, id: newBlockId() })
  }
  return fixes.sort((a, b) => a.pos - b.pos)
}

/** A transaction the y-sync plugin dispatched: a remote change, the initial load or a Yjs undo/redo. */
export function isYjsChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
  return meta?.isChangeOrigin === true
}

/** Whether `slice` holds a block that carries an id (an inserted, pasted or split block). */
function sliceHasBlock(slice: Slice): boolean {
  let found = false
  slice.content.descendants((node) => {
    if (BLOCK_TYPES.has(node.type.name)) found = true
    return !found && !node.isTextblock
  })
  return found
}

/** Whether `tr` may have added a block or changed an id; plain text edits and deletions cannot. */
function mayAddBlocks(tr: Transaction): boolean {
  return tr.steps.some((step) => !(step instanceof ReplaceStep) || sliceHasBlock(step.slice))
}

export const uniqueBlockIdsKey = new PluginKey('uniqueBlockIds')

/** The ProseMirror plugin (usable without an editor, e.g. in unit tests). */
export function uniqueBlockIdsPlugin(): Plugin {
  return new Plugin({
    key: uniqueBlockIdsKey,
    appendTransaction(transactions, oldState, newState) {
      if (!transactions.some(mayAddBlocks) || transactions.some(isYjsChange)) return null
      const inserted = getChangedRanges(combineTransactionSteps(oldState.doc, [...transactions])).map((c) => c.newRange)
      const fixes = findBlockIdFixes(newState.doc, inserted)
      if (fixes.length === 0) return null
      const tr = newState.tr
      for (const fix of fixes) tr.setNodeAttribute(fix.pos, 'id', fix.id)
      return tr.setMeta(uniqueBlockIdsKey, fixes)
    },
  })
}

/** The TipTap extension of {@link uniqueBlockIdsPlugin}. */
export const UniqueBlockIds = Extension.create({
  name: 'uniqueBlockIds',
  addProseMirrorPlugins: () => [uniqueBlockIdsPlugin()],
})
