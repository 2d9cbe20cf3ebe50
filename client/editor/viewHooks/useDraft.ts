import { useRef, useState, type ChangeEvent, type CompositionEvent } from 'react'

type Field = HTMLInputElement | HTMLTextAreaElement

/**
 * Local text of an input bound to a node attribute.
 *
 * Node view props arrive a microtask after the transaction, so an input
 * controlled directly by `node.attrs` would snap back to the old value for
 * a moment and lose the caret position. The draft keeps what the user
 * typed, commits every change at once (one attribute per field, so
 * colleagues editing other fields of the node are not overwritten), and
 * adopts a new value from the document when it differs (a colleague's
 * edit, undo). While an IME composes (pinyin), nothing is committed and
 * nothing is adopted; the composed text is committed when it ends.
 */
export function useDraft(value: string, commit: (text: string) => void) {
  const [draft, setDraft] = useState(value)
  const [adopted, setAdopted] = useState(value)
  const composing = useRef(false)
  const lastCommitted = useRef(value)

  if (value !== adopted && !composing.current) {
    setAdopted(value)
    setDraft(value)
    lastCommitted.current = value
  }

  const send = (text: string) => {
    if (text === lastCommitted.current) return
    lastCommitted.current = text
    commit(text)
  }

  return {
    value: draft,
    onChange: (event: ChangeEvent<Field>) => {
      const text = event.currentTarget.value
      setDraft(text)
      if (!composing.current) send(text)
    },
    onCompositionStart: () => {
      composing.current = true
    },
    onCompositionEnd: (event: CompositionEvent<Field>) => {
      composing.current = false
      const text = event.currentTarget.value
      setDraft(text)
      send(text)
    },
  }
}
