import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { attr, attrText, children, escapeHtml as e } from '../../export/reportJson'
import { attainment, metricStatus, momChange, type Direction } from '../../kpi/metricFormulas'
import { metricRowLabels } from './metricRowLabels'

/** A metrics table: a row per metric with its derived MoM and attainment, each coloured by whether it is good. */
export const metricsTableHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(metricRowLabels, labels, name)
    const cols = [f('name'), f('current'), f('previous'), f('target'), f('unit'), f('direction'), labels.metrics.mom, labels.metrics.attainment]
    const rows = children(node)
      .filter((r) => r.type === 'metricRow')
      .map((r) => {
        const current = attr(r, 'current')
        const previous = attr(r, 'previous')
        const target = attr(r, 'target')
        const direction: Direction = attr(r, 'direction') === 'lower' ? 'lower' : 'higher'
        const mom = momChange(current, previous)
        const momShown = derivedText(mom, 'signedPercent', labels)
        const momTone = !mom.ok || mom.value === 0 ? '' : mom.value > 0 === (direction === 'higher') ? 'good' : 'bad'
        const att = derivedText(attainment(current, target, direction), 'percent', labels)
        const status = metricStatus(current, target, direction)
        const attTone = status === 'met' ? 'good' : status === 'missed' ? 'bad' : ''
        const attTitle = att.reason ?? (status === 'met' ? labels.metrics.met : status === 'missed' ? labels.metrics.missed : null)
        const details = (['definition', 'source', 'note'] as const)
          .filter((d) => attr(r, d))
          .map((d) => `<span class="sub">${e(f(d))}${e(labels.colon)}${e(attrText(r, d))}</span>`)
          .join('')
        const cell = (text: string, cls: string, title: string | null = null) =>
          `<td class="${cls}"${title ? ` title="${e(title)}"` : ''}>${e(text)}</td>`
        return (
          `<tr data-key="${e(attrText(r, 'key'))}">` +
          `<td>${e(attr(r, 'name') ?? attrText(r, 'key'))}${details}</td>` +
          cell(current ?? labels.empty, 'num') +
          cell(previous ?? labels.empty, 'num') +
          cell(target ?? labels.empty, 'num') +
          cell(attrText(r, 'unit'), '') +
          cell(valueLabelOf(metricRowLabels, labels, 'direction', direction), '') +
          cell(momShown.text, `num ${momTone}`.trim(), momShown.reason) +
          cell(att.text, `num ${attTone}`.trim(), attTitle) +
          '</tr>'
        )
      })
    const title = attr(node, 'title')
    return (
      '<table class="metrics">' +
      (title ? `<caption>${e(title)}</caption>` : '') +
      `<thead><tr>${cols.map((c, i) => `<th${i === 0 || i === 4 || i === 5 ? '' : ' class="num"'}>${e(c)}</th>`).join('')}</tr></thead>` +
      `<tbody>${rows.join('')}</tbody></table>`
    )
  },
}
