import { useState } from 'react'
import { nextPeriod } from '@schema/time/dates'
import { api, ApiError, type ReportDetail } from '../api/apiClient'
import { quotaLimitOf } from '../api/quotaLimit'
import { useI18n } from '../i18n/I18nProvider'
import { nextReportTitle } from './nextReportTitle'

/**
 * 新建下期报告: on a published report, creates the report of its series for
 * the next period (the server carries last month over) and opens it. When
 * that report exists already (and the user may read it), it is opened
 * instead of creating a second one.
 */
export function NextReportButton({ report }: { report: ReportDetail }) {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const next = nextPeriod(report.period)
  if (!next) return null

  const open = (id: string) => (location.hash = `/reports/${id}`)
  const create = async () => {
    setBusy(true)
    setMessage(null)
    try {
      const existing = (await api.reports()).find((r) => r.series === report.series && r.period === next)
      if (existing) return open(existing.id)
      const created = await api.createReport({ title: nextReportTitle(report.title, report.period, next), period: next, series: report.series, locale: report.locale })
      open(created.id)
    } catch (err) {
      const limit = quotaLimitOf(err)
      if (limit !== null) setMessage(t('reports.quotaExceeded', { limit }))
      else setMessage(err instanceof ApiError && err.code === 'series_forbidden' ? t('reports.seriesForbidden') : (err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button type="button" className="primary" onClick={() => void create()} disabled={busy} data-testid="next-report" title={t('publish.nextReportHint', { period: next })}>
        {t('publish.nextReport')}
      </button>
      {message && (
        <span className="publish-message" role="alert">
          {message}
        </span>
      )}
    </>
  )
}
