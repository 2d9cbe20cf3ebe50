import type { Derived } from '@schema/kpi/Derived'
import type { MessageKey } from '../../i18n/messages'

export interface Shown {
  text: string
  /** Why there is no value (for the `title` tooltip); null when there is one. */
  reason: string | null
}

type Translate = (key: MessageKey) => string

/**
 * A derived value as the report shows it: a fraction as `+5.2%` (signed) or
 * `98.7%`, or a plain number; "—" with the reason when it is not computable.
 */
export function formatDerived(d: Derived, t: Translate, style: 'signedPercent' | 'percent' | 'number'): Shown {
  if (!d.ok) return { text: '—', reason: `${t('nv.notComputable')}: ${t(`nv.reason.${d.reason}`)}` }
  if (style === 'number') return { text: d.value.toFixed(1), reason: null }
  const pct = (d.value * 100).toFixed(1)
  const text = style === 'signedPercent' && d.value > 0 ? `+${pct}%` : `${pct}%`
  return { text: text === '-0.0%' ? '0.0%' : text, reason: null }
}
