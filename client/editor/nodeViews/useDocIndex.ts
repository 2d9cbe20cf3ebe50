import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { useEditorState } from '@tiptap/react'

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

/**
 * One part of the document index, re-rendering the view only when that part
 * changes (a keystroke in a paragraph does not re-render every action item).
 */
export function useDocIndex<T>(editor: Editor, pick: (index: DocIndex) => T): T {
  const picked = useEditorState({
    editor,
    selector: ({ editor: e }) => pick(indexDoc(e.state.doc)),
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })
  return picked
}
