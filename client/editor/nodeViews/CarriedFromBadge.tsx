import { parseCarriedFrom } from '@schema/templates/carryOver'
import { useI18n } from '../../i18n/I18nProvider'

/**
 * 结转自 2026-10 v1: where a carried-over action or issue came from (the
 * monthly cycle writes `<reportId>@<version>#<blockId>`), linked to that
 * report. An older free-text reference is shown as it is.
 */
export function CarriedFromBadge({ block, carriedFrom, previous }: { block: 'issue' | 'actionItem'; carriedFrom: string; previous: { reportId: string; period: string } | null }) {
  const { t } = useI18n()
  const ref = parseCarriedFrom(carriedFrom)
  const field = t(`field.${block}.carriedFrom`)
  const label = ref ? `${ref.reportId === previous?.reportId ? previous.period : t('nv.action.previousReport')} v${ref.version}` : carriedFrom
  return (
    <span className="nv-badge nv-carried" data-testid="carried-from" title={`${field} ${carriedFrom}`}>
      ↻ {field} {ref ? <a href={`#/reports/${ref.reportId}`}>{label}</a> : label}
    </span>
  )
}
