import { useEffect, useState } from 'react'
import { openCollabSession, type CollabSession } from './openCollabSession'
import type { SaveStatus } from './SaveTracker'

export interface PresentUser {
  id: string
  name: string
  color: string
}

/** Opens the report's collaboration session for the life of the component. */
export function useCollabSession(reportId: string) {
  const [session, setSession] = useState<CollabSession | null>(null)
  const [status, setStatus] = useState<SaveStatus>('connecting')
  const [fatalCode, setFatalCode] = useState<number | null>(null)
  const [present, setPresent] = useState<PresentUser[]>([])

  useEffect(() => {
    const s = openCollabSession(reportId)
    setSession(s)
    const unsubscribe = s.tracker.subscribe(setStatus)
    s.onFatal(setFatalCode)
    const onAwareness = () => {
      // One avatar per user, however many tabs; names and colours are the server's.
      const byId = new Map<string, PresentUser>()
      for (const state of s.provider.awareness.getStates().values()) {
        const user = (state as { user?: PresentUser }).user
        if (user?.id) byId.set(user.id, user)
      }
      // Cursor moves change awareness many times a second; re-render only when who is here changes.
      setPresent((current) => {
        const next = [...byId.values()]
        const same = current.length === next.length && current.every((u, i) => u.id === next[i]!.id && u.name === next[i]!.name)
        return same ? current : next
      })
    }
    s.provider.awareness.on('change', onAwareness)
    return () => {
      unsubscribe()
      s.provider.awareness.off('change', onAwareness)
      s.destroy()
    }
  }, [reportId])

  return { session, status, fatalCode, present }
}
