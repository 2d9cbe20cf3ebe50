import type { BlockLabels } from '../BlockDefinition'

/** The words of the issue block, zh-CN first. */
export const issueLabels = {
  noun: { 'zh-CN': '问题', en: 'issue' },
  fields: {
    title: { 'zh-CN': '问题标题', en: 'issue title' },
    severity: { 'zh-CN': '严重程度', en: 'severity' },
    owner: { 'zh-CN': '负责人', en: 'owner' },
    status: { 'zh-CN': '状态', en: 'status' },
    category: { 'zh-CN': '分类', en: 'category' },
    impact: { 'zh-CN': '影响范围', en: 'impact' },
    rootCause: { 'zh-CN': '根本原因', en: 'root cause' },
    description: { 'zh-CN': '问题描述', en: 'description' },
    carriedFrom: { 'zh-CN': '结转自', en: 'carried over from' },
  },
  values: {
    severity: {
      critical: { 'zh-CN': '严重', en: 'Critical' },
      high: { 'zh-CN': '高', en: 'High' },
      medium: { 'zh-CN': '中', en: 'Medium' },
      low: { 'zh-CN': '低', en: 'Low' },
    },
    status: {
      open: { 'zh-CN': '待处理', en: 'Open' },
      monitoring: { 'zh-CN': '观察中', en: 'Monitoring' },
      resolved: { 'zh-CN': '已解决', en: 'Resolved' },
    },
  },
} as const satisfies BlockLabels
