import type { ReportStatusEvent } from '@schema/reportEvent'
import { useI18n } from '../i18n/I18nProvider'
import { shownTime } from '../time/instanceTime'

/** 已发布 v1 · 发布人 · 时间 — shown to everyone while the report is published. */
export function PublishedBanner({ status }: { status: ReportStatusEvent }) {
  const { t } = useI18n()
  if (status.status !== 'published') {
    if (status.revision === 0) return null
    return (
      <p className="banner amending" data-testid="amending-banner">
        {t('publish.amending', { version: `1.${status.revision}` })}
      </p>
    )
  }
  const at = status.publishedAt ? shownTime(status.publishedAt) : ''
  return (
    <p className="banner published" role="status" data-testid="published-banner">
      <strong>{t('publish.banner', { version: status.version ?? '1', by: status.publishedBy ?? '', at })}</strong>
      <span className="muted"> {t('publish.bannerHint')}</span>
    </p>
  )
}
