/**
 * The behaviour every DocStore must have, as one suite run against each
 * implementation (DocStore.contract.test.ts): the embedded FileDocStore and
 * cluster mode's ClusterDocStore. A report is created once; what was
 * appended (and acknowledged) is there after the store is reopened, in any
 * order of appends and compactions; a compaction never loses an append; an
 * unknown report does not load and nothing is created for it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { StorageLoadError, type DocHandle, type DocStore } from './DocStore'

export interface DocStoreBackend {
  /** A store on storage of its own (the same storage for every call within one test). */
  open(): Promise<DocStore>
  /** Closes whatever the backend opened (called after each test). */
  close(): Promise<void>
}

/** A writer of one Y.Doc that hands out each change as an update. */
class Writer {
  readonly doc = new Y.Doc()
  private last: Uint8Array | null = null
  constructor() {
    this.doc.on('update', (u: Uint8Array) => (this.last = u))
  }
  type(text: string): Uint8Array {
    const t = this.doc.getText('t')
    t.insert(t.length, text)
    return this.last!
  }
}

const textOf = (state: Uint8Array): string => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc.getText('t').toString()
}

let counter = 0
const newId = () => `rcontract${Date.now().toString(36)}${(counter++).toString(36)}`

export function docStoreContract(name: string, backend: DocStoreBackend): void {
  describe(`DocStore contract: ${name}`, () => {
    afterEach(() => backend.close())

    it('keeps a new report\'s initial state and refuses to create it twice', async () => {
      const store = await backend.open()
      const id = newId()
      const w = new Writer()
      w.type('initial')
      await store.create(id, Y.encodeStateAsUpdate(w.doc))
      await expect(store.create(id, Y.encodeStateAsUpdate(new Y.Doc()))).rejects.toThrow()
      const h = await store.open(id)
      expect(textOf(h.state)).toBe('initial')
      await h.close()
    })

    it('does not load a report that was never created', async () => {
      const store = await backend.open()
      await expect(store.open(newId())).rejects.toBeInstanceOf(StorageLoadError)
    })

    it('has every acknowledged append after a reopen, appends of one tick included', async () => {
      const store = await backend.open()
      const id = newId()
      await store.create(id, Y.encodeStateAsUpdate(new Y.Doc()))
      const h = await store.open(id)
      const w = new Writer()
      const acks: Promise<void>[] = []
      for (let i = 0; i < 50; i++) acks.push(h.append(w.type(`<${i}>`)))
      await Promise.all(acks)
      await h.idle()
      await h.close()
      const again = await (await backend.open()).open(id)
      expect(textOf(again.state)).toBe(w.doc.getText('t').toString())
      await again.close()
    })

    it('loses no append around a compaction, and a compaction alone keeps the state', async () => {
      const store = await backend.open()
      const id = newId()
      await store.create(id, Y.encodeStateAsUpdate(new Y.Doc()))
      const h: DocHandle = await store.open(id)
      const w = new Writer()
      for (let i = 0; i < 10; i++) await h.append(w.type(`a${i};`))
      await h.compact(Y.encodeStateAsUpdate(w.doc))
      for (let i = 0; i < 10; i++) await h.append(w.type(`b${i};`))
      await h.close()
      const again = await (await backend.open()).open(id)
      expect(textOf(again.state)).toBe(w.doc.getText('t').toString())
      await again.compact(again.state)
      await again.close()
      const third = await (await backend.open()).open(id)
      expect(textOf(third.state)).toBe(w.doc.getText('t').toString())
      await third.close()
    })
  })
}
