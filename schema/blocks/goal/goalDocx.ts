/** The goal in the Word export: a card with its status, baseline → target (with the unit), text and fields. */
import { Paragraph, TextRun } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, FONTS, card, fieldsParagraph, labelRun, textRuns } from '../../export/docxParts'
import { fieldTitleOf, titleOf, valueLabelOf } from '../../export/blockLabelText'
import { attr, attrText, children, withUnit } from '../../export/reportJson'
import { goalLabels } from './goalLabels'

const STATUS_COLORS: Readonly<Record<string, string>> = { met: COLORS.good, missed: COLORS.bad, at_risk: COLORS.bad, on_track: COLORS.good }

export const goalDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels, index } = ctx
  const f = (name: string) => fieldTitleOf(goalLabels, labels, name)
  const key = attr(node, 'metricKey')
  const metric = key ? index.metricsByKey.get(key) : undefined
  const unit = attrText(node, 'unit')
  const shown = (v: string | null) => withUnit(v, unit, labels.empty)
  const status = attr(node, 'status')
  return card(
    [
      new Paragraph({
        keepNext: true,
        spacing: { after: 40 },
        children: [
          ...labelRun(titleOf(goalLabels, labels)),
          new TextRun({ text: '\u3000' }),
          ...textRuns(`[${valueLabelOf(goalLabels, labels, 'status', status)}]`, {
            bold: true,
            color: (status && Object.hasOwn(STATUS_COLORS, status) ? STATUS_COLORS[status] : undefined) ?? COLORS.muted,
          }),
          new TextRun({ text: '\u3000' }),
          ...textRuns(`${f('baseline')} ${shown(attr(node, 'baseline'))} → ${f('target')} ${shown(attr(node, 'target'))}`, { bold: true, font: FONTS.heading }),
        ],
      }),
      ...(await ctx.blocks(children(node), 2)),
      fieldsParagraph(labels.colon, [
        [f('metricKey'), key ? (metric ? `${metric.name || key} (${key})` : key) : labels.empty],
        [f('direction'), valueLabelOf(goalLabels, labels, 'direction', attr(node, 'direction'))],
        [f('deadline'), attr(node, 'deadline') ?? labels.empty],
        [f('owner'), attr(node, 'owner') ?? labels.empty],
      ]),
    ],
    COLORS.accent,
  )
}
