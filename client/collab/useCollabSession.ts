import { useCallback, useEffect, useState } from 'react'
import { openCollabSession, type CollabSession } from './openCollabSession'

/**
 * Opens the report's collaboration session for the life of the component.
 * Fast-changing state (save status, presence) is read by the small
 * components that show it (SaveStatusBadge, usePresence), so a keystroke never
 * re-renders the screen around the editor.
 */
export function useCollabSession(reportId: string) {
  const [session, setSession] = useState<CollabSession | null>(null)
  const [fatalCode, setFatalCode] = useState<number | null>(null)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const s = openCollabSession(reportId)
    setSession(s)
    s.onFatal(setFatalCode)
    return () => s.destroy()
  }, [reportId, generation])

  /** Drops the local document and syncs a fresh one from the server. */
  const reopen = useCallback(() => setGeneration((g) => g + 1), [])

  return { session, fatalCode, reopen }
}
