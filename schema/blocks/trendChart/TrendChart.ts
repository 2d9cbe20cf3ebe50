import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, jsonText, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

/**
 * A metric over the last `months` published periods of the series, drawn as
 * SVG. `series` (JSON TrendSeries) is written by the server, like a KPI
 * block's values: the published points plus this draft's own value.
 */
export const TrendChart = Node.create({
  name: 'trendChart',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ metricKey: null, months: null, series: null }, () => trendChartAttributes) }),
  parseHTML: () => [{ tag: 'figure[data-block=trend]' }],
  renderHTML: ({ HTMLAttributes }) => ['figure', mergeAttributes({ 'data-block': 'trend' }, HTMLAttributes)],
})

/** Periods a trend chart may show (the editor offers 3, 6 and 12; the server clamps to this). */
export const TREND_MONTHS_MAX = 24

/** The chart's fields as they may be stored: `series` is the server's JSON (attributeSchemas.ts). */
export const trendChartAttributes = z.object({
  id: blockId,
  metricKey: text(L.key),
  months: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number of months')
    .refine((m) => Number(m) >= 1 && Number(m) <= TREND_MONTHS_MAX, `must be 1 to ${TREND_MONTHS_MAX} months`)
    .nullable(),
  series: jsonText(L.json),
})
