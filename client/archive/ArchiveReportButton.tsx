import { useState } from 'react'
import { api, type ReportListItem } from '../api/apiClient'
import { useApiAction } from '../api/useApiAction'
import { useI18n } from '../i18n/I18nProvider'

/**
 * 归档 on a report of the list (owners and admins): asks for a confirmation
 * first; the server closes every open editor of the report and keeps its
 * files, restorable from the archived list.
 */
/** `onArchived` gets the notice to show: this row leaves the list, and its message with it. */
export function ArchiveReportButton({ report, onArchived }: { report: ReportListItem; onArchived: (notice: string) => void }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const { run, busy, error } = useApiAction(() => onArchived(t('archive.done', { title: report.title })))
  return (
    <>
      <button type="button" className="danger-button" disabled={busy} onClick={() => setConfirming(true)} data-testid="archive-report">
        {t('archive.archive')}
      </button>
      {confirming && (
        <div className="confirm-row" role="alertdialog" aria-label={t('archive.confirm', { title: report.title })}>
          <p>{t('archive.confirm', { title: report.title })}</p>
          <button
            type="button"
            className="danger-button"
            disabled={busy}
            data-testid="archive-confirm"
            onClick={() => {
              setConfirming(false)
              void run(() => api.archiveReport(report.id), t('archive.done', { title: report.title }))
            }}
          >
            {t('archive.yes')}
          </button>
          <button type="button" className="link" onClick={() => setConfirming(false)}>
            {t('archive.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
