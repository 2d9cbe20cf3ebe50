import type { BlockCarryOver } from '../../templates/BlockCarryOver'
import { attr, sectionOf, textOf } from '../../templates/carryOverParts'
import { h } from '../../jsonNodes'

const words = {
  goalsHeading: { 'zh-CN': '上月目标达成评估', en: "Assessment of last month's goals" },
  from: { 'zh-CN': '来自', en: 'from' },
  deadline: { 'zh-CN': '截止', en: 'due' },
  result: { 'zh-CN': '达成情况：', en: 'Result: ' },
  none: { 'zh-CN': '（无）', en: '(none)' },
} as const

/**
 * Last month's goals are listed in 总结与展望, under a heading saying where
 * they came from, each with its metric and range and a "result:" to fill in.
 */
export const goalCarryOver: BlockCarryOver = {
  counts: 'goals',
  carry(goals, { content, prev, locale }) {
    const outlook = sectionOf(content, 'summary_outlook')
    if (!outlook || goals.length === 0) return 0
    const items = goals.map((g) => {
      const range = [attr(g, 'baseline'), attr(g, 'target')].every(Boolean)
        ? ` ${attr(g, 'baseline')} → ${attr(g, 'target')}${attr(g, 'unit') ?? ''}`
        : ''
      const due = attr(g, 'deadline') ? `，${words.deadline[locale]} ${attr(g, 'deadline')}` : ''
      const metricPart = attr(g, 'metricKey') ? `（${attr(g, 'metricKey')}${range}${due}）` : ''
      const statement = textOf(g) || words.none[locale]
      return {
        type: 'listItem',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `${statement}${metricPart} — ${words.result[locale]}` }] }],
      }
    })
    const heading = h(3, `${words.goalsHeading[locale]}（${words.from[locale]} ${prev.period} v${prev.version}）`)
    const children = outlook.content ?? []
    const rest = children.slice(1).filter((n) => !(n.type === 'paragraph' && !n.content?.length))
    outlook.content = [children[0]!, heading, { type: 'bulletList', content: items }, ...(rest.length ? rest : [{ type: 'paragraph' }])]
    return items.length
  },
}
