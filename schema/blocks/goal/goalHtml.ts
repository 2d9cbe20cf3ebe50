import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf, titleOf, valueLabelOf } from '../../export/blockLabelText'
import { htmlField } from '../../export/htmlFragments'
import { attr, attrText, children, escapeHtml as e, withUnit } from '../../export/reportJson'
import { goalLabels } from './goalLabels'

/** A goal as a card: status, baseline → target, its statement, then metric, direction, deadline and owner. */
export const goalHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels, index } = ctx
    const f = (name: string) => fieldTitleOf(goalLabels, labels, name)
    const key = attr(node, 'metricKey')
    const metric = key ? index.metricsByKey.get(key) : undefined
    const unit = attrText(node, 'unit')
    const shown = (v: string | null) => withUnit(v, unit, labels.empty)
    const meta = [
      htmlField(labels, f('metricKey'), key ? (metric ? `${metric.name || key} (${key})` : key) : labels.empty),
      htmlField(labels, f('direction'), valueLabelOf(goalLabels, labels, 'direction', attr(node, 'direction'))),
      htmlField(labels, f('deadline'), attr(node, 'deadline') ?? labels.empty),
      htmlField(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
    ]
    return (
      '<article class="card goal">' +
      `<div class="card-head"><span class="block-label">${e(titleOf(goalLabels, labels))}</span>` +
      `<span class="badge">${e(valueLabelOf(goalLabels, labels, 'status', attr(node, 'status')))}</span>` +
      `<span class="goal-target">${e(f('baseline'))} ${e(shown(attr(node, 'baseline')))} → ${e(f('target'))} ${e(shown(attr(node, 'target')))}</span></div>` +
      ctx.blocks(children(node), 2) +
      `<div class="fields">${meta.join('')}</div>` +
      '</article>'
    )
  },
}
