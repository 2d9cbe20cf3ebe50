import type { BlockHtml } from '../../export/BlockRenderer'
import { titleOf } from '../../export/blockLabelText'
import { formatTimestamp } from '../../export/formatTimestamp'
import { attr, escapeHtml as e, own } from '../../export/reportJson'
import { kpiBlockLabels } from './kpiBlockLabels'
import { kpiBlockValues } from './kpiBlockValues'

/** A KPI block as a card of values, each with its formula and period as a tooltip and why it could not be computed. */
export const kpiBlockHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const values = kpiBlockValues(node, ctx.input.kpis)
    const computedAt = attr(node, 'computedAt')
    const reasonText = (r: string) => own<string>(labels.reasons, r) ?? r
    const items = values.map((v) => {
      const title = [v.formula && `${labels.kpi.formula}${labels.colon}${v.formula}`, v.period && `${labels.kpi.period}${labels.colon}${v.period}`]
        .filter(Boolean)
        .join('\n')
      return (
        `<div class="stat" data-kpi="${e(v.key)}"${title ? ` title="${e(title)}"` : ''}><dt>${e(v.label)}</dt><dd>${e(v.display)}` +
        (v.reason ? `<span class="kpi-formula">${e(labels.notComputable)}${e(labels.colon)}${e(reasonText(v.reason))}</span>` : '') +
        (v.formula ? `<span class="kpi-formula">${e(v.formula)}</span>` : '') +
        '</dd></div>'
      )
    })
    return (
      '<article class="card kpi">' +
      `<div class="card-head"><span class="block-label">${e(titleOf(kpiBlockLabels, labels))}</span>` +
      (computedAt ? `<span class="muted">${e(labels.kpi.computedAt)} ${e(formatTimestamp(computedAt, ctx.input))}</span>` : '') +
      '</div>' +
      (items.length > 0 ? `<dl class="stats">${items.join('')}</dl>` : `<p class="muted">${e(labels.kpi.pending)}</p>`) +
      '</article>'
    )
  },
}
