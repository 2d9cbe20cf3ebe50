import type { BlockCheck } from '../../check/BlockCheck'
import { checkLabels, quote } from '../../check/checkMessages'
import { text } from '../../check/checkText'
import { parseNumber } from '../../kpi/parseNumber'

/** A metric row needs a key (unique in the report: the first row keeps it), a name, a numeric value, and a direction when it has a target. */
export const metricRowCheck: BlockCheck = (node, { locale, report, seen }) => {
  const a = node.attrs as Record<string, unknown>
  const key = text(a.key)
  const metric = text(a.name) || key ? quote(text(a.name) || key, locale) : checkLabels.untitled.metric[locale]
  const keys = seen('metricKeys')
  if (!key) report('metric_key_missing', { metric })
  else if (keys.has(key)) report('metric_key_duplicate', { metric, key })
  keys.add(key)
  if (!text(a.name)) report('metric_name_missing', { metric })
  const current = parseNumber(text(a.current) || null)
  if (!current.ok && current.reason === 'missing') report('metric_current_missing', { metric })
  else if (!current.ok) report('metric_current_not_a_number', { metric, value: quote(text(a.current), locale) })
  if (text(a.target)) {
    if (!parseNumber(text(a.target)).ok) report('metric_target_not_a_number', { metric, value: quote(text(a.target), locale) })
    if (a.direction !== 'higher' && a.direction !== 'lower') report('metric_direction_missing', { metric })
  }
  if (text(a.previous) && !parseNumber(text(a.previous)).ok) {
    report('metric_previous_not_a_number', { metric, value: quote(text(a.previous), locale) })
  }
}
