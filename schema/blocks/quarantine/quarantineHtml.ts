import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf } from '../../export/blockLabelText'
import { formatTimestamp } from '../../export/formatTimestamp'
import { htmlField } from '../../export/htmlFragments'
import { attr, attrText, escapeHtml as e } from '../../export/reportJson'
import { quarantineLabels } from './quarantineLabels'

/** Quarantined content as a warning note: what it was, when it was set aside, and its raw text. */
export const quarantineHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(quarantineLabels, labels, name)
    const at = attr(node, 'quarantinedAt')
    return (
      '<aside class="quarantine" role="note">' +
      `<strong>⚠ ${e(labels.quarantine.title)}</strong>` +
      `<div class="fields">${htmlField(labels, f('originalType'), attr(node, 'originalType') ?? labels.empty)}${at ? htmlField(labels, f('quarantinedAt'), formatTimestamp(at, ctx.input)) : ''}</div>` +
      `<p class="muted">${e(labels.quarantine.help)}</p>` +
      `<pre>${e(attrText(node, 'raw'))}</pre>` +
      '</aside>'
    )
  },
}
