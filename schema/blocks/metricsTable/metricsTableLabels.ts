import type { BlockLabels } from '../BlockDefinition'

/** The words of the metrics table block, zh-CN first. */
export const metricsTableLabels = {
  noun: { 'zh-CN': '指标表', en: 'metrics table' },
  fields: {
    title: { 'zh-CN': '表标题', en: 'table title' },
  },
} as const satisfies BlockLabels
