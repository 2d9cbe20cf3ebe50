import type { JSONContent } from '@tiptap/core'
import { newBlockId } from '@schema/blockId'

const text = (t: string): JSONContent => ({ type: 'text', text: t })
const p = (t: string): JSONContent => ({ type: 'paragraph', content: [text(t)] })
const h = (level: number, t: string): JSONContent => ({ type: 'heading', attrs: { level }, content: [text(t)] })
const ul = (...items: string[]): JSONContent => ({
  type: 'bulletList',
  content: items.map((t) => ({ type: 'listItem', content: [p(t)] })),
})
const section = (key: string, title: string, ...blocks: JSONContent[]): JSONContent => ({
  type: 'reportSection',
  attrs: { id: newBlockId(), key },
  content: [h(2, title), ...blocks],
})

export const DEMO_TITLE = '2026年10月 运营服务月报 · 华东电商客服中心'

/** The demo report of a fictional e-commerce customer-service centre, October 2026. */
export function demoReportContent(): JSONContent {
  return {
    type: 'doc',
    content: [
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
        p('本月服务总量 128.6 万次（上月 112.4 万次，环比 +14.4%）；一次解决率 92.1%（上月 90.3%，目标 92%）；平均首次响应 18 秒（上月 24 秒，目标 20 秒）；客户满意度 CSAT 4.52/5（上月 4.47）；人工成本每单 3.86 元（上月 4.05 元）。'),
        p('口径：服务总量 = 在线 + 电话 + 工单；一次解决率 = 72 小时内未重复进线的会话 ÷ 全部会话。'),
      ),
      section(
        'problem_analysis',
        '问题分析',
        h(3, '问题一：大促后退换货咨询积压（严重度：高，负责人：王磊）'),
        p('10月8日–12日退换货类工单日均 1.1 万单，超出排班能力 35%，平均处理时长 31 小时。根因：大促退货规则变更未同步至知识库，坐席需逐单确认规则。'),
        h(3, '问题二：夜间电话接通率偏低（严重度：中，负责人：陈静）'),
        p('22:00–次日 8:00 接通率 81%（白天 96%）。根因：夜班编制 14 人，低于话务预测所需的 18 人。'),
      ),
      section(
        'improvements',
        '改进措施',
        ul(
          '知识库与规则变更联动：规则上线前 48 小时同步知识库并完成坐席考试。负责人：王磊；截止 2026-11-15；状态：进行中（对应问题一）。',
          '夜班增编 4 人并启用智能语音分流。负责人：陈静；截止 2026-11-20；状态：待开始（对应问题二）。',
          '退换货工单自动预审：规则引擎预填 60% 字段。负责人：刘洋；截止 2026-11-30；状态：进行中（对应问题一）。',
        ),
      ),
      section(
        'goals',
        '目标设定',
        ul(
          '一次解决率：92.1% → 93.5%，2026-11-30 前，负责人：王磊。',
          '夜间接通率：81% → 92%，2026-11-30 前，负责人：陈静。',
          '客户满意度 CSAT：4.52 → 4.60，2026-11-30 前，负责人：赵敏。',
        ),
      ),
      section(
        'customer_feedback',
        '客户反馈',
        p('本月回收满意度问卷 8,420 份：推荐者 4,630，被动者 2,610，贬损者 1,180，NPS 41。投诉 1,236 起，已解决 1,198 起（96.9%）。'),
        ul(
          '正面：国庆期间响应快（在线渠道 2,140 条提及）；物流直连后进度透明（工单渠道 860 条）。',
          '负面：退货规则解释不一致（电话渠道 410 条）；夜间等待时间长（电话渠道 295 条）。',
        ),
      ),
      section(
        'teamwork',
        '团队协作',
        p('与仓储、物流、支付三个团队建立每日 15 分钟联席站会；支付故障当天 10 分钟内拉起应急群，45 分钟完成客户告知。'),
      ),
      section(
        'market_trends',
        '市场趋势分析',
        p('主要竞品上线 7×24 小时视频客服；行业报告显示 65% 的用户希望 1 分钟内得到首次回复，“仅退款”类诉求占比继续上升。'),
      ),
      section(
        'financials',
        '财务概况',
        p('本月运营成本 496 万元（人工 372 万、外包 68 万、系统 56 万），每单成本 3.86 元，较上月下降 4.7%；预算执行率 97%。'),
      ),
      section(
        'summary_outlook',
        '总结与展望',
        p('9月设定的 3 个目标中达成 2 个（一次解决率、首次响应），满意度差 0.03 未达成。11月重点：双十一大促保障、夜班增编、退换货预审上线。'),
      ),
    ],
  }
}
