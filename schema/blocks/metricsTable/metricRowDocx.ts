/**
 * Metric rows in the Word export: one table row each, 指标 / 本月 / 上月 /
 * 目标 (with the unit) / 环比 / 达成率 computed with the shared formulas,
 * coloured good or bad in the metric's direction; a value that cannot be
 * computed reads "—" with its reason. Each row's 口径, source and note go
 * in a note under the table.
 */
import { Paragraph, type FileChild } from 'docx'
import type { JSONContent } from '@tiptap/core'
import type { DocxBlockRenderer, DocxRenderContext } from '../../export/DocxBlockRenderer'
import { COLORS, SIZES, captionParagraph, docxTable, textRuns, type CellSpec } from '../../export/docxParts'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { attr, attrText, withUnit } from '../../export/reportJson'
import { attainment, metricStatus, momChange, type Direction } from '../../kpi/metricFormulas'
import { metricRowLabels } from './metricRowLabels'

/** Column widths, as fractions of the text width. */
const WIDTHS = [3.2, 1.5, 1.5, 1.5, 1.3, 1.3]

function rowCells(row: JSONContent, ctx: DocxRenderContext): CellSpec[] {
  const { labels } = ctx
  const current = attr(row, 'current')
  const previous = attr(row, 'previous')
  const target = attr(row, 'target')
  const unit = attrText(row, 'unit')
  const direction: Direction = attr(row, 'direction') === 'lower' ? 'lower' : 'higher'
  const mom = momChange(current, previous)
  const momShown = derivedText(mom, 'signedPercent', labels)
  const momTone = !mom.ok || mom.value === 0 ? undefined : mom.value > 0 === (direction === 'higher') ? COLORS.good : COLORS.bad
  const att = derivedText(attainment(current, target, direction), 'percent', labels)
  const status = metricStatus(current, target, direction)
  const attTone = status === 'met' ? COLORS.good : status === 'missed' ? COLORS.bad : undefined
  const attSub = att.reason ?? (status === 'met' ? labels.metrics.met : status === 'missed' ? labels.metrics.missed : null)
  const value = (v: string | null): CellSpec => ({ text: withUnit(v, unit, labels.empty), numeric: true })
  return [
    { text: attr(row, 'name') ?? attrText(row, 'key'), sub: [valueLabelOf(metricRowLabels, labels, 'direction', direction)] },
    value(current),
    value(previous),
    value(target),
    { text: momShown.text, numeric: true, color: momTone, sub: momShown.reason ? [momShown.reason] : [] },
    { text: att.text, numeric: true, color: attTone, bold: status === 'met' || status === 'missed', sub: attSub ? [attSub] : [] },
  ]
}

/** "服务总量 — 口径：…；数据来源：…；备注：…" for a row with any of them. */
function rowNote(row: JSONContent, ctx: DocxRenderContext): Paragraph | null {
  const { labels } = ctx
  const parts = (['definition', 'source', 'note'] as const)
    .filter((d) => attr(row, d))
    .map((d) => `${fieldTitleOf(metricRowLabels, labels, d)}${labels.colon}${attrText(row, d)}`)
  if (parts.length === 0) return null
  return new Paragraph({
    spacing: { before: 0, after: 20 },
    children: [
      ...textRuns(`${attr(row, 'name') ?? attrText(row, 'key')} — `, { size: SIZES.small, bold: true, color: COLORS.muted }),
      ...textRuns(parts.join(labels.locale === 'zh-CN' ? '；' : '; '), { size: SIZES.small, color: COLORS.muted }),
    ],
  })
}

/** A metrics table: its caption, the table, then the notes of its rows. */
export function metricsDocx(rows: JSONContent[], title: string | null, ctx: DocxRenderContext): FileChild[] {
  const { labels } = ctx
  const f = (name: string) => fieldTitleOf(metricRowLabels, labels, name)
  const head: CellSpec[] = [f('name'), f('current'), f('previous'), f('target'), labels.metrics.mom, labels.metrics.attainment].map((text, i) => ({
    text,
    numeric: i > 0,
  }))
  const notes = rows.map((r) => rowNote(r, ctx)).filter((p): p is Paragraph => p !== null)
  return [
    ...(title ? [captionParagraph(title)] : []),
    docxTable(
      head,
      rows.map((r) => rowCells(r, ctx)),
      WIDTHS,
    ),
    ...(notes.length > 0 ? [new Paragraph({ spacing: { before: 60, after: 0 }, children: [] }), ...notes] : []),
  ]
}

/** A metric row on its own (outside a table): a table of one row. */
export const metricRowDocx: DocxBlockRenderer = async (node, ctx) => metricsDocx([node], null, ctx)
