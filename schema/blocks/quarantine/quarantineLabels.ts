import type { BlockLabels } from '../BlockDefinition'

/** The words of the quarantined content block, zh-CN first. */
export const quarantineLabels = {
  noun: { 'zh-CN': '隔离内容', en: 'quarantined content' },
  fields: {
    originalType: { 'zh-CN': '原类型', en: 'original type' },
    raw: { 'zh-CN': '原始内容', en: 'raw content' },
    quarantinedAt: { 'zh-CN': '隔离时间', en: 'quarantined at' },
  },
} as const satisfies BlockLabels
