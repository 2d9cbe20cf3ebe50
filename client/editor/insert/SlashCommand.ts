/**
 * The "/" trigger of the insert menu. Typing "/" (or "、", what the "/" key
 * gives in a Chinese input method) at the start of a paragraph or after a
 * space opens the menu; the text typed after it is the query. The plugin
 * state is only the trigger (its range and query), derived from the state
 * being applied; the menu itself is React (`SlashMenu`), which registers its
 * key handler in the extension's storage so arrows and Enter reach it
 * before the editor's own keymap.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state'

/** The typed "/query": `from` is the slash, `to` the cursor. */
export interface SlashTrigger {
  from: number
  to: number
  query: string
}

interface SlashState {
  trigger: SlashTrigger | null
  /** Position of a trigger closed with Escape; it stays closed until it is gone. */
  dismissedAt: number | null
}

export interface SlashCommandStorage {
  /** Set by the open menu: returns true when it handled the key. */
  onKeyDown: ((event: KeyboardEvent) => boolean) | null
}

declare module '@tiptap/core' {
  interface Storage {
    slashCommand: SlashCommandStorage
  }
}

export const slashCommandKey = new PluginKey<SlashState>('slashCommand')

/** The slash, at the start of the paragraph or after whitespace, then a query without spaces, up to the cursor. */
const TRIGGER = /(?:^|\s)[/、]([^\s/、]{0,24})$/u

/** The trigger before the cursor of `state`, if any. */
export function findSlashTrigger(state: EditorState): SlashTrigger | null {
  const { selection } = state
  if (!(selection instanceof TextSelection) || !selection.empty) return null
  const $pos = selection.$from
  if ($pos.parent.type.name !== 'paragraph') return null
  // One character per inline leaf keeps string offsets equal to positions.
  const before = $pos.parent.textBetween(0, $pos.parentOffset, undefined, '\ufffc')
  const match = TRIGGER.exec(before)
  if (!match) return null
  const query = match[1]!
  return { from: $pos.pos - query.length - 1, to: $pos.pos, query }
}

/** Closes the open menu for the current trigger (Escape). */
export function dismissSlashMenu(state: EditorState) {
  return state.tr.setMeta(slashCommandKey, { dismiss: true })
}

export const SlashCommand = Extension.create<Record<string, never>, SlashCommandStorage>({
  name: 'slashCommand',

  addStorage() {
    return { onKeyDown: null }
  },

  addProseMirrorPlugins() {
    const storage = this.storage
    return [
      new Plugin<SlashState>({
        key: slashCommandKey,
        state: {
          init: (_, state) => ({ trigger: findSlashTrigger(state), dismissedAt: null }),
          apply(tr, prev, _oldState, newState) {
            const trigger = findSlashTrigger(newState)
            if (!trigger) return { trigger: null, dismissedAt: null }
            const dismiss = (tr.getMeta(slashCommandKey) as { dismiss?: boolean } | undefined)?.dismiss
            const dismissedAt = dismiss ? trigger.from : prev.dismissedAt === null ? null : tr.mapping.map(prev.dismissedAt)
            return dismissedAt === trigger.from ? { trigger: null, dismissedAt } : { trigger, dismissedAt: null }
          },
        },
        props: {
          handleKeyDown(view, event) {
            if (!view.editable || !slashCommandKey.getState(view.state)?.trigger) return false
            if (storage.onKeyDown?.(event)) return true
            if (event.key === 'Escape') {
              view.dispatch(dismissSlashMenu(view.state))
              return true
            }
            return false
          },
        },
      }),
    ]
  },
})
