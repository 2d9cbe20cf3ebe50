import type { Node as PMNode } from '@tiptap/pm/model'
import type { BlockCheck } from '../../check/BlockCheck'
import { checkLabels, quote } from '../../check/checkMessages'
import { num, snippet, text } from '../../check/checkText'
import { parseNumber } from '../../kpi/parseNumber'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'

const SEGMENTS = ['promoters', 'passives', 'detractors'] as const
const FEEDBACK_FIELDS = ['responses', 'csat', ...SEGMENTS, 'complaints', 'complaintsResolved'] as const
type FeedbackField = (typeof FEEDBACK_FIELDS)[number]

/**
 * A feedback summary must say something (figures, themes or text); its
 * figures must be numbers, not negative, consistent with their totals; a
 * theme's count too.
 */
export const feedbackSummaryCheck: BlockCheck = (node, { locale, report }) => {
  const a = node.attrs as Record<string, unknown>
  const fieldLabel = (f: FeedbackField) => quote(feedbackSummaryLabels.fields[f]![locale], locale)
  const themes: PMNode[] = []
  let summary = ''
  node.forEach((child) => {
    if (child.type.name === 'feedbackTheme') themes.push(child)
    else summary += child.textContent
  })
  if (themes.length === 0 && !summary.trim() && FEEDBACK_FIELDS.every((f) => !text(a[f]))) {
    report('feedback_empty', {})
    return
  }

  // Each figure on its own: a number, not negative. Only good figures take part in the sums below.
  const value: Partial<Record<FeedbackField, number>> = {}
  for (const f of FEEDBACK_FIELDS) {
    const raw = text(a[f])
    if (!raw) continue
    const n = parseNumber(raw)
    if (!n.ok) report('feedback_not_a_number', { field: fieldLabel(f), value: raw })
    else if (n.value < 0) report('feedback_negative', { field: fieldLabel(f), value: raw })
    else value[f] = n.value
  }

  const given = SEGMENTS.filter((f) => text(a[f]))
  if (given.length > 0 && !text(a.responses)) {
    report('feedback_total_missing', { field: given.map(fieldLabel).join(locale === 'zh-CN' ? '、' : ', '), total: fieldLabel('responses') })
  } else if (value.responses !== undefined && given.length > 0 && given.every((f) => value[f] !== undefined)) {
    const sum = given.reduce((s, f) => s + value[f]!, 0)
    if (sum > value.responses) report('feedback_segments_exceed_responses', { sum: num(sum), responses: num(value.responses) })
  }
  if (text(a.complaintsResolved) && !text(a.complaints)) {
    report('feedback_total_missing', { field: fieldLabel('complaintsResolved'), total: fieldLabel('complaints') })
  } else if (value.complaints !== undefined && value.complaintsResolved !== undefined && value.complaintsResolved > value.complaints) {
    report('feedback_resolved_exceed_complaints', { resolved: num(value.complaintsResolved), complaints: num(value.complaints) })
  }
  // CSAT is stored as typed: a 1–5 score or a percentage ("86" or "86%"); on any of those scales above 100 is a typo.
  if (value.csat !== undefined && value.csat > 100) report('feedback_csat_out_of_range', { value: text(a.csat) })

  for (const t of themes) {
    const raw = text(t.attrs.count)
    if (!raw) continue
    const name = t.textContent.trim() ? quote(snippet(t.textContent.trim()), locale) : checkLabels.untitled.theme[locale]
    const field = checkLabels.themeCount[locale](name)
    const n = parseNumber(raw)
    if (!n.ok) report('feedback_not_a_number', { field, value: raw }, t.attrs.id)
    else if (n.value < 0) report('feedback_negative', { field, value: raw }, t.attrs.id)
  }
}
