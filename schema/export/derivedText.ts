import type { Derived } from '../kpi/Derived'
import type { ExportLabels } from './exportLabels'

/** The text shown for a derived value: "+5.2%", "98.7%", "41.0", or "—" with its reason as a tooltip. */
export function derivedText(d: Derived, style: 'signedPercent' | 'percent' | 'number', labels: ExportLabels): { text: string; reason: string | null } {
  if (!d.ok) return { text: '—', reason: `${labels.notComputable}${labels.colon}${labels.reasons[d.reason]}` }
  if (style === 'number') return { text: d.value.toFixed(1), reason: null }
  const pct = (d.value * 100).toFixed(1)
  const text = style === 'signedPercent' && d.value > 0 ? `+${pct}%` : `${pct}%`
  return { text: text === '-0.0%' ? '0.0%' : text, reason: null }
}
