import type { BlockLabels } from '../BlockDefinition'

/** The words of the goal block, zh-CN first. */
export const goalLabels = {
  noun: { 'zh-CN': '目标', en: 'goal' },
  fields: {
    metricKey: { 'zh-CN': '指标', en: 'metric' },
    unit: { 'zh-CN': '单位', en: 'unit' },
    baseline: { 'zh-CN': '基线值', en: 'baseline' },
    target: { 'zh-CN': '目标值', en: 'target' },
    direction: { 'zh-CN': '方向', en: 'direction' },
    deadline: { 'zh-CN': '截止日期', en: 'deadline' },
    owner: { 'zh-CN': '负责人', en: 'owner' },
    status: { 'zh-CN': '状态', en: 'status' },
  },
  values: {
    direction: {
      higher: { 'zh-CN': '↑ 越高越好', en: '↑ Higher is better' },
      lower: { 'zh-CN': '↓ 越低越好', en: '↓ Lower is better' },
    },
    status: {
      planned: { 'zh-CN': '计划中', en: 'Planned' },
      on_track: { 'zh-CN': '正常推进', en: 'On track' },
      at_risk: { 'zh-CN': '有风险', en: 'At risk' },
      met: { 'zh-CN': '已达成', en: 'Met' },
      missed: { 'zh-CN': '未达成', en: 'Missed' },
    },
  },
} as const satisfies BlockLabels
