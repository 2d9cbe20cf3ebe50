import { useCallback, useEffect, useRef, useState } from 'react'
import type { CheckProblem } from '@schema/check/CheckProblem'
import { api } from '../api/apiClient'
import type { CollabSession } from '../collab/openCollabSession'
import { useI18n } from '../i18n/I18nProvider'

/** Quiet time after the last edit before the check runs again. */
const RECHECK_MS = 1200

/**
 * The server's publish check of the live report, re-run while people edit
 * (debounced), so the checklist empties as problems are fixed. Its
 * messages are in the UI language, asked again when the language changes.
 */
export function useCheck(reportId: string, session: CollabSession, active: boolean) {
  const [problems, setProblems] = useState<CheckProblem[] | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const seq = useRef(0)
  const { locale } = useI18n()

  const run = useCallback(async () => {
    const mine = ++seq.current
    setRunning(true)
    try {
      const res = await api.check(reportId, locale)
      if (mine === seq.current) {
        setProblems(res.problems)
        setError(null)
      }
    } catch (err) {
      if (mine === seq.current) setError((err as Error).message)
    } finally {
      if (mine === seq.current) setRunning(false)
    }
  }, [reportId, locale])

  useEffect(() => {
    if (!active) return
    void run()
    let timer: number | undefined
    const onUpdate = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => void run(), RECHECK_MS)
    }
    session.doc.on('update', onUpdate)
    return () => {
      window.clearTimeout(timer)
      session.doc.off('update', onUpdate)
    }
  }, [active, session, run])

  return { problems, setProblems, running, error, run }
}
