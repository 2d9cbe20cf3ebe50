import { useEffect, useState } from 'react'
import { api, type ReportListItem } from '../api/apiClient'
import { useApiAction } from '../api/useApiAction'
import { useI18n } from '../i18n/I18nProvider'
import { shownTime } from '../time/instanceTime'

/**
 * 已归档 under the report list: the archived reports the user owns (or, for
 * an admin, all) that can still be restored, each with 恢复. `version`
 * changes whenever the live list changed, so a fresh archive shows up.
 */
export function ArchivedReports({ version, onRestored }: { version: number; onRestored: () => void }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const [reports, setReports] = useState<ReportListItem[] | null>(null)
  const [reloads, setReloads] = useState(0)
  const { run, busy, message, error } = useApiAction(() => {
    setReloads((n) => n + 1)
    onRestored()
  })

  useEffect(() => {
    if (open) api.archivedReports().then(setReports, () => setReports([]))
  }, [open, version, reloads])

  return (
    <section className="card" data-testid="archived-reports">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="archived-toggle">
        {open ? t('archive.hide') : t('archive.show')}
      </button>
      {message && (
        <p className="side-drawer__message" role="status">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <>
          <h2>{t('archive.title')}</h2>
          {reports === null ? null : reports.length === 0 ? (
            <p className="muted">{t('archive.empty')}</p>
          ) : (
            <ul className="report-list">
              {reports.map((r) => (
                <li key={r.id} className="report-row" data-report-id={r.id} data-testid="archived-row">
                  <span className="report-title">{r.title}</span>
                  <span className="muted">
                    {r.period} · {r.series} ·{' '}
                    {t('archive.meta', { at: r.archived ? shownTime(r.archived.at) : '', until: r.restorableUntil ? shownTime(r.restorableUntil) : '' })}
                  </span>
                  <button
                    type="button"
                    disabled={busy}
                    data-testid="archived-restore"
                    onClick={() => void run(() => api.restoreArchived(r.id), t('archive.restored', { title: r.title }))}
                  >
                    {t('archive.restore')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
