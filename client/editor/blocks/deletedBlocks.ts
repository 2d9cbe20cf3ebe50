import type { Editor } from '@tiptap/core'
import { deleteBlock, type DeletedBlock } from './blockActions'

/**
 * The last block deleted from an editor's block menu, for the undo toast:
 * one per editor, replaced by the next deletion, cleared by undo or dismissal.
 */
export class DeletedBlocks {
  private last: DeletedBlock | null = null
  private readonly listeners = new Set<() => void>()

  get = (): DeletedBlock | null => this.last

  set(deleted: DeletedBlock | null): void {
    this.last = deleted
    for (const listener of [...this.listeners]) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

const stores = new WeakMap<Editor, DeletedBlocks>()

/** The store of `editor`'s last deleted block. */
export function deletedBlocksOf(editor: Editor): DeletedBlocks {
  let store = stores.get(editor)
  if (!store) {
    store = new DeletedBlocks()
    stores.set(editor, store)
  }
  return store
}

/** Deletes the block at `getPos()` on purpose and offers its undo in the toast; false when it cannot go. */
export function deleteWithUndo(editor: Editor, getPos: () => number | undefined): boolean {
  const pos = getPos()
  if (typeof pos !== 'number') return false
  const deleted = deleteBlock(editor, pos)
  if (!deleted) return false
  deletedBlocksOf(editor).set(deleted)
  return true
}
