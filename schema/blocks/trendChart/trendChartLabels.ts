import type { BlockLabels } from '../BlockDefinition'

/** The words of the trend chart block, zh-CN first. */
export const trendChartLabels = {
  noun: { 'zh-CN': '趋势图', en: 'trend chart' },
  fields: {
    metricKey: { 'zh-CN': '指标键', en: 'metric key' },
    months: { 'zh-CN': '月数', en: 'months' },
  },
} as const satisfies BlockLabels
