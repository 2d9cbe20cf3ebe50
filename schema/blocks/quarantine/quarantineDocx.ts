/** The quarantined block in the Word export: a warning card with its original type, time, help and raw content as text. */
import { Paragraph } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, FONTS, SIZES, card, fieldsParagraph, textParagraph, textRuns } from '../../export/docxParts'
import { fieldTitleOf } from '../../export/blockLabelText'
import { formatTimestamp } from '../../export/formatTimestamp'
import { attr, attrText } from '../../export/reportJson'
import { quarantineLabels } from './quarantineLabels'

export const quarantineDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels } = ctx
  const f = (name: string) => fieldTitleOf(quarantineLabels, labels, name)
  const at = attr(node, 'quarantinedAt')
  return card(
    [
      new Paragraph({ keepNext: true, children: textRuns(`⚠ ${labels.quarantine.title}`, { bold: true, color: COLORS.warn, font: FONTS.heading }) }),
      fieldsParagraph(labels.colon, [
        [f('originalType'), attr(node, 'originalType') ?? labels.empty],
        ...(at ? [[f('quarantinedAt'), formatTimestamp(at, ctx.input)] as const] : []),
      ]),
      textParagraph(labels.quarantine.help, { color: COLORS.muted, size: SIZES.small }),
      textParagraph(attrText(node, 'raw'), { font: FONTS.mono, size: 16 }),
    ],
    COLORS.severity.medium!,
    COLORS.warnFill,
  )
}
