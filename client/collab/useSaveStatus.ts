import { useEffect, useState } from 'react'
import type { SaveStatus, SaveTracker } from './SaveTracker'

/** The tracker's status; re-renders only when it changes. */
export function useSaveStatus(tracker: SaveTracker): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>(tracker.status)
  useEffect(() => tracker.subscribe(setStatus), [tracker])
  return status
}
