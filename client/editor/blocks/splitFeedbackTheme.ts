import { Extension, type KeyboardShortcutCommand } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Selection, TextSelection } from '@tiptap/pm/state'
import { newBlockId } from '@schema/blockId'
import { allowBlockRemoval } from '../BlockGuard'

/** A theme with no text and no channel or count: removing it loses nothing. */
const isBlankTheme = (theme: PMNode) => theme.content.size === 0 && !theme.attrs.channel && !theme.attrs.count

/**
 * Enter in a feedback theme's text starts the next theme with its own id
 * and the same sentiment. The default split would copy the attributes, id included.
 * Enter in a blank theme leaves the list, like Enter in an empty list item:
 * the theme goes and the caret moves to the start of the summary text after the themes.
 */
export const splitFeedbackTheme =
  (typeName: string): KeyboardShortcutCommand =>
  ({ editor }) => {
    const { $from, empty } = editor.state.selection
    const theme = $from.parent
    if (!empty || theme.type.name !== typeName) return false
    if (isBlankTheme(theme)) {
      const before = $from.before()
      const summaryEnd = $from.end(-1)
      const tr = editor.state.tr.delete(before, $from.after())
      // The first non-theme child after the removed theme: the summary text.
      let at = before
      const end = tr.mapping.map(summaryEnd)
      while (at < end) {
        const child = tr.doc.nodeAt(at)
        if (!child || child.type.name !== typeName) break
        at += child.nodeSize
      }
      tr.setSelection(Selection.near(tr.doc.resolve(at + 1)))
      editor.view.dispatch(allowBlockRemoval(tr).scrollIntoView())
      return true
    }
    return editor.commands.command(({ tr }) => {
      tr.split($from.pos, 1, [{ type: theme.type, attrs: { id: newBlockId(), sentiment: theme.attrs.sentiment } }])
      tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos)))
      tr.scrollIntoView()
      return true
    })
  }

/**
 * Backspace at the start of a blank theme removes it, like Backspace in an
 * empty list item: the caret goes to the end of the previous theme, or to
 * whatever follows (the next theme, the summary text) when it was the first.
 * A theme with text or fields is never removed by the key (BlockGuard keeps it).
 */
export const removeBlankFeedbackTheme =
  (typeName: string): KeyboardShortcutCommand =>
  ({ editor }) => {
    const { $from, empty } = editor.state.selection
    const theme = $from.parent
    if (!empty || theme.type.name !== typeName || !isBlankTheme(theme)) return false
    const before = $from.before()
    const previous = $from.index(-1) > 0 ? $from.node(-1).child($from.index(-1) - 1) : null
    const tr = editor.state.tr.delete(before, $from.after())
    const target =
      previous?.type.name === typeName ? TextSelection.create(tr.doc, before - 1) : Selection.near(tr.doc.resolve(Math.min(before + 1, tr.doc.content.size)))
    tr.setSelection(target)
    editor.view.dispatch(allowBlockRemoval(tr).scrollIntoView())
    return true
  }

/** Backspace in a blank theme, before BlockGuard (priority 1000), which otherwise keeps every theme from the key. */
export const FeedbackThemeKeys = Extension.create({
  name: 'feedbackThemeKeys',
  priority: 1001,
  addKeyboardShortcuts: () => ({ Backspace: removeBlankFeedbackTheme('feedbackTheme') }),
})
