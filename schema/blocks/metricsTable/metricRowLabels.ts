import type { BlockLabels } from '../BlockDefinition'

/** The words of the metric block, zh-CN first. */
export const metricRowLabels = {
  noun: { 'zh-CN': '指标', en: 'metric' },
  fields: {
    key: { 'zh-CN': '指标键', en: 'key' },
    name: { 'zh-CN': '指标', en: 'metric' },
    unit: { 'zh-CN': '单位', en: 'unit' },
    current: { 'zh-CN': '本月', en: 'this month' },
    previous: { 'zh-CN': '上月', en: 'last month' },
    target: { 'zh-CN': '目标', en: 'target' },
    direction: { 'zh-CN': '方向', en: 'direction' },
    source: { 'zh-CN': '数据来源', en: 'source' },
    definition: { 'zh-CN': '口径', en: 'definition' },
    note: { 'zh-CN': '备注', en: 'note' },
  },
  values: {
    direction: {
      higher: { 'zh-CN': '↑ 越高越好', en: '↑ Higher is better' },
      lower: { 'zh-CN': '↓ 越低越好', en: '↓ Lower is better' },
    },
  },
} as const satisfies BlockLabels
