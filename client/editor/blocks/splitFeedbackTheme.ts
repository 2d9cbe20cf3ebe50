import type { KeyboardShortcutCommand } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { newBlockId } from '@schema/blockId'

/**
 * Enter in a feedback theme's text starts the next theme with its own id
 * and the same sentiment. The default split would copy the attributes, id included.
 */
export const splitFeedbackTheme =
  (typeName: string): KeyboardShortcutCommand =>
  ({ editor }) => {
    const { $from, empty } = editor.state.selection
    const theme = $from.parent
    if (!empty || theme.type.name !== typeName) return false
    return editor.commands.command(({ tr }) => {
      tr.split($from.pos, 1, [{ type: theme.type, attrs: { id: newBlockId(), sentiment: theme.attrs.sentiment } }])
      tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos)))
      tr.scrollIntoView()
      return true
    })
  }
