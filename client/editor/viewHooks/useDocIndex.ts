import { useRef, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { DocIndex } from '@schema/docIndex/DocIndex'
import { indexDoc } from '@schema/docIndex/indexDoc'
import { editorValueStore } from './editorValueStore'

export type { DocIndex } from '@schema/docIndex/DocIndex'

const sameRecord = (x: object, y: object): boolean => {
  const a = x as Record<string, unknown>
  const b = y as Record<string, unknown>
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]))
}
const sameList = <T extends object>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => sameRecord(x, b[i]!))
const sameMap = <K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean => {
  if (a.size !== b.size) return false
  for (const [k, v] of a) {
    const w = b.get(k)
    if (w === undefined || (typeof v === 'object' && v !== null && typeof w === 'object' && w !== null ? !sameRecord(v, w) : !Object.is(v, w))) return false
  }
  return true
}

/**
 * The index of the document (schema/docIndex), with every part kept as the
 * same object while its content is the same: a keystroke in a paragraph
 * leaves the index as it was, and no view is told anything.
 */
function readIndex(editor: Editor, previous: DocIndex | undefined): DocIndex {
  const next = indexDoc(editor.state.doc)
  if (!previous || previous === next) return next
  const issues = sameList(previous.issues, next.issues) ? previous.issues : next.issues
  const metrics = sameList(previous.metrics, next.metrics) ? previous.metrics : next.metrics
  const actionsByIssue = sameRecord(previous.actionsByIssue, next.actionsByIssue) ? previous.actionsByIssue : next.actionsByIssue
  const issueTitles = sameMap(previous.issueTitles, next.issueTitles) ? previous.issueTitles : next.issueTitles
  const metricsByKey = sameMap(previous.metricsByKey, next.metricsByKey) ? previous.metricsByKey : next.metricsByKey
  // Action numbers key on nodes, which a remote edit rebuilds: views do not read them, so they never make the index new.
  const unchanged =
    issues === previous.issues &&
    metrics === previous.metrics &&
    actionsByIssue === previous.actionsByIssue &&
    issueTitles === previous.issueTitles &&
    metricsByKey === previous.metricsByKey
  return unchanged ? previous : { ...next, issues, metrics, actionsByIssue, issueTitles, metricsByKey }
}

/**
 * One part of the document index (what each block tells the others),
 * re-rendering the view only when that part changes (a keystroke in a
 * paragraph does not re-render every action item). `pick` returns a part of
 * the index (kept as the same object while its content is the same) or a primitive.
 */
export function useDocIndex<T>(editor: Editor, pick: (index: DocIndex) => T): T {
  const store = editorValueStore(editor, readIndex)
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
