import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf, titleOf, valueLabelOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { knownClass } from '../../export/htmlFragments'
import { attr, children, escapeHtml as e } from '../../export/reportJson'
import { nps, ratio } from '../../kpi/metricFormulas'
import { parseNumber } from '../../kpi/parseNumber'
import { FEEDBACK_COUNTS } from './feedbackCounts'
import { SENTIMENTS } from './FeedbackTheme'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'
import { feedbackThemeLabels } from './feedbackThemeLabels'

/** A feedback summary as a card: the counts, NPS, CSAT and resolution rate, a table of its themes, then its summary text. */
export const feedbackSummaryHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(feedbackSummaryLabels, labels, name)
    const csat = parseNumber(attr(node, 'csat'))
    const stats: [string, { text: string; reason: string | null }][] = [
      [labels.feedback.nps, derivedText(nps(attr(node, 'promoters'), attr(node, 'detractors'), attr(node, 'responses')), 'number', labels)],
      [f('csat'), csat.ok ? { text: String(csat.value), reason: null } : derivedText(csat, 'number', labels)],
      [labels.feedback.resolutionRate, derivedText(ratio(attr(node, 'complaintsResolved'), attr(node, 'complaints')), 'percent', labels)],
    ]
    const themes = children(node).filter((c) => c.type === 'feedbackTheme')
    const summary = children(node).filter((c) => c.type !== 'feedbackTheme')
    const tf = (name: string) => fieldTitleOf(feedbackThemeLabels, labels, name)
    const themeRows = themes.map((t) => {
      const sentiment = attr(t, 'sentiment')
      return (
        `<tr><td><span class="pill pill-${knownClass(sentiment, SENTIMENTS)}">${e(valueLabelOf(feedbackThemeLabels, labels, 'sentiment', sentiment))}</span></td>` +
        `<td>${ctx.inline(children(t))}</td><td>${e(attr(t, 'channel') ?? labels.empty)}</td><td class="num">${e(attr(t, 'count') ?? labels.empty)}</td></tr>`
      )
    })
    return (
      '<article class="card feedback">' +
      `<div class="card-head"><span class="block-label">${e(titleOf(feedbackSummaryLabels, labels))}</span></div>` +
      `<table class="feedback-counts"><thead><tr>${FEEDBACK_COUNTS.map((c) => `<th class="num">${e(f(c))}</th>`).join('')}</tr></thead>` +
      `<tbody><tr>${FEEDBACK_COUNTS.map((c) => `<td class="num">${e(attr(node, c) ?? labels.empty)}</td>`).join('')}</tr></tbody></table>` +
      `<dl class="stats">${stats.map(([label, s]) => `<div class="stat"${s.reason ? ` title="${e(s.reason)}"` : ''}><dt>${e(label)}</dt><dd>${e(s.text)}</dd></div>`).join('')}</dl>` +
      (themes.length > 0
        ? `<table class="themes"><caption>${e(labels.feedback.themes)}</caption><thead><tr><th>${e(tf('sentiment'))}</th><th>${e(labels.feedback.theme)}</th>` +
          `<th>${e(tf('channel'))}</th><th class="num">${e(tf('count'))}</th></tr></thead><tbody>${themeRows.join('')}</tbody></table>`
        : '') +
      ctx.blocks(summary, 2) +
      '</article>'
    )
  },
}
