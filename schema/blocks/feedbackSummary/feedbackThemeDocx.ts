/** Feedback themes in the Word export: a table of sentiment, theme, channel and mentions. */
import type { FileChild } from 'docx'
import type { JSONContent } from '@tiptap/core'
import type { DocxBlockRenderer, DocxRenderContext } from '../../export/DocxBlockRenderer'
import { COLORS, SIZES, captionParagraph, docxTable } from '../../export/docxParts'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { attr, children, own } from '../../export/reportJson'
import { feedbackThemeLabels } from './feedbackThemeLabels'

/** The themes' table under a caption. */
export function themesDocx(themes: JSONContent[], ctx: DocxRenderContext): FileChild[] {
  const { labels } = ctx
  const tf = (name: string) => fieldTitleOf(feedbackThemeLabels, labels, name)
  return [
    captionParagraph(labels.feedback.themes),
    docxTable(
      [{ text: tf('sentiment') }, { text: labels.feedback.theme }, { text: tf('channel') }, { text: tf('count'), numeric: true }],
      themes.map((t) => {
        const sentiment = attr(t, 'sentiment')
        return [
          { text: valueLabelOf(feedbackThemeLabels, labels, 'sentiment', sentiment), color: own(COLORS.sentiment, sentiment), bold: true },
          { runs: ctx.inline(children(t), { size: SIZES.small }) },
          { text: attr(t, 'channel') ?? labels.empty },
          { text: attr(t, 'count') ?? labels.empty, numeric: true },
        ]
      }),
      [1.2, 4.5, 1.5, 1.2],
    ),
  ]
}

/** A theme on its own (outside a summary): a table of one. */
export const feedbackThemeDocx: DocxBlockRenderer = async (node, ctx) => themesDocx([node], ctx)
