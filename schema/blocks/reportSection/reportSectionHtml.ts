import type { BlockHtml } from '../../export/BlockRenderer'
import { attrText, children, escapeHtml as e } from '../../export/reportJson'

/** A section: its title as the h2 (the headings of its content come below it), then its blocks. */
export const reportSectionHtml: BlockHtml = {
  render: (node, ctx) => {
    const [first, ...rest] = children(node)
    const heading = first?.type === 'heading' ? first : null
    const body = heading ? rest : children(node)
    return (
      `<section class="report-section" data-section="${e(attrText(node, 'key'))}">` +
      (heading ? `<h2>${ctx.inline(children(heading))}</h2>` : '') +
      ctx.blocks(body, 1) +
      '</section>'
    )
  },
}
