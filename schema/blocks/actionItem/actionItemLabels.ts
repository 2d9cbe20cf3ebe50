import type { BlockLabels } from '../BlockDefinition'

/** The words of the action block, zh-CN first. */
export const actionItemLabels = {
  noun: { 'zh-CN': '行动', en: 'action' },
  fields: {
    owner: { 'zh-CN': '负责人', en: 'owner' },
    due: { 'zh-CN': '截止日期', en: 'due' },
    status: { 'zh-CN': '状态', en: 'status' },
    issueId: { 'zh-CN': '关联问题', en: 'fixes issue' },
    carriedFrom: { 'zh-CN': '结转自', en: 'carried over from' },
  },
  values: {
    status: {
      todo: { 'zh-CN': '待办', en: 'To do' },
      doing: { 'zh-CN': '进行中', en: 'Doing' },
      done: { 'zh-CN': '已完成', en: 'Done' },
      blocked: { 'zh-CN': '受阻', en: 'Blocked' },
    },
  },
} as const satisfies BlockLabels
