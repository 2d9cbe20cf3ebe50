/**
 * The comment threads of one open report: what the server has (loaded once,
 * then kept current by merging the thread each `comments` event of the
 * collaboration socket carries, and each REST answer; loaded again after a
 * reconnect, when events may have been missed), the sidebar's filter, the
 * opened thread and a thread being written. A small external store: the
 * sidebar reads it with useSyncExternalStore, the editor's highlight plugin
 * is told about changes by a meta transaction.
 *
 * Views of one thread may arrive out of order (a REST answer after a newer
 * pushed event): each carries the report's comment revision, and a view
 * older than what is known of its thread (deletions included) is ignored.
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
  /** Sum of the threads' unread mentions of me. */
  unreadMentions: number
  /** Longest comment the server accepts (MAX_COMMENT_CHARS), once loaded. */
  maxCommentChars: number
  loaded: boolean
  error: string | null
  filter: CommentFilter
  active: string | null
  draft: CommentDraft | null
}

/** The id under which the draft's anchor is highlighted. */
export const DRAFT_ID = '__draft'

/** The server's default MAX_COMMENT_CHARS, until the first load says what it is. */
const DEFAULT_MAX_COMMENT_CHARS = 2000

const unreadOf = (threads: readonly ThreadView[]) => threads.reduce((n, t) => n + t.unreadMentions, 0)

export class CommentsController {
  private snapshot: CommentsSnapshot = {
    threads: [],
    unreadMentions: 0,
    maxCommentChars: DEFAULT_MAX_COMMENT_CHARS,
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
  /** The revision of the newest view seen of each thread, also of deleted ones (so a late view does not bring them back). */
  private readonly revs = new Map<string, number>()

  constructor(
    readonly reportId: string,
    private readonly session: CollabSession,
  ) {}

  /** Starts listening and loads the threads (separate from the constructor, which React may call twice). */
  start(): void {
    const { session } = this
    this.unsubscribe.push(
      session.onEvent((event) => {
        if (event.type === 'comments') this.merge(event.threadId, event.rev, event.thread)
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

  /** Loads every thread (at start and after a reconnect); changes known to be newer than the answer are kept. */
  async refresh(): Promise<void> {
    const seq = ++this.fetchSeq
    try {
      const { threads: listed, rev, limits } = await commentApi.list(this.reportId)
      if (seq !== this.fetchSeq) return
      const newer = (id: string) => (this.revs.get(id) ?? -1) > rev
      const listedIds = new Set(listed.map((t) => t.id))
      const threads = [
        // What the list says, unless a newer view (or deletion) of the thread is known.
        ...listed.flatMap((t) => (newer(t.id) ? this.snapshot.threads.filter((mine) => mine.id === t.id) : [t])),
        // Threads created after the list was read.
        ...this.snapshot.threads.filter((t) => !listedIds.has(t.id) && newer(t.id)),
      ]
      for (const t of listed) if (!newer(t.id)) this.revs.set(t.id, rev)
      this.set({ threads, unreadMentions: unreadOf(threads), maxCommentChars: limits.maxCommentChars, loaded: true, error: null })
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

  /** Moves a thread to the editor's text selection (re-anchors an orphaned one); false when nothing is selected. */
  async reanchorToSelection(threadId: string): Promise<boolean> {
    const editor = this.editor
    if (!editor) return false
    const { selection } = editor.state
    const at = anchorDocumentOfState(editor.state)
    if (!at || selection.empty || !(selection instanceof TextSelection)) return false
    this.mergeView(await commentApi.reanchor(this.reportId, threadId, createTextAnchor(at, selection.from, selection.to)))
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
    this.set({ draft: null, active: thread.id, filter: 'open' })
    // The pushed event may have brought the thread first: the draft's highlight still has to give way to it.
    if (!this.merge(thread.id, thread.rev, thread)) this.pushHighlights()
  }

  async reply(threadId: string, body: string, mentions: string[]): Promise<void> {
    this.mergeView(await commentApi.reply(this.reportId, threadId, { body, mentions }))
  }

  async setResolved(threadId: string, resolved: boolean): Promise<void> {
    this.mergeView(await commentApi.setResolved(this.reportId, threadId, resolved))
  }

  async edit(threadId: string, commentId: string, body: string): Promise<void> {
    this.mergeView(await commentApi.edit(this.reportId, threadId, commentId, body))
  }

  async remove(threadId: string, commentId: string): Promise<void> {
    const { thread, rev } = await commentApi.remove(this.reportId, threadId, commentId)
    this.merge(threadId, rev, thread)
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
        ({ threads }) => threads.forEach(this.mergeView),
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

  private mergeView = (thread: ThreadView): void => void this.merge(thread.id, thread.rev, thread)

  /** Takes a thread as it is at revision `rev` (null: deleted), unless something as new of it is known; false then. */
  private merge(threadId: string, rev: number, thread: ThreadView | null): boolean {
    if ((this.revs.get(threadId) ?? -1) >= rev) return false
    this.revs.set(threadId, rev)
    const others = this.snapshot.threads.filter((t) => t.id !== threadId)
    let threads: ThreadView[]
    if (!thread) threads = others
    else if (others.length === this.snapshot.threads.length) threads = [...others, thread]
    else threads = this.snapshot.threads.map((t) => (t.id === threadId ? thread : t))
    this.set({ threads, unreadMentions: unreadOf(threads) })
    this.pushHighlights()
    return true
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
