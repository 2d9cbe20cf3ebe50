import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

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
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ metricKey: null, months: null, series: null }) }),
  parseHTML: () => [{ tag: 'figure[data-block=trend]' }],
  renderHTML: ({ HTMLAttributes }) => ['figure', mergeAttributes({ 'data-block': 'trend' }, HTMLAttributes)],
})
