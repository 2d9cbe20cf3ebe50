/**
 * The KPI block in the Word export: the server-computed values (stored in
 * the block, or the version's KPIs of its scope) as a table of name, value
 * and formula; a value that could not be computed says why.
 */
import { Paragraph, TextRun } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, SIZES, docxTable, labelRun, textParagraph, textRuns } from '../../export/docxParts'
import { titleOf } from '../../export/blockLabelText'
import { formatTimestamp } from '../../export/formatTimestamp'
import { kpiBlockValues } from './kpiBlockValues'
import { attr, own } from '../../export/reportJson'
import { kpiBlockLabels } from './kpiBlockLabels'
import { metricRowLabels } from '../metricsTable/metricRowLabels'

export const kpiBlockDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels } = ctx
  const values = kpiBlockValues(node, ctx.input.kpis)
  const computedAt = attr(node, 'computedAt')
  const reasonText = (r: string) => own<string>(labels.reasons, r) ?? r
  const head = new Paragraph({
    keepNext: true,
    spacing: { before: 160, after: 60 },
    children: [
      ...labelRun(titleOf(kpiBlockLabels, labels)),
      ...(computedAt ? [new TextRun({ text: '\u3000' }), ...textRuns(`${labels.kpi.computedAt} ${formatTimestamp(computedAt, ctx.input)}`, { size: SIZES.small, color: COLORS.muted })] : []),
    ],
  })
  if (values.length === 0) return [head, textParagraph(labels.kpi.pending, { color: COLORS.muted, size: SIZES.small })]
  return [
    head,
    docxTable(
      [{ text: titleOf(metricRowLabels, labels) }, { text: labels.kpi.value, numeric: true }, { text: labels.kpi.formula }],
      values.map((v) => [
        { text: v.label, sub: v.period ? [`${labels.kpi.period}${labels.colon}${v.period}`] : [] },
        { text: v.display, numeric: true, bold: true, sub: v.reason ? [`${labels.notComputable}${labels.colon}${reasonText(v.reason)}`] : [] },
        { text: v.formula || labels.empty },
      ]),
      [3, 1.6, 4],
    ),
  ]
}
