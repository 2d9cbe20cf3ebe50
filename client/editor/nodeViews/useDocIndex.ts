import { useRef, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'

/** What block views look up elsewhere in the document. */
export interface DocIndex {
  /** Issue blocks in document order: what an action item can link to. */
  issues: { id: string; title: string }[]
  /** Metric rows with a key: what a goal or trend chart can refer to. */
  metrics: { key: string; name: string; unit: string; current: string }[]
  /** How many action items point at each issue id. */
  actionsByIssue: Record<string, number>
}

const cache = new WeakMap<PMNode, DocIndex>()
const text = (v: unknown) => (v == null ? '' : String(v))

/** Walks blocks only (never into paragraphs), once per document version. */
export function indexDoc(doc: PMNode): DocIndex {
  const hit = cache.get(doc)
  if (hit) return hit
  const index: DocIndex = { issues: [], metrics: [], actionsByIssue: {} }
  doc.descendants((node) => {
    switch (node.type.name) {
      case 'issue':
        index.issues.push({ id: text(node.attrs.id), title: text(node.attrs.title) })
        return false
      case 'metricRow':
        if (text(node.attrs.key) !== '') {
          const { key, name, unit, current } = node.attrs
          index.metrics.push({ key: text(key), name: text(name), unit: text(unit), current: text(current) })
        }
        return false
      case 'actionItem': {
        const issueId = text(node.attrs.issueId)
        if (issueId !== '') index.actionsByIssue[issueId] = (index.actionsByIssue[issueId] ?? 0) + 1
        return false
      }
      default:
        return !node.isTextblock
    }
  })
  cache.set(doc, index)
  return index
}

function sameList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>
    const y = b[i] as Record<string, unknown>
    for (const k in x) if (x[k] !== y[k]) return false
  }
  return true
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => a[k] === b[k])
}

/**
 * The index of one editor's document, shared by all its block views: one
 * listener per editor instead of one per view, the document walked once
 * per version, and every part of the index kept as the same object while
 * its content stays the same (so views compare parts by reference).
 */
class DocIndexStore {
  private doc: PMNode
  private index: DocIndex
  private readonly listeners = new Set<() => void>()

  constructor(private readonly editor: Editor) {
    this.doc = editor.state.doc
    this.index = indexDoc(this.doc)
  }

  /** The current index; a new object only when some part of it changed. */
  get = (): DocIndex => {
    const doc = this.editor.state.doc
    if (doc === this.doc) return this.index
    this.doc = doc
    const prev = this.index
    const next = indexDoc(doc)
    const issues = sameList(prev.issues, next.issues) ? prev.issues : next.issues
    const metrics = sameList(prev.metrics, next.metrics) ? prev.metrics : next.metrics
    const actionsByIssue = sameCounts(prev.actionsByIssue, next.actionsByIssue) ? prev.actionsByIssue : next.actionsByIssue
    if (issues !== prev.issues || metrics !== prev.metrics || actionsByIssue !== prev.actionsByIssue) {
      this.index = { issues, metrics, actionsByIssue }
    }
    return this.index
  }

  /** The index the listeners were last told about (a render may have read a newer one first). */
  private notified: DocIndex | null = null

  private onChange = () => {
    const index = this.get()
    if (index === this.notified) return
    this.notified = index
    for (const listener of [...this.listeners]) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.editor.on('transaction', this.onChange)
      this.editor.on('update', this.onChange)
    }
    this.listeners.add(listener)
    if (this.notified === null) this.notified = this.get()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        this.editor.off('transaction', this.onChange)
        this.editor.off('update', this.onChange)
      }
    }
  }
}

const stores = new WeakMap<Editor, DocIndexStore>()

function storeOf(editor: Editor): DocIndexStore {
  let store = stores.get(editor)
  if (!store) {
    store = new DocIndexStore(editor)
    stores.set(editor, store)
  }
  return store
}

/**
 * One part of the document index, re-rendering the view only when that part
 * changes (a keystroke in a paragraph does not re-render every action item).
 * `pick` returns a part of the index (kept as the same object while its
 * content is the same) or a primitive.
 */
export function useDocIndex<T>(editor: Editor, pick: (index: DocIndex) => T): T {
  const store = storeOf(editor)
  const last = useRef<{ index: DocIndex; pick: (index: DocIndex) => T; value: T } | null>(null)
  const getSnapshot = () => {
    const index = store.get()
    const prev = last.current
    if (prev && prev.index === index && prev.pick === pick) return prev.value
    const value = pick(index)
    last.current = { index, pick, value }
    return value
  }
  return useSyncExternalStore(store.subscribe, getSnapshot)
}
