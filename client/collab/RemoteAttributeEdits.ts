import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'

/** A block attribute changed by someone else. */
export interface RemoteAttributeEdit {
  blockId: string
  field: string
  /** The new value (null: emptied). */
  value: string | null
  /** The value before it. */
  previous: string | null
  /** The writer's name from their awareness state; null when they are not (or no longer) present. */
  name: string | null
  /** Increases with every edit, so two equal edits in a row are still two. */
  seq: number
}

type Listener = (edit: RemoteAttributeEdit) => void

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : v == null ? null : String(v))

/**
 * Tells listeners when a remote transaction (one not made by this client:
 * `!transaction.local`) changes an attribute of a block in the document's
 * XML fragment. The writer is the Yjs client that made the attribute's
 * current item, named by that client's awareness state (the server sets
 * each user's name there).
 */
export class RemoteAttributeEdits {
  private readonly listeners = new Map<string, Set<Listener>>()
  private seq = 0

  /** Edits whose writer had no awareness state yet (their page was still joining), by seq: named again when it arrives. */
  private readonly unnamed = new Map<number, { edit: RemoteAttributeEdit; client: number }>()

  constructor(
    fragment: Y.XmlFragment,
    private readonly awareness: Awareness | null,
  ) {
    fragment.observeDeep(this.onEvents)
    awareness?.on('change', this.onAwareness)
  }

  /** A writer's state arrived after their edit: the edit is told again, same seq, now with the name. */
  private onAwareness = () => {
    for (const [seq, { edit, client }] of this.unnamed) {
      const name = this.nameOf(client)
      if (name === null) continue
      this.unnamed.delete(seq)
      const named = { ...edit, name }
      for (const listener of [...(this.listeners.get(`${edit.blockId}\u0000${edit.field}`) ?? [])]) listener(named)
    }
  }

  private nameOf(client: number): string | null {
    const state = this.awareness?.getStates().get(client) as { user?: { name?: unknown } } | undefined
    return typeof state?.user?.name === 'string' ? state.user.name : null
  }

  /** The Yjs client that wrote the live value of `field` (Yjs keeps an element's attributes as a map of items). */
  private writerOf(element: Y.XmlElement, field: string): number | null {
    const item = (element as unknown as { _map: Map<string, { deleted: boolean; id: { client: number } }> })._map.get(field)
    return !item || item.deleted || !this.awareness ? null : item.id.client
  }

  private onEvents = (events: Array<Y.YEvent<Y.XmlElement | Y.XmlText>>, transaction: Y.Transaction) => {
    if (transaction.local) return
    for (const event of events) {
      const element = event.target
      if (!(element instanceof Y.XmlElement) || !(event instanceof Y.YXmlEvent)) continue
      const blockId = element.getAttribute('id')
      if (typeof blockId !== 'string') continue
      for (const field of event.attributesChanged) {
        const set = this.listeners.get(`${blockId}\u0000${field}`)
        if (!set || set.size === 0) continue
        const value = asText(element.getAttribute(field))
        const previous = asText(event.changes.keys.get(field)?.oldValue)
        if (value === previous) continue
        const writer = this.writerOf(element, field)
        const name = writer === null ? null : this.nameOf(writer)
        const edit: RemoteAttributeEdit = { blockId, field, value, previous, name, seq: ++this.seq }
        if (writer !== null && name === null) {
          this.unnamed.set(edit.seq, { edit, client: writer })
          // Only the latest few wait for a name; an absent writer's state may never come.
          if (this.unnamed.size > 32) this.unnamed.delete(this.unnamed.keys().next().value!)
        }
        for (const listener of [...set]) listener(edit)
      }
    }
  }

  /** Calls `listener` on every remote change of `field` of the block `blockId`; returns the unsubscribe. */
  subscribe(blockId: string, field: string, listener: Listener): () => void {
    const key = `${blockId}\u0000${field}`
    let set = this.listeners.get(key)
    if (!set) this.listeners.set(key, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(key)
    }
  }
}
