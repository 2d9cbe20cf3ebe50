/** The section in the Word export: its title as Heading 1, its content below. */
import { HeadingLevel, Paragraph } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { children } from '../../export/reportJson'

export const reportSectionDocx: DocxBlockRenderer = async (node, ctx) => {
  const [first, ...rest] = children(node)
  const heading = first?.type === 'heading' ? first : null
  return [
    ...(heading ? [new Paragraph({ heading: HeadingLevel.HEADING_1, children: ctx.inline(children(heading)) })] : []),
    ...(await ctx.blocks(heading ? rest : children(node), 1)),
  ]
}
