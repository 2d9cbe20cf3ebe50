import type { BlockMarkdown } from '../../export/BlockRenderer'
import { children } from '../../export/reportJson'

/** A section: its title as a level-2 heading, then its blocks. */
export const reportSectionMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const [first, ...rest] = children(node)
    const heading = first?.type === 'heading' ? `## ${ctx.inline(children(first))}` : ''
    const body = ctx.sectionBlocks(first?.type === 'heading' ? rest : children(node), 1)
    return [heading, body].filter((s) => s !== '').join('\n\n')
  },
}
