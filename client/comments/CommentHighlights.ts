/**
 * Highlights the anchors of comment threads in the editor (ProseMirror
 * decorations; the document itself is never touched) and keeps where each
 * anchor is now, for the sidebar's order and its orphaned marks.
 *
 * Anchors are resolved from their Yjs relative positions (resolveAnchor)
 * when the threads change and after every change that came through Yjs
 * (a peer's edit, the first load, an undo): then y-tiptap's mapping matches
 * the new document. A local edit reaches Yjs only after this plugin's
 * `apply`, so for it the known ranges are mapped through the transaction
 * instead, as ProseMirror maps any position.
 */
import { Extension, type Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import { resolveAnchor, type AnchorDocument, type AnchorResolution } from '@schema/comments/resolveAnchor'

/** What the plugin needs to know of a thread. */
export interface HighlightedThread {
  id: string
  anchor: CommentAnchor
  resolved: boolean
}

export interface CommentHighlightsState {
  threads: HighlightedThread[]
  /** The thread opened in the sidebar: highlighted even when resolved. */
  active: string | null
  /** Where each anchor is now; a thread is missing while the document is not bound to Yjs yet. */
  positions: Map<string, AnchorResolution>
  decorations: DecorationSet
}

export interface CommentHighlightsMeta {
  threads?: HighlightedThread[]
  active?: string | null
}

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>('commentHighlights')

/** The editor's document as an AnchorDocument, or null before the Yjs binding exists. */
export function anchorDocumentOfState(state: EditorState): AnchorDocument | null {
  const ystate = ySyncPluginKey.getState(state) as
    | { doc: AnchorDocument['ydoc']; type: AnchorDocument['fragment']; binding: { mapping: AnchorDocument['mapping'] } | null }
    | undefined
  if (!ystate?.binding) return null
  return { ydoc: ystate.doc, fragment: ystate.type, doc: state.doc, mapping: ystate.binding.mapping }
}

function resolveAll(state: EditorState, threads: HighlightedThread[]): Map<string, AnchorResolution> {
  const at = anchorDocumentOfState(state)
  const positions = new Map<string, AnchorResolution>()
  if (!at) return positions
  for (const thread of threads) positions.set(thread.id, resolveAnchor(thread.anchor, at))
  return positions
}

function mapAll(positions: Map<string, AnchorResolution>, tr: Transaction): Map<string, AnchorResolution> {
  const out = new Map<string, AnchorResolution>()
  for (const [id, r] of positions) {
    if (r.status !== 'anchored') {
      out.set(id, r)
      continue
    }
    const start = tr.mapping.mapResult(r.from, 1)
    const end = tr.mapping.mapResult(r.to, -1)
    const blockGone = r.kind === 'block' && (start.deleted || end.deleted)
    out.set(id, !blockGone && start.pos < end.pos ? { ...r, from: start.pos, to: end.pos } : { status: 'orphaned' })
  }
  return out
}

function decorate(doc: PMNode, threads: HighlightedThread[], active: string | null, positions: Map<string, AnchorResolution>): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of threads) {
    const r = positions.get(thread.id)
    if (!r || r.status !== 'anchored') continue
    const isActive = thread.id === active
    if (thread.resolved && !isActive) continue
    const attrs = {
      class: `${r.kind === 'text' ? 'comment-anchor' : 'comment-block'}${isActive ? ' comment-active' : ''}`,
      'data-comment-thread': thread.id,
    }
    if (r.kind === 'text') decorations.push(Decoration.inline(r.from, r.to, attrs))
    else if (doc.nodeAt(r.from)?.nodeSize === r.to - r.from) decorations.push(Decoration.node(r.from, r.to, attrs))
  }
  return DecorationSet.create(doc, decorations)
}

function build(state: EditorState, threads: HighlightedThread[], active: string | null, positions: Map<string, AnchorResolution>) {
  return { threads, active, positions, decorations: decorate(state.doc, threads, active, positions) }
}

/** The thread ids in document order (by where their anchor starts), orphaned ones last; unknown ones are left out. */
export function threadOrder(state: EditorState): { id: string; orphaned: boolean }[] {
  const plugin = commentHighlightsKey.getState(state)
  if (!plugin) return []
  const placed: { id: string; pos: number }[] = []
  const orphaned: string[] = []
  for (const thread of plugin.threads) {
    const r = plugin.positions.get(thread.id)
    if (!r) continue
    if (r.status === 'anchored') placed.push({ id: thread.id, pos: r.from })
    else orphaned.push(thread.id)
  }
  placed.sort((a, b) => a.pos - b.pos)
  return [...placed.map((p) => ({ id: p.id, orphaned: false })), ...orphaned.map((id) => ({ id, orphaned: true }))]
}

/** Tells the plugin the current threads and/or the active one; recomputes every anchor. */
export function setCommentHighlights(editor: Editor, meta: CommentHighlightsMeta): void {
  if (editor.isDestroyed) return
  editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false))
}

export interface CommentHighlightsOptions {
  /** Called with the editor once it is created (`alive`) and again when it is destroyed. */
  onEditor: ((editor: Editor, alive: boolean) => void) | null
}

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions: () => ({ onEditor: null }),

  onCreate() {
    this.options.onEditor?.(this.editor, true)
  },

  onDestroy() {
    this.options.onEditor?.(this.editor, false)
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<CommentHighlightsState>({
        key: commentHighlightsKey,
        state: {
          init: (_config, state) => build(state, [], null, new Map()),
          apply: (tr, prev, _oldState, newState) => {
            const meta = tr.getMeta(commentHighlightsKey) as CommentHighlightsMeta | undefined
            const ysync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; binding?: unknown } | undefined
            const threads = meta?.threads ?? prev.threads
            const active = meta && meta.active !== undefined ? meta.active : prev.active
            if (meta?.threads || ysync?.isChangeOrigin || ysync?.binding) {
              return build(newState, threads, active, resolveAll(newState, threads))
            }
            if (tr.docChanged) return build(newState, threads, active, mapAll(prev.positions, tr))
            if (meta) return build(newState, threads, active, prev.positions)
            return prev
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
