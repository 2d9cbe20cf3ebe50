import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

export interface PresentUser {
  id: string
  name: string
  color: string
}

function presentUsers(awareness: Awareness): PresentUser[] {
  // One avatar per user, however many tabs; names and colours are the server's.
  const byId = new Map<string, PresentUser>()
  for (const state of awareness.getStates().values()) {
    const user = (state as { user?: PresentUser }).user
    if (user?.id) byId.set(user.id, user)
  }
  return [...byId.values()]
}

/** Who has the report open. Cursor moves change awareness many times a second; this re-renders only when who is here changes. */
export function usePresence(awareness: Awareness): PresentUser[] {
  const [present, setPresent] = useState<PresentUser[]>(() => presentUsers(awareness))
  useEffect(() => {
    const onChange = () =>
      setPresent((current) => {
        const next = presentUsers(awareness)
        const same =
          current.length === next.length &&
          current.every((u, i) => u.id === next[i]!.id && u.name === next[i]!.name && u.color === next[i]!.color)
        return same ? current : next
      })
    awareness.on('change', onChange)
    onChange()
    return () => awareness.off('change', onChange)
  }, [awareness])
  return present
}
