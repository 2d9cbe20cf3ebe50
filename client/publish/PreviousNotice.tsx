import { previousPeriod } from '@schema/templates/carryOver'
import type { ReportDetail } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'

/**
 * What the monthly cycle brought in from last period's published report,
 * or that there was none: said in the UI, the report is created either way.
 */
export function PreviousNotice({ report }: { report: ReportDetail }) {
  const { t } = useI18n()
  const prev = report.previous
  if (prev) {
    return (
      <p className="notice" data-testid="previous-notice">
        {t('previous.carried', { period: prev.period, version: prev.version, issues: 0, ...prev.carried })}{' '}
        <a href={`#/reports/${prev.reportId}`}>{t('previous.open')}</a>
      </p>
    )
  }
  if (prev === null && report.status === 'draft' && report.revision === 0) {
    return (
      <p className="notice muted" data-testid="previous-notice">
        {t('previous.none', { period: previousPeriod(report.period) })}
      </p>
    )
  }
  return null
}
