import type { BlockLabels } from '../BlockDefinition'

/** The words of the section block, zh-CN first. */
export const reportSectionLabels = {
  noun: { 'zh-CN': '章节', en: 'section' },
  fields: {
    key: { 'zh-CN': '章节键', en: 'section key' },
  },
} as const satisfies BlockLabels
