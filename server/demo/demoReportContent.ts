import type { JSONContent } from '@tiptap/core'
import { newBlockId } from '@schema/blockId'
import { action, doc, feedback, goal, h, issue, kpi, metric, metrics, p, section, theme, trend, ul } from '@schema/docBuilder'

export const DEMO_TITLE = '2026年10月 运营服务月报 · 华东电商客服中心'

/**
 * The demo report of a fictional e-commerce customer-service centre,
 * October 2026: every section and block type filled with consistent numbers
 * (feedback counts add up, every issue of medium severity or above has an
 * owner, a root cause and a linked action, actions fall due in November,
 * goals are SMART-complete). It is seeded on its own, without a published
 * September: it claims nothing was carried over (no 结转 badge), and the
 * server says nothing about last month for it (createReport.ts).
 */
export function demoReportContent(): JSONContent {
  const returnsBacklog = newBlockId()
  const nightCalls = newBlockId()
  const staleScripts = newBlockId()
  return doc(
    h(1, DEMO_TITLE),
    section(
      'highlights',
      '重要事件回顾',
      ul(
        '10月1日–7日 国庆大促：咨询量 41.2 万次，较去年同期 +18%，峰值日 7.9 万次，未发生系统性排队。',
        '10月15日 智能质检系统二期上线，质检覆盖率由 12% 提升至 100%。',
        '10月22日 与顺达物流建立工单直连，物流类工单平均处理时长由 26 小时降至 9 小时。',
        '10月28日 支付通道故障 43 分钟，相关投诉 312 起，已全部回访。',
      ),
    ),
    section(
      'data_statistics',
      '数据统计',
      metrics(
        metric({ key: 'service_volume', name: '服务总量', unit: '次', current: '1286000', previous: '1124000', target: '1200000', direction: 'higher', source: '客服系统报表', definition: '在线 + 电话 + 工单的会话数' }),
        metric({ key: 'active_users', name: '活跃用户', unit: '人', current: '412300', previous: '398900', target: '405000', direction: 'higher', source: 'BI 用户看板', definition: '当月至少有一次有效会话的用户' }),
        metric({ key: 'retention_rate', name: '用户留存率', unit: '%', current: '68.4', previous: '66.9', target: '70', direction: 'higher', source: 'BI 用户看板', definition: '上月活跃用户中本月仍活跃的比例', note: '大促拉新用户留存偏低' }),
        metric({ key: 'fcr', name: '一次解决率', unit: '%', current: '92.1', previous: '90.3', target: '92', direction: 'higher', source: '质检系统', definition: '72 小时内未重复进线的会话 ÷ 全部会话' }),
        metric({ key: 'first_response', name: '平均首次响应', unit: '秒', current: '18', previous: '24', target: '20', direction: 'lower', source: '客服系统报表', definition: '从进线到首次人工回复的平均时长' }),
        metric({ key: 'csat', name: '客户满意度', unit: '分', current: '4.52', previous: '4.47', target: '4.55', direction: 'higher', source: '满意度问卷', definition: '满意度问卷 1–5 分的平均值' }),
        metric({ key: 'complaint_rate', name: '投诉率', unit: '‱', current: '9.6', previous: '10.8', target: '10', direction: 'lower', source: '投诉系统', definition: '投诉数 ÷ 服务总量 × 10000' }),
      ),
      kpi({ scope: 'summary' }),
      trend({ metricKey: 'fcr', months: '6' }),
      p('服务总量环比 +14.4%，主要来自国庆大促；一次解决率与首次响应均达成目标，留存率与满意度未达目标。'),
    ),
    section(
      'problem_analysis',
      '问题分析',
      issue(
        { id: returnsBacklog, title: '大促后退换货咨询积压', severity: 'high', owner: '王磊', status: 'monitoring', category: '流程', rootCause: '大促退货规则变更未提前同步至知识库，坐席需逐单向运营确认规则。' },
        '10月8日–12日退换货类工单日均 1.1 万单，超出排班能力 35%，平均处理时长 31 小时，相关差评 620 条。',
      ),
      issue(
        { id: nightCalls, title: '夜间电话接通率偏低', severity: 'medium', owner: '陈静', status: 'open', category: '排班', rootCause: '夜班编制 14 人，低于话务预测所需的 18 人；夜间无语音分流。' },
        '22:00–次日 8:00 接通率 81%（白天 96%），夜间来电放弃率 12%。',
      ),
      issue(
        { id: staleScripts, title: '部分话术过时', severity: 'low', owner: '赵敏', status: 'resolved', category: '知识库', rootCause: '价保政策调整后话术未更新。' },
        '质检发现 3 条价保相关话术与现行政策不符，已于 10 月 20 日更新。',
      ),
    ),
    section(
      'improvements',
      '改进措施',
      action({ owner: '王磊', due: '2026-11-15', status: 'doing', issueId: returnsBacklog }, '规则变更与知识库联动：规则上线前 48 小时同步知识库并完成坐席考试。'),
      action({ owner: '刘洋', due: '2026-11-28', status: 'doing', issueId: returnsBacklog }, '退换货工单自动预审：规则引擎预填 60% 字段，坐席只做复核。'),
      action({ owner: '陈静', due: '2026-11-20', status: 'todo', issueId: nightCalls }, '夜班增编 4 人，并启用智能语音分流处理查询类来电。'),
      action({ owner: '赵敏', due: '2026-11-10', status: 'done', issueId: staleScripts }, '建立话术季度复审机制，政策变更当天同步话术。'),
    ),
    section(
      'goals',
      '目标设定',
      goal({ metricKey: 'fcr', unit: '%', baseline: '92.1', target: '93.5', direction: 'higher', deadline: '2026-11-30', owner: '王磊', status: 'planned' }, '双十一期间一次解决率由 92.1% 提升至 93.5%。'),
      goal({ metricKey: 'first_response', unit: '秒', baseline: '18', target: '15', direction: 'lower', deadline: '2026-11-30', owner: '陈静', status: 'planned' }, '平均首次响应由 18 秒缩短至 15 秒（含夜间）。'),
      goal({ metricKey: 'csat', unit: '分', baseline: '4.52', target: '4.60', direction: 'higher', deadline: '2026-11-30', owner: '赵敏', status: 'planned' }, '客户满意度由 4.52 提升至 4.60。'),
    ),
    section(
      'customer_feedback',
      '客户反馈',
      feedback(
        { responses: '8420', csat: '4.52', promoters: '4630', passives: '2610', detractors: '1180', complaints: '1236', complaintsResolved: '1198' },
        [
          theme({ sentiment: 'positive', channel: '在线', count: '2140' }, '国庆期间响应快'),
          theme({ sentiment: 'positive', channel: '工单', count: '860' }, '物流直连后进度透明'),
          theme({ sentiment: 'negative', channel: '电话', count: '410' }, '退货规则解释不一致'),
          theme({ sentiment: 'negative', channel: '电话', count: '295' }, '夜间等待时间长'),
          theme({ sentiment: 'neutral', channel: '在线', count: '320' }, '希望增加视频客服'),
        ],
        '本月回收满意度问卷 8,420 份，NPS 41（上月 38）。投诉 1,236 起，已解决 1,198 起；未解决的 38 起均为跨部门退款争议，已升级至财务。',
      ),
    ),
    section(
      'teamwork',
      '团队协作',
      p('与仓储、物流、支付三个团队建立每日 15 分钟联席站会；支付故障当天 10 分钟内拉起应急群，45 分钟完成客户告知。'),
      p('阻碍：退货规则由运营部门单独发布，客服未参与评审——已在改进措施中纳入规则评审环节。'),
    ),
    section(
      'market_trends',
      '市场趋势分析',
      p('主要竞品上线 7×24 小时视频客服；行业报告显示 65% 的用户希望 1 分钟内得到首次回复，“仅退款”类诉求占比继续上升。'),
    ),
    section(
      'financials',
      '财务概况',
      metrics(
        metric({ key: 'revenue', name: '收入', unit: '万元', current: '612', previous: '575', target: '600', direction: 'higher', source: '财务月报', definition: '当月确认的服务收入' }),
        metric({ key: 'cost', name: '成本', unit: '万元', current: '496', previous: '520', target: '510', direction: 'lower', source: '财务月报', definition: '人工 + 外包 + 系统成本', note: '人工 372、外包 68、系统 56' }),
      ),
      p('每单成本 3.86 元，较上月下降 4.7%；预算执行率 97%。'),
    ),
    section(
      'summary_outlook',
      '总结与展望',
      p('9 月设定的 3 个目标中达成 2 个（一次解决率、首次响应），满意度差 0.03 未达成。'),
      p('11 月重点：双十一大促保障、夜班增编、退换货预审上线。'),
    ),
  )
}
