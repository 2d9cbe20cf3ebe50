import { useState } from 'react'
import type { CheckProblem } from '@schema/check/CheckProblem'
import type { ReportStatusEvent } from '@schema/reportEvent'
import { api, ApiError, type ReportDetail } from '../api/apiClient'
import { quotaLimitOf } from '../api/quotaLimit'
import type { CollabSession } from '../collab/openCollabSession'
import { useI18n } from '../i18n/I18nProvider'
import { CheckPanel } from './CheckPanel'
import { NextReportButton } from './NextReportButton'
import { useCheck } from './useCheck'

interface Props {
  report: ReportDetail
  status: ReportStatusEvent
  session: CollabSession
}

/**
 * Check, publish and unlock. Anyone who can edit sees the live checklist;
 * the owner publishes (the server checks again and refuses with the
 * problems) and unlocks with a reason; once published, anyone who can edit
 * starts next month's report from here. The server enforces all of it.
 */
export function PublishBar({ report, status, session }: Props) {
  const { t } = useI18n()
  const owner = report.role === 'owner'
  const published = status.status === 'published'
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [unlocking, setUnlocking] = useState(false)
  const [reason, setReason] = useState('')
  const check = useCheck(report.id, session, open && !published)

  if (report.role === 'viewer') return null

  const publish = async () => {
    setBusy(true)
    setMessage(null)
    try {
      const v = await api.publish(report.id, note.trim() || undefined)
      setMessage(t('publish.done', { version: v.version }))
      setOpen(false)
      setNote('')
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        check.setProblems((err.body as { problems: CheckProblem[] }).problems)
        // The refusal speaks the report's language; the checklist follows the UI's.
        void check.run()
        setOpen(true)
        setMessage(t('publish.refused'))
      } else if (err instanceof ApiError && err.code === 'period_published') setMessage(t('publish.periodTaken'))
      else setMessage((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const unlock = async () => {
    setBusy(true)
    try {
      await api.unlock(report.id, reason.trim())
      setUnlocking(false)
      setReason('')
      setMessage(null)
    } catch (err) {
      const limit = quotaLimitOf(err)
      setMessage(limit === null ? (err as Error).message : t('publish.unlockQuota', { limit }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="publish-bar" data-testid="publish-bar">
      {!published && (
        <>
          <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="check-toggle">
            {t('publish.check')}
          </button>
          {owner && (
            <>
              <input
                className="publish-note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('publish.note')}
                aria-label={t('publish.note')}
                maxLength={2000}
              />
              <button type="button" className="primary" onClick={() => void publish()} disabled={busy} data-testid="publish">
                {busy ? t('publish.publishing') : t('publish.publish')}
              </button>
            </>
          )}
        </>
      )}
      {published && !unlocking && <NextReportButton report={report} />}
      {published && owner && !unlocking && (
        <button type="button" onClick={() => setUnlocking(true)} data-testid="unlock">
          {t('publish.unlock')}
        </button>
      )}
      {published && owner && unlocking && (
        <form
          className="unlock-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (reason.trim()) void unlock()
          }}
        >
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('publish.unlockReason')}
            aria-label={t('publish.unlockReason')}
            required
            autoFocus
            maxLength={2000}
          />
          <button type="submit" disabled={busy || !reason.trim()} data-testid="unlock-confirm">
            {t('publish.unlockConfirm')}
          </button>
          <button type="button" className="link" onClick={() => setUnlocking(false)}>
            {t('publish.cancel')}
          </button>
        </form>
      )}
      {message && (
        <span className="publish-message" role="status">
          {message}
        </span>
      )}
      {open && !published && <CheckPanel problems={check.problems} running={check.running} error={check.error} onRun={() => void check.run()} />}
    </div>
  )
}
