/**
 * The trend chart in the Word export: the same SVG as the HTML export,
 * rasterised to PNG by the server's renderer (ctx.chartPng) and embedded
 * as a picture, with its caption and its values as text below. Without a
 * renderer (or when it fails) the values alone stand for the chart.
 */
import { ImageRun, Paragraph, TextRun, type FileChild } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, SIZES, labelRun, textParagraph, textRuns, xmlText } from '../../export/docxParts'
import { titleOf } from '../../export/blockLabelText'
import { trendSeriesOf, trendTitle } from './trendChartSeries'
import { attr } from '../../export/reportJson'
import { DEFAULT_TREND_SIZE, renderTrendSvg } from '../../trend/trendSvg'
import { trendChartLabels } from './trendChartLabels'

/** Shown 600 px (≈ 159 mm) wide, rasterised at three times that for print. */
const SHOWN_WIDTH = 600
const PIXEL_WIDTH = 1800

export const trendChartDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels } = ctx
  const series = trendSeriesOf(node, ctx)
  const title = trendTitle(series, labels)
  const months = attr(node, 'months')
  const { width, height } = DEFAULT_TREND_SIZE
  // The SVG is parsed as XML: a control character typed in a name would make it unreadable.
  const svg = xmlText(renderTrendSvg(series, { title, locale: labels.locale }))
  const png = ctx.chartPng ? await ctx.chartPng(svg, PIXEL_WIDTH).catch(() => null) : null
  const values = series.points
    .map((p) => `${p.period}${p.draft ? `（${labels.trend.draft}）` : ''} ${p.display || labels.empty}`)
    .join(labels.locale === 'zh-CN' ? '；' : '; ')
  const out: FileChild[] = []
  if (png) {
    out.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 120, after: 0 },
        children: [
          new ImageRun({
            type: 'png',
            data: png,
            transformation: { width: SHOWN_WIDTH, height: Math.round((SHOWN_WIDTH * height) / width) },
            altText: { name: xmlText(title), title: xmlText(title), description: xmlText(values || labels.trend.noData) },
          }),
        ],
      }),
    )
  }
  out.push(
    new Paragraph({
      keepNext: true,
      spacing: { before: png ? 20 : 120, after: 0 },
      children: [
        ...labelRun(titleOf(trendChartLabels, labels)),
        new TextRun({ text: ' ' }),
        ...textRuns(title, { size: SIZES.small }),
        ...(months ? textRuns(` · ${labels.trend.months}${labels.colon}${months}`, { size: SIZES.small, color: COLORS.muted }) : []),
      ],
    }),
    textParagraph(values || labels.trend.noData, { size: SIZES.small, color: COLORS.muted }, { spacing: { before: 0, after: 120 } }),
  )
  return out
}
