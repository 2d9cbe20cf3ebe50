/**
 * The customer feedback summary in the Word export: the counts as a table,
 * NPS, CSAT and the complaint resolution rate computed with the shared
 * formulas, the themes' table, then the summary text.
 */
import { Paragraph } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { captionParagraph, docxTable, labelRun, spacer, type CellSpec } from '../../export/docxParts'
import { fieldTitleOf, titleOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { attr, children } from '../../export/reportJson'
import { nps, ratio } from '../../kpi/metricFormulas'
import { parseNumber } from '../../kpi/parseNumber'
import { themesDocx } from './feedbackThemeDocx'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'

const COUNTS = ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'] as const

export const feedbackSummaryDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels } = ctx
  const f = (name: string) => fieldTitleOf(feedbackSummaryLabels, labels, name)
  const csat = parseNumber(attr(node, 'csat'))
  const stats: [string, { text: string; reason: string | null }][] = [
    [labels.feedback.nps, derivedText(nps(attr(node, 'promoters'), attr(node, 'detractors'), attr(node, 'responses')), 'number', labels)],
    [f('csat'), csat.ok ? { text: String(csat.value), reason: null } : derivedText(csat, 'number', labels)],
    [labels.feedback.resolutionRate, derivedText(ratio(attr(node, 'complaintsResolved'), attr(node, 'complaints')), 'percent', labels)],
  ]
  const themes = children(node).filter((c) => c.type === 'feedbackTheme')
  const summary = children(node).filter((c) => c.type !== 'feedbackTheme')
  const statCells: CellSpec[] = stats.map(([, s]) => ({ text: s.text, numeric: true, bold: true, sub: s.reason ? [s.reason] : [] }))
  return [
    new Paragraph({ keepNext: true, spacing: { before: 160, after: 60 }, children: labelRun(titleOf(feedbackSummaryLabels, labels)) }),
    docxTable(
      COUNTS.map((c) => ({ text: f(c), numeric: true })),
      [COUNTS.map((c) => ({ text: attr(node, c) ?? labels.empty, numeric: true }))],
      COUNTS.map(() => 1),
    ),
    spacer(),
    docxTable(
      stats.map(([label]) => ({ text: label, numeric: true })),
      [statCells],
      stats.map(() => 1),
    ),
    ...(themes.length > 0 ? themesDocx(themes, ctx) : []),
    ...(summary.length > 0 ? [captionParagraph(labels.feedback.summary), ...(await ctx.blocks(summary, 2))] : []),
  ]
}
