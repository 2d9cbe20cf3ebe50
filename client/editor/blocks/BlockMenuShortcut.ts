import { Extension } from '@tiptap/core'
import { NodeSelection } from '@tiptap/pm/state'
import { BLOCK_TYPES } from '@schema/reportExtensions'

/** The key that opens the block menu of the block around the cursor (the usual key for a context menu). */
export const BLOCK_MENU_KEY = 'Shift-F10'

/** Id of the innermost structured block (not a section) around the selection, or the selected one. */
function blockIdAtSelection(selection: NodeSelection | { $from: NodeSelection['$from'] }): string | null {
  if (selection instanceof NodeSelection && BLOCK_TYPES.has(selection.node.type.name)) return selection.node.attrs.id as string | null
  const { $from } = selection
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d)
    if (BLOCK_TYPES.has(node.type.name) && node.type.name !== 'reportSection') return node.attrs.id as string | null
  }
  return null
}

/**
 * Shift+F10 in a block's text opens that block's menu (BlockMenu.tsx) with
 * its first item focused, so the menu is reachable without a mouse from
 * where one is typing.
 */
export const BlockMenuShortcut = Extension.create({
  name: 'blockMenuShortcut',
  addKeyboardShortcuts() {
    return {
      [BLOCK_MENU_KEY]: ({ editor }) => {
        if (!editor.isEditable) return false
        const id = blockIdAtSelection(editor.state.selection)
        if (!id) return false
        const handle = editor.view.dom.querySelector<HTMLButtonElement>(`[data-block-id="${CSS.escape(id)}"] [data-testid=block-handle]`)
        if (!handle) return false
        handle.focus()
        handle.click()
        return true
      },
    }
  },
})
