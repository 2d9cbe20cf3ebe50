import type { BlockLabels } from '../BlockDefinition'

/** The words of the KPIs (computed by the server) block, zh-CN first. */
export const kpiBlockLabels = {
  noun: { 'zh-CN': '关键指标（服务器计算）', en: 'KPIs (computed by the server)' },
  fields: {
    scope: { 'zh-CN': '范围', en: 'scope' },
  },
} as const satisfies BlockLabels
