/** The issue in the Word export: a card with a bar in its severity's colour, the severity, title, fields, root cause, description. */
import { Paragraph, ShadingType, TextRun } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, FONTS, SIZES, card, fieldsParagraph, textRuns } from '../../export/docxParts'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { attr, attrText, children, own } from '../../export/reportJson'
import { issueLabels } from './issueLabels'

export const issueDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels } = ctx
  const severity = attr(node, 'severity')
  const color = own(COLORS.severity, severity) ?? COLORS.line
  const f = (name: string) => fieldTitleOf(issueLabels, labels, name)
  const rootCause = attr(node, 'rootCause')
  return card(
    [
      new Paragraph({
        keepNext: true,
        spacing: { after: 40 },
        children: [
          ...textRuns(` ${valueLabelOf(issueLabels, labels, 'severity', severity)} `, {
            bold: true,
            size: SIZES.small,
            font: FONTS.heading,
            color: 'FFFFFF',
            shading: { type: ShadingType.CLEAR, fill: color, color: 'auto' },
          }),
          new TextRun({ text: ' ' }),
          ...textRuns(attr(node, 'title') ?? labels.empty, { bold: true, font: FONTS.heading, size: 22 }),
        ],
      }),
      fieldsParagraph(labels.colon, [
        [f('status'), valueLabelOf(issueLabels, labels, 'status', attr(node, 'status'))],
        [f('owner'), attr(node, 'owner') ?? labels.empty],
        ...(attr(node, 'category') ? [[f('category'), attrText(node, 'category')] as const] : []),
        ...(attr(node, 'impact') ? [[f('impact'), attrText(node, 'impact')] as const] : []),
      ]),
      ...(rootCause
        ? [new Paragraph({ children: [...textRuns(`${f('rootCause')}${labels.colon}`, { bold: true }), ...textRuns(rootCause)] })]
        : []),
      ...(await ctx.blocks(children(node), 2)),
    ],
    color,
  )
}
