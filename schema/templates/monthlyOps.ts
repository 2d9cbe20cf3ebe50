import type { BlockSeed, MetricSeed, ReportTemplate, TemplateSection } from './ReportTemplate'

const s = (
  key: string,
  zh: string,
  en: string,
  required: boolean,
  hintZh: string,
  hintEn: string,
  blocks?: BlockSeed[],
): TemplateSection => ({ key, title: { 'zh-CN': zh, en }, required, hint: { 'zh-CN': hintZh, en: hintEn }, blocks })

const m = (
  key: string,
  zh: string,
  en: string,
  unit: string,
  direction: 'higher' | 'lower',
  defZh: string,
  defEn: string,
): MetricSeed => ({ key, name: { 'zh-CN': zh, en }, unit, direction, definition: { 'zh-CN': defZh, en: defEn } })

/** The metrics every monthly operations report starts with (the team adds its own rows). */
const coreMetrics: MetricSeed[] = [
  m('service_volume', '服务总量', 'Service volume', '次', 'higher', '在线 + 电话 + 工单的会话数', 'Chat + phone + ticket conversations'),
  m('active_users', '活跃用户', 'Active users', '人', 'higher', '当月至少有一次有效会话的用户', 'Users with at least one conversation in the month'),
  m('retention_rate', '用户留存率', 'Retention rate', '%', 'higher', '上月活跃用户中本月仍活跃的比例', 'Share of last month’s active users active this month'),
  m('fcr', '一次解决率', 'First-contact resolution', '%', 'higher', '72 小时内未重复进线的会话 ÷ 全部会话', 'Conversations without a repeat contact within 72 h ÷ all'),
  m('first_response', '平均首次响应', 'Average first response', '秒', 'lower', '从进线到首次人工回复的平均时长', 'Mean time from contact to the first human reply'),
  m('csat', '客户满意度', 'Customer satisfaction', '分', 'higher', '满意度问卷 1–5 分的平均值', 'Mean of the 1–5 satisfaction survey'),
]

const financialMetrics: MetricSeed[] = [
  m('revenue', '收入', 'Revenue', '万元', 'higher', '当月确认的服务收入', 'Service revenue recognised in the month'),
  m('cost', '成本', 'Cost', '万元', 'lower', '人工 + 外包 + 系统成本', 'Labour + outsourcing + systems'),
]

/** The default template `monthly-ops` (运营服务月报), the ten sections of the monthly operations report (README › The report). */
export const monthlyOps: ReportTemplate = {
  key: 'monthly-ops',
  name: { 'zh-CN': '运营服务月报', en: 'Monthly operations-service report' },
  sections: [
    s('highlights', '重要事件回顾', 'Highlights', false,
      '本月的上线、活动、合作与事件。', 'Launches, campaigns, partnerships and incidents of the month.'),
    s('data_statistics', '数据统计', 'Data statistics', true,
      '核心指标、与上月及历史的对比。', 'Key metrics, compared with last month and history.',
      [{ block: 'metricsTable', metrics: coreMetrics }, { block: 'kpiBlock' }, { block: 'trendChart', attrs: { metricKey: 'fcr' } }, { block: 'paragraph' }]),
    s('problem_analysis', '问题分析', 'Problem analysis', true,
      '问题、影响与根因（定量 + 定性）。', 'Problems, their impact and root cause (quantitative and qualitative).',
      [{ block: 'issue' }]),
    s('improvements', '改进措施', 'Improvements', true,
      '具体、有负责人、有截止日期的行动项。', 'Concrete actions with an owner and a due date.',
      [{ block: 'actionItem' }]),
    s('goals', '目标设定', 'Goals', true,
      '下月的 SMART 目标。', "Next month's SMART goals.",
      [{ block: 'goal' }]),
    s('customer_feedback', '客户反馈', 'Customer feedback', true,
      '调研、访谈、投诉、满意度与 NPS。', 'Surveys, interviews, complaints, satisfaction and NPS.',
      [{ block: 'feedbackSummary' }]),
    s('teamwork', '团队协作', 'Teamwork', false,
      '协作情况、职责与阻碍。', 'Collaboration, responsibilities and what slowed work down.'),
    s('market_trends', '市场趋势分析', 'Market trends', false,
      '竞品动态、需求变化、行业趋势。', 'Competitor moves, demand changes, industry trends.'),
    s('financials', '财务概况', 'Financials', false,
      '收入、支出、利润与成本控制。', 'Revenue, expenses, profit and cost control.',
      [{ block: 'metricsTable', metrics: financialMetrics }, { block: 'paragraph' }]),
    s('summary_outlook', '总结与展望', 'Summary and outlook', true,
      '上月目标达成、措施效果与下月计划。', "Attainment of last month's goals, effect of actions, next month's plan."),
  ],
  optionalSections: [
    s('key_projects', '关键项目进展', 'Key projects', false, '关键项目的进展与效果。', 'Progress and effect of key projects.'),
    s('risks', '运营风险评估', 'Operational risks', false, '风险与应对。', 'Risks and responses.'),
    s('partnerships', '合作与联盟情况', 'Partnerships', false, '合作与联盟。', 'Partnerships and alliances.'),
    s('talent', '人才培养与管理', 'Talent', false, '培训与绩效。', 'Training and performance.'),
    s('strategy', '运营策略评估', 'Strategy review', false, '运营策略的评估。', 'Review of the operating strategy.'),
    s('other', '其他重要事项', 'Other matters', false, '事件、会议纪要、决定。', 'Incidents, meeting minutes, decisions.'),
  ],
}
