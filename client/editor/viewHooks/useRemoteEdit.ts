import { useEffect, useRef, useState } from 'react'
import type { Editor } from '@tiptap/core'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { BODY_FIELD } from '@schema/reportSchema'
import { RemoteAttributeEdits, type RemoteAttributeEdit } from '../../collab/RemoteAttributeEdits'

const stores = new WeakMap<Editor, RemoteAttributeEdits | null>()

/** The editor's remote-edit tracker, from its Collaboration (Y.Doc) and caret (awareness) extensions; null without them. */
function remoteEdits(editor: Editor): RemoteAttributeEdits | null {
  if (stores.has(editor)) return stores.get(editor)!
  const options = (name: string) => editor.extensionManager.extensions.find((e) => e.name === name)?.options as Record<string, unknown> | undefined
  const collaboration = options('collaboration') as { document?: Y.Doc; field?: string } | undefined
  const caret = options('collaborationCaret') as { provider?: { awareness?: Awareness } } | undefined
  const doc = collaboration?.document
  const store = doc ? new RemoteAttributeEdits(doc.getXmlFragment(collaboration.field ?? BODY_FIELD), caret?.provider?.awareness ?? null) : null
  stores.set(editor, store)
  return store
}

/**
 * The last change someone else made to `field` of block `blockId` while
 * `isEditing()` said this user was editing it, until `dismiss` is called.
 */
export function useRemoteEdit(
  editor: Editor,
  blockId: string,
  field: string,
  isEditing: () => boolean,
): { edit: RemoteAttributeEdit | null; dismiss: () => void } {
  const [edit, setEdit] = useState<RemoteAttributeEdit | null>(null)
  const editing = useRef(isEditing)
  editing.current = isEditing
  useEffect(() => {
    const store = remoteEdits(editor)
    if (!store || !blockId) return
    let latest = 0
    return store.subscribe(blockId, field, (e) => {
      if (e.seq <= latest) {
        // An edit told again (its writer's name arrived late): it renames the notice showing it, and nothing else.
        setEdit((shown) => (shown?.seq === e.seq ? e : shown))
        return
      }
      latest = e.seq
      if (editing.current()) setEdit(e)
    })
  }, [editor, blockId, field])
  return { edit, dismiss: () => setEdit(null) }
}
