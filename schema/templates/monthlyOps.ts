import type { ReportTemplate, TemplateSection } from './ReportTemplate'

const s = (
  key: string,
  zh: string,
  en: string,
  required: boolean,
  hintZh: string,
  hintEn: string,
): TemplateSection => ({ key, title: { 'zh-CN': zh, en }, required, hint: { 'zh-CN': hintZh, en: hintEn } })

/** The default template `monthly-ops` (运营服务月报), sections as in DOMAIN.md. */
export const monthlyOps: ReportTemplate = {
  key: 'monthly-ops',
  name: { 'zh-CN': '运营服务月报', en: 'Monthly operations-service report' },
  sections: [
    s('highlights', '重要事件回顾', 'Highlights', false,
      '本月的上线、活动、合作与事件。', 'Launches, campaigns, partnerships and incidents of the month.'),
    s('data_statistics', '数据统计', 'Data statistics', true,
      '核心指标、与上月及历史的对比。', 'Key metrics, compared with last month and history.'),
    s('problem_analysis', '问题分析', 'Problem analysis', true,
      '问题、影响与根因（定量 + 定性）。', 'Problems, their impact and root cause (quantitative and qualitative).'),
    s('improvements', '改进措施', 'Improvements', true,
      '具体、有负责人、有截止日期的行动项。', 'Concrete actions with an owner and a due date.'),
    s('goals', '目标设定', 'Goals', true,
      '下月的 SMART 目标。', "Next month's SMART goals."),
    s('customer_feedback', '客户反馈', 'Customer feedback', true,
      '调研、访谈、投诉、满意度与 NPS。', 'Surveys, interviews, complaints, satisfaction and NPS.'),
    s('teamwork', '团队协作', 'Teamwork', false,
      '协作情况、职责与阻碍。', 'Collaboration, responsibilities and what slowed work down.'),
    s('market_trends', '市场趋势分析', 'Market trends', false,
      '竞品动态、需求变化、行业趋势。', 'Competitor moves, demand changes, industry trends.'),
    s('financials', '财务概况', 'Financials', false,
      '收入、支出、利润与成本控制。', 'Revenue, expenses, profit and cost control.'),
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
