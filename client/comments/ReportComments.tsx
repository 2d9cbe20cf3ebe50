import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { AnyExtension } from '@tiptap/core'
import { roleAtLeast } from '@schema/roles'
import type { PublicUser, ReportDetail } from '../api/apiClient'
import { useNarrowScreen } from '../components/useNarrowScreen'
import type { CollabSession } from '../collab/openCollabSession'
import { CommentHighlights } from './CommentHighlights'
import { CommentsContext, type CommentsEnv } from './CommentsContext'
import { CommentsController } from './CommentsController'
import { CommentsRail } from './CommentsRail'
import { CommentsSidebar } from './CommentsSidebar'
import { SelectionCommentButton } from './SelectionCommentButton'

interface Props {
  session: CollabSession
  report: ReportDetail
  user: PublicUser
  /** Renders the editor with the extensions comments need (fixed for the session). */
  children: (extensions: AnyExtension[]) => ReactNode
}

const OPEN_KEY = 'ops-report.comments-open'
/** On `.editor-page` while the sidebar is open (styles.css). */
const WIDE_PAGE_CLASS = 'editor-page--comments-open'

/** The user's last choice to show or hide the sidebar, if any. */
function storedChoice(): boolean | null {
  const value = localStorage.getItem(OPEN_KEY)
  return value === null ? null : value === '1'
}

/**
 * The review layer around the editor: the comment controller of the
 * session, the highlight extension handed to the editor, the sidebar, the
 * floating button on text selections, and the context the blocks' 💬
 * buttons read.
 */
export function ReportComments({ session, report, user, children }: Props) {
  const controller = useMemo(() => new CommentsController(report.id, session), [report.id, session])
  useEffect(() => {
    controller.start()
    return () => controller.stop()
  }, [controller])
  const extensions = useMemo(() => [CommentHighlights.configure({ onEditor: controller.attach })], [controller])
  const editor = useSyncExternalStore(controller.subscribe, () => controller.currentEditor)
  const draftOpen = useSyncExternalStore(controller.subscribe, () => controller.getSnapshot().draft !== null)
  const hasThreads = useSyncExternalStore(controller.subscribe, () => controller.getSnapshot().threads.length > 0)
  // Open while there is something to review or write; otherwise the editor keeps the width (metrics tables are wide).
  const [choice, setChoice] = useState(storedChoice)
  // On a narrow screen the sidebar is a bottom sheet over the document: closed
  // until asked for (or a comment is being written), whatever the wide choice.
  const narrow = useNarrowScreen()
  const [sheetOpen, setSheetOpen] = useState(false)
  const open = draftOpen || (narrow ? sheetOpen : (choice ?? hasThreads))
  const railRef = useRef<HTMLButtonElement>(null)
  // A new comment opens the sheet; it stays open once the comment is sent, to show the thread.
  useEffect(() => {
    if (draftOpen) setSheetOpen(true)
  }, [draftOpen])
  const closeSheet = () => {
    setSheetOpen(false)
    railRef.current?.focus()
  }
  useEffect(() => {
    if (!narrow || !open || draftOpen) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeSheet()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [narrow, open, draftOpen])
  // The open sidebar lets the page use a wide screen. A class on the page, not
  // `.editor-page:has(.comments-layout--open)` in CSS: with that selector every
  // DOM change in the editor (each keystroke, each remote caret) made Chromium
  // recalculate the page's style, several ms per keystroke on a large report.
  const layoutRef = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const page = layoutRef.current?.closest('.editor-page')
    if (!page || !open) return
    page.classList.add(WIDE_PAGE_CLASS)
    return () => page.classList.remove(WIDE_PAGE_CLASS)
  }, [open])
  const choose = (value: boolean) => {
    if (narrow) {
      if (value) setSheetOpen(true)
      else closeSheet()
      return
    }
    localStorage.setItem(OPEN_KEY, value ? '1' : '0')
    setChoice(value)
  }

  const canComment = roleAtLeast(report.role, 'reviewer')
  const canStartThread = canComment && report.status !== 'published'
  const env = useMemo<CommentsEnv>(() => ({ controller, canComment, canStartThread }), [controller, canComment, canStartThread])

  return (
    <CommentsContext.Provider value={env}>
      <div ref={layoutRef} className={`comments-layout comments-layout--${open ? 'open' : 'closed'}`}>
        <div className="comments-layout__editor">{children(extensions)}</div>
        {open && (
          <CommentsSidebar
            env={env}
            editor={editor}
            user={user}
            moderator={user.admin || report.role === 'owner'}
            mover={user.admin || report.role === 'owner' || report.role === 'editor'}
            members={report.members}
            onCollapse={() => choose(false)}
          />
        )}
        {/* The sheet's opener stays in place on a narrow screen (the focus returns to it). */}
        {(!open || narrow) && <CommentsRail ref={railRef} controller={controller} expanded={open} onExpand={() => choose(!open)} />}
      </div>
      {editor && canStartThread && <SelectionCommentButton editor={editor} controller={controller} hidden={draftOpen} />}
    </CommentsContext.Provider>
  )
}
