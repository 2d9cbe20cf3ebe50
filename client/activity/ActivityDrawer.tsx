import { useEffect, useState } from 'react'
import { api, type ActivityEntry, type ReportDetail } from '../api/apiClient'
import { errorText } from '../api/errorText'
import { useI18n } from '../i18n/I18nProvider'
import { shownTime } from '../time/instanceTime'
import { activityText } from './activityText'

interface Props {
  report: ReportDetail
  /** Changes on every publish and unlock, so an open drawer reloads. */
  revisionKey: string
  onClose: () => void
}

/** The report's activity (its audit entries, newest first) in words, in the UI language, at local times. */
export function ActivityDrawer({ report, revisionKey, onClose }: Props) {
  const { t } = useI18n()
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api.activity(report.id).then(
      (a) => setEntries(a.entries),
      (err: unknown) => setError(errorText(t, err)),
    )
  }, [report.id, revisionKey, report.members.length, t])

  return (
    <aside className="side-drawer" aria-label={t('activity.title')} data-testid="activity-drawer">
      <header className="side-drawer__head">
        <h2>{t('activity.title')}</h2>
        <button type="button" className="link" onClick={onClose}>
          {t('activity.close')}
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p className="muted">{t('activity.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{t('activity.empty')}</p>
      ) : (
        <ol className="activity-list">
          {entries.map((e, i) => {
            const { line, detail } = activityText(t, e)
            return (
              <li key={`${e.at}-${i}`} data-action={e.action} data-testid="activity-entry">
                <time dateTime={e.at}>{shownTime(e.at)}</time>
                <span>{line}</span>
                {detail && <span className="activity-detail">{detail}</span>}
              </li>
            )
          })}
        </ol>
      )}
    </aside>
  )
}
