import { useEffect, useState } from 'react'
import { statusEventOf, type ReportStatusEvent } from '@schema/reportEvent'
import type { ReportDetail } from '../api/apiClient'
import type { CollabSession } from '../collab/openCollabSession'

/**
 * The report's status as the server pushes it (on join and on every publish
 * or unlock), so every open editor turns read-only, live, when the owner
 * publishes. Starts from the REST record until the first event arrives.
 */
export function useReportStatus(session: CollabSession | null, report: ReportDetail | null): ReportStatusEvent | null {
  const [status, setStatus] = useState<ReportStatusEvent | null>(null)
  useEffect(() => {
    if (!session) return
    return session.onEvent((event) => {
      if (event.type === 'status') setStatus(event)
    })
  }, [session])
  return status ?? (report ? statusEventOf(report) : null)
}
