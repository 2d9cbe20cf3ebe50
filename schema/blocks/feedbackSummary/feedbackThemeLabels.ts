import type { BlockLabels } from '../BlockDefinition'

/** The words of the feedback theme block, zh-CN first. */
export const feedbackThemeLabels = {
  noun: { 'zh-CN': '反馈主题', en: 'feedback theme' },
  fields: {
    sentiment: { 'zh-CN': '倾向', en: 'sentiment' },
    channel: { 'zh-CN': '渠道', en: 'channel' },
    count: { 'zh-CN': '次数', en: 'mentions' },
  },
  values: {
    sentiment: {
      positive: { 'zh-CN': '正面', en: 'Positive' },
      neutral: { 'zh-CN': '中性', en: 'Neutral' },
      negative: { 'zh-CN': '负面', en: 'Negative' },
    },
  },
} as const satisfies BlockLabels
