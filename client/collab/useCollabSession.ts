import { useCallback, useEffect, useState } from 'react'
import { openCollabSession, type CollabSession } from './openCollabSession'

/** Why edits of this editor were discarded: the server refused them for good. */
export type DiscardReason = 'locked' | 'read_only'

/**
 * Opens the report's collaboration session for the life of the component,
 * once the browser's local copy of the user's unsent edits is loaded.
 * Fast-changing state (save status, presence) is read by the small
 * components that show it (SaveStatusBadge, usePresence), so a keystroke never
 * re-renders the screen around the editor.
 *
 * While the session is open, closing or reloading the tab asks first when
 * edits exist that are neither saved on the server nor kept locally.
 */
export function useCollabSession(reportId: string, userId: string) {
  const [session, setSession] = useState<CollabSession | null>(null)
  const [fatalCode, setFatalCode] = useState<number | null>(null)
  const [discarded, setDiscarded] = useState<DiscardReason | null>(null)
  const [generation, setGeneration] = useState(0)

  /** Drops the local document and its local copy, and syncs a fresh one from the server. */
  const reopen = useCallback((current: CollabSession | null) => {
    void (current ? current.discardLocal() : Promise.resolve()).then(() => setGeneration((g) => g + 1))
  }, [])

  useEffect(() => {
    const s = openCollabSession(reportId, userId)
    let live = true
    s.onFatal(setFatalCode)
    s.onRefused((reason) => {
      // The server will never store these edits: show why, and the server's state instead.
      if (!live) return
      live = false
      setDiscarded(reason)
      reopen(s)
    })
    void s.localLoaded.then(() => {
      if (live) setSession(s)
    })
    const warn = (event: BeforeUnloadEvent) => {
      if (!s.tracker.atRisk) return
      event.preventDefault()
      event.returnValue = '' // older browsers need it set
    }
    window.addEventListener('beforeunload', warn)
    return () => {
      live = false
      window.removeEventListener('beforeunload', warn)
      setSession(null)
      s.destroy()
    }
  }, [reportId, userId, generation])

  /**
   * Reopens from the server's state; `refusedBecause` says why the server
   * will not take this editor's unsaved edits, shown if there were any.
   */
  const reopenNow = useCallback(
    (refusedBecause?: DiscardReason) => {
      if (refusedBecause && session?.tracker.pending) setDiscarded(refusedBecause)
      reopen(session)
    },
    [reopen, session],
  )
  return { session, fatalCode, discarded, reopen: reopenNow }
}
