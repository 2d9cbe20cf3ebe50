import type { BlockLabels } from '../BlockDefinition'

/** The words of the customer feedback summary block, zh-CN first. */
export const feedbackSummaryLabels = {
  noun: { 'zh-CN': '客户反馈汇总', en: 'customer feedback summary' },
  fields: {
    responses: { 'zh-CN': '回收问卷', en: 'responses' },
    csat: { 'zh-CN': '满意度 CSAT', en: 'CSAT' },
    promoters: { 'zh-CN': '推荐者', en: 'promoters' },
    passives: { 'zh-CN': '中立者', en: 'passives' },
    detractors: { 'zh-CN': '贬损者', en: 'detractors' },
    complaints: { 'zh-CN': '投诉数', en: 'complaints' },
    complaintsResolved: { 'zh-CN': '已解决投诉', en: 'complaints resolved' },
  },
} as const satisfies BlockLabels
