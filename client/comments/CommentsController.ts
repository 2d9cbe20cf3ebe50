/**
 * The comment threads of one open report: what the server has (refetched on
 * every `comments` event of the collaboration socket, and after a
 * reconnect, when events may have been missed), the sidebar's filter, the
 * opened thread and a thread being written. A small external store: the
 * sidebar reads it with useSyncExternalStore, the editor's highlight plugin
 * is told about changes by a meta transaction.
 */
import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import { createTextAnchor } from '@schema/comments/createTextAnchor'
import type { CollabSession } from '../collab/openCollabSession'
import { commentApi, type ThreadView } from './commentApi'
import {
  anchorDocumentOfState,
  commentHighlightsKey,
  setCommentHighlights,
  type HighlightedThread,
} from './CommentHighlights'

/** A field of a block a comment may point at (a metric cell, a KPI). */
export interface CommentField {
  value: string
  label: string
  /** The field as shown now, kept as the thread's quote. */
  quote: string
}

/** A thread being written: where it will point, and the block's fields to choose from. */
export interface CommentDraft {
  anchor: CommentAnchor
  fields?: CommentField[]
}

export type CommentFilter = 'open' | 'resolved'

export interface CommentsSnapshot {
  threads: ThreadView[]
  unreadMentions: number
  loaded: boolean
  error: string | null
  filter: CommentFilter
  active: string | null
  draft: CommentDraft | null
}

/** The id under which the draft's anchor is highlighted. */
export const DRAFT_ID = '__draft'

export class CommentsController {
  private snapshot: CommentsSnapshot = {
    threads: [],
    unreadMentions: 0,
    loaded: false,
    error: null,
    filter: 'open',
    active: null,
    draft: null,
  }
  private readonly listeners = new Set<() => void>()
  private editor: Editor | null = null
  private readonly unsubscribe: (() => void)[] = []
  /** Answers older than the latest request are dropped: a slow GET must not undo a newer one. */
  private fetchSeq = 0

  constructor(
    readonly reportId: string,
    private readonly session: CollabSession,
  ) {}

  /** Starts listening and loads the threads (separate from the constructor, which React may call twice). */
  start(): void {
    const { session } = this
    this.unsubscribe.push(
      session.onEvent((event) => {
        if (event.type === 'comments') void this.refresh()
      }),
    )
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') void this.refresh()
    }
    session.provider.on('status', onStatus)
    this.unsubscribe.push(() => session.provider.off('status', onStatus))
    void this.refresh()
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off()
    this.fetchSeq++ // answers still on their way are dropped
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): CommentsSnapshot => this.snapshot

  /** The editor, once the highlight extension has been created in it. */
  get currentEditor(): Editor | null {
    return this.editor
  }

  /** Called by the highlight extension when its editor is created or destroyed. */
  attach = (editor: Editor, alive: boolean): void => {
    if (alive) this.editor = editor
    else if (this.editor === editor) this.editor = null
    else return
    this.pushHighlights()
    this.emit()
  }

  async refresh(): Promise<void> {
    const seq = ++this.fetchSeq
    try {
      const { threads, unreadMentions } = await commentApi.list(this.reportId)
      if (seq !== this.fetchSeq) return
      this.set({ threads, unreadMentions, loaded: true, error: null })
      this.pushHighlights()
    } catch (err) {
      if (seq === this.fetchSeq) this.set({ error: (err as Error).message, loaded: true })
    }
  }

  setFilter(filter: CommentFilter): void {
    this.set({ filter })
    this.pushHighlights()
  }

  /** Starts a thread on the editor's text selection; false when nothing is selected. */
  startFromSelection(): boolean {
    const editor = this.editor
    if (!editor) return false
    const { selection } = editor.state
    const at = anchorDocumentOfState(editor.state)
    if (!at || selection.empty || !(selection instanceof TextSelection)) return false
    this.startDraft({ anchor: createTextAnchor(at, selection.from, selection.to) })
    return true
  }

  startDraft(draft: CommentDraft): void {
    this.set({ draft, active: null, filter: 'open' })
    this.pushHighlights()
  }

  cancelDraft(): void {
    this.set({ draft: null })
    this.pushHighlights()
  }

  async submitDraft(body: string, mentions: string[], field: CommentField | null): Promise<void> {
    const draft = this.snapshot.draft
    if (!draft) return
    const anchor: CommentAnchor = field ? { ...draft.anchor, field: field.value, quote: field.quote } : draft.anchor
    const thread = await commentApi.create(this.reportId, { anchor, body, mentions })
    this.set({ draft: null, active: thread.id, filter: 'open', threads: [...this.snapshot.threads, thread] })
    this.pushHighlights()
    void this.refresh()
  }

  async reply(threadId: string, body: string, mentions: string[]): Promise<void> {
    this.replace(await commentApi.reply(this.reportId, threadId, { body, mentions }))
  }

  async setResolved(threadId: string, resolved: boolean): Promise<void> {
    this.replace(await commentApi.setResolved(this.reportId, threadId, resolved))
  }

  async edit(threadId: string, commentId: string, body: string): Promise<void> {
    this.replace(await commentApi.edit(this.reportId, threadId, commentId, body))
  }

  async remove(threadId: string, commentId: string): Promise<void> {
    await commentApi.remove(this.reportId, threadId, commentId)
    await this.refresh()
  }

  /** Opens a thread: highlights and scrolls to its anchor, and marks its mentions of me as read. */
  open(threadId: string): void {
    const thread = this.snapshot.threads.find((t) => t.id === threadId)
    if (!thread) return
    this.set({ active: threadId, filter: thread.resolved ? 'resolved' : 'open' })
    this.pushHighlights()
    this.scrollTo(threadId)
    if (thread.unreadMentions > 0) {
      void commentApi.markRead(this.reportId, [threadId]).then(
        () => this.refresh(),
        (err: Error) => this.set({ error: err.message }),
      )
    }
  }

  private scrollTo(threadId: string): void {
    const editor = this.editor
    if (!editor || editor.isDestroyed) return
    const r = commentHighlightsKey.getState(editor.state)?.positions.get(threadId)
    if (!r || r.status !== 'anchored') return
    const dom = r.kind === 'block' ? editor.view.nodeDOM(r.from) : editor.view.domAtPos(r.from).node
    const element = dom instanceof HTMLElement ? dom : dom?.parentElement
    element?.scrollIntoView({ behavior: 'smooth', block: 'center' })
  }

  private replace(thread: ThreadView): void {
    this.set({ threads: this.snapshot.threads.map((t) => (t.id === thread.id ? thread : t)) })
    this.pushHighlights()
  }

  private pushHighlights(): void {
    const editor = this.editor
    if (!editor || editor.isDestroyed) return
    const threads: HighlightedThread[] = this.snapshot.threads.map((t) => ({ id: t.id, anchor: t.anchor, resolved: t.resolved }))
    const { draft, active, filter } = this.snapshot
    if (draft) threads.push({ id: DRAFT_ID, anchor: draft.anchor, resolved: false })
    // The opened thread stands out only while the sidebar shows it (a thread resolved meanwhile leaves the open list).
    const shown = this.snapshot.threads.find((t) => t.id === active && t.resolved === (filter === 'resolved'))
    setCommentHighlights(editor, { threads, active: draft ? DRAFT_ID : (shown?.id ?? null) })
  }

  private set(patch: Partial<CommentsSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch }
    this.emit()
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
