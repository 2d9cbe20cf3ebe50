import { useEffect, useState, type FormEvent } from 'react'
import type { Locale } from '@schema/templates/ReportTemplate'
import { defaultPeriod } from '@schema/templates/defaultPeriod'
import { api, ApiError, type ReportListItem } from '../api/apiClient'
import { quotaLimitOf } from '../api/quotaLimit'
import { ArchivedReports } from '../archive/ArchivedReports'
import { ArchiveReportButton } from '../archive/ArchiveReportButton'
import { useI18n } from '../i18n/I18nProvider'
import { instanceTimeZone } from '../time/instanceTime'

export function ReportListScreen({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, locale } = useI18n()
  const [reports, setReports] = useState<ReportListItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  // The month just ended, in the instance's time zone (TIMEZONE), not the browser's.
  const [period, setPeriod] = useState(() => defaultPeriod(new Date(), instanceTimeZone()))
  const [series, setSeries] = useState('default')
  const [seriesOptions, setSeriesOptions] = useState<{ series: string; latestPeriod: string }[]>([])
  const [contentLocale, setContentLocale] = useState<Locale>(locale)
  /** Bumped on every reload of the list (after an archive or a restore). */
  const [listVersion, setListVersion] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  const reload = () => {
    api.reports().then(setReports, (err: Error) => setError(err.message))
    setListVersion((n) => n + 1)
  }

  useEffect(() => {
    api.reports().then(setReports, (err: Error) => setError(err.message))
    // The series the user may add to, the latest first: the form starts on it instead of `default`.
    api.series().then(
      (list) => {
        setSeriesOptions(list)
        if (list[0]) setSeries((s) => (s === 'default' ? list[0]!.series : s))
      },
      () => setSeriesOptions([]), // the list is a convenience; the field still takes any name
    )
  }, [])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      const report = await api.createReport({ title, period, series, locale: contentLocale })
      onOpen(report.id)
    } catch (err) {
      const limit = quotaLimitOf(err)
      if (limit !== null) setError(t('reports.quotaExceeded', { limit }))
      else setError(err instanceof ApiError && err.code === 'series_forbidden' ? t('reports.seriesForbidden') : (err as Error).message)
    }
  }

  return (
    <main className="page">
      <section className="card">
        <h1>{t('reports.title')}</h1>
        {notice && (
          <p className="side-drawer__message" role="status" data-testid="reports-notice">
            {notice}
          </p>
        )}
        {reports === null ? null : reports.length === 0 ? (
          <p className="muted">{t('reports.empty')}</p>
        ) : (
          <ul className="report-list">
            {reports.map((r) => (
              <li key={r.id} className="report-item">
                <button type="button" className="report-link" onClick={() => onOpen(r.id)} data-report-id={r.id}>
                  <span className="report-title">{r.title}</span>
                  <span className="muted">
                    {r.period} · {r.series} · {t(`reports.status.${r.status}`)} · {t(`role.${r.role}`)}
                  </span>
                </button>
                {r.role === 'owner' && (
                  <ArchiveReportButton
                    report={r}
                    onArchived={(text) => {
                      setNotice(text)
                      reload()
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ArchivedReports version={listVersion} onRestored={reload} />
      <section className="card">
        <h2>{t('reports.create')}</h2>
        <form className="create-form" onSubmit={create}>
          <label>
            {t('reports.field.title')}
            <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
          </label>
          <label>
            {t('reports.field.period')}
            <input name="period" type="month" value={period} onChange={(e) => setPeriod(e.target.value)} required />
          </label>
          <label>
            {t('reports.field.series')}
            <input name="series" list="series-options" value={series} onChange={(e) => setSeries(e.target.value)} pattern="[a-z0-9][a-z0-9_\-]*" />
            <datalist id="series-options" data-testid="series-options">
              {seriesOptions.map((s) => (
                <option key={s.series} value={s.series} label={t('reports.field.seriesLatest', { period: s.latestPeriod })} />
              ))}
            </datalist>
          </label>
          <label>
            {t('reports.field.locale')}
            <select name="locale" value={contentLocale} onChange={(e) => setContentLocale(e.target.value as Locale)}>
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="submit" className="primary">
            {t('reports.submit')}
          </button>
        </form>
        {error && (
          <p className="error" role="alert">
            {t('error.generic')}
            {error}
          </p>
        )}
      </section>
    </main>
  )
}
