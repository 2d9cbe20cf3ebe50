import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { DEMO_TITLE, demoReportContent } from '../../server/demo/demoReportContent'
import { action, doc, h, issue, kpi, metric, metrics, p, quarantine, section, trend } from '../docBuilder'
import { computeReportKpis } from '../kpi/computeReportKpis'
import { reportSchema } from '../reportSchema'
import type { Locale } from '../templates/ReportTemplate'
import type { ReportRenderInput } from './renderReportHtml'
import { escapeMarkdown } from './markdownSyntax'
import { renderReportMarkdown } from './renderReportMarkdown'

const SERIES = JSON.stringify({
  metricKey: 'fcr',
  name: '一次解决率',
  unit: '%',
  points: [
    { period: '2026-08', value: 90.8, display: '90.8', draft: false, version: '1' },
    { period: '2026-09', value: null, display: '', draft: false, version: '1' },
    { period: '2026-10', value: 92.1, display: '92.1', draft: true, version: null },
  ],
})

function demoInput(locale: Locale = 'zh-CN'): ReportRenderInput {
  const content = demoReportContent()
  // The demo carries nothing over (it has no September); one action is marked carried here to show the badge.
  const lastAction = content.content!.flatMap((s) => s.content ?? []).filter((n) => n.type === 'actionItem').at(-1)!
  lastAction.attrs = { ...lastAction.attrs, carriedFrom: 'east-cs/2026-09' }
  const chart = content.content!.flatMap((s) => s.content ?? []).find((n) => n.type === 'trendChart')!
  chart.attrs = { ...chart.attrs, series: SERIES }
  const kpis = computeReportKpis(reportSchema.nodeFromJSON(content), '2026-10', locale)
  return { content, title: DEMO_TITLE, period: '2026-10', locale, version: '1', publishedAt: '2026-11-01T08:00:00.000Z', publishedBy: '张伟', kpis }
}

const render = (content: JSONContent, extra: Partial<ReportRenderInput> = {}) =>
  renderReportMarkdown({ content, title: 'T', period: '2026-10', locale: 'zh-CN', kpis: [], ...extra })

describe('renderReportMarkdown: the demo report', () => {
  const input = demoInput()
  const md = renderReportMarkdown(input)
  const lines = md.split('\n')

  it('starts with the title and the version facts', () => {
    expect(lines.slice(0, 7)).toEqual([
      `# ${DEMO_TITLE}`,
      '',
      '- **期间**：2026-10',
      '- **版本**：v1',
      '- **发布人**：张伟',
      '- **发布时间**：2026-11-01 16:00',
      '',
    ])
    expect(md.endsWith('\n')).toBe(true)
  })

  it('has one level-2 heading per section, in order', () => {
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(
      ['重要事件回顾', '数据统计', '问题分析', '改进措施', '目标设定', '客户反馈', '团队协作', '市场趋势分析', '财务概况', '总结与展望'].map((t) => `## ${t}`),
    )
  })

  it('has the metrics as a table with derived MoM and attainment', () => {
    expect(md).toContain('| 指标 | 本月 | 上月 | 目标 | 单位 | 方向 | 环比 | 达成率 | 口径 |\n| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |')
    expect(md).toContain('| 服务总量 | 1286000 | 1124000 | 1200000 | 次 | ↑ | +14.4% | 107.2% | 在线 + 电话 + 工单的会话数 |')
    expect(md).toContain('| 平均首次响应 | 18 | 24 | 20 | 秒 | ↓ | -25.0% | 111.1% |')
    for (const name of ['活跃用户', '用户留存率', '一次解决率', '客户满意度', '投诉率', '收入', '成本']) expect(md).toMatch(new RegExp(`^\\| ${name} \\|`, 'm'))
  })

  it('lists the KPI values with their displays', () => {
    for (const k of input.kpis.filter((k) => k.key.startsWith('summary.'))) expect(md).toContain(`| ${k.label} | ${k.display} |`)
  })

  it('has the trend as a table of period → value, draft marked in a draft', () => {
    expect(renderReportMarkdown({ ...input, version: null })).toContain('**趋势图：一次解决率（%）**\n\n| 期间 | 值 |\n| --- | ---: |\n| 2026-08 | 90.8 |\n| 2026-09 | — |\n| 2026-10 (本期草稿) | 92.1 |')
  })

  it('has a published version’s own point as published, never as the draft', () => {
    expect(md).toContain('**趋势图：一次解决率（%）**\n\n| 期间 | 值 |\n| --- | ---: |\n| 2026-08 | 90.8 |\n| 2026-09 | — |\n| 2026-10 | 92.1 |')
    expect(md).not.toContain('本期草稿')
    const own = JSON.stringify({ metricKey: 'fcr', name: 'FCR', unit: '%', points: [{ period: '2026-10', value: 92.1, display: '92.1', draft: true, version: null }] })
    const first = render(doc(section('data_statistics', '数据统计', trend({ metricKey: 'fcr', series: own }))), { version: '1' })
    expect(first).toContain('**趋势图：FCR（%）**\n\n| 期间 | 值 |\n| --- | ---: |\n| 2026-10 | 92.1 |')
    expect(first).not.toMatch(/本期草稿|暂无已发布数据/)
  })

  it('has issues, actions as a task list, goals and feedback', () => {
    expect(md).toContain('### \\[高\\] 大促后退换货咨询积压')
    expect(md).toContain('严重程度：高 · 状态：观察中 · 负责人：王磊 · 分类：流程')
    expect(md).toContain('- [ ] #1 规则变更与知识库联动：规则上线前 48 小时同步知识库并完成坐席考试。 — 状态：进行中 · 负责人：王磊 · 截止日期：2026-11-15 · 关联问题：大促后退换货咨询积压')
    expect(md).toContain('- [x] #4 建立话术季度复审机制，政策变更当天同步话术。 — 状态：已完成 · 负责人：赵敏 · 截止日期：2026-11-10 · 关联问题：部分话术过时 · ↻ 结转自 east-cs/2026-09')
    // The four actions are one list: no blank line between them.
    expect(md).toMatch(/- \[ \] #1 [^\n]+\n- \[ \] #2 [^\n]+\n- \[ \] #3 [^\n]+\n- \[x\] #4 /)
    expect(md).toContain('- **目标**：双十一期间一次解决率由 92.1% 提升至 93.5%。\n  指标：一次解决率 (fcr) · 基线值 → 目标值：92.1% → 93.5% · 方向：↑ 越高越好')
    expect(md).toContain('| 8420 | 4.52 | 4630 | 2610 | 1180 | 1236 | 1198 | 41.0 | 96.9% |')
    expect(md).toContain('| 负面 | 夜间等待时间长 | 电话 | 295 |')
  })

  it('reads in English', () => {
    const en = renderReportMarkdown(demoInput('en'))
    for (const s of ['- **Period**: 2026-10', '| Metric | This month | Last month | Target |', 'Status: Doing', '| 2026-10 | 92.1 |', 'Severity: High']) expect(en).toContain(s)
    expect(renderReportMarkdown({ ...demoInput('en'), version: null })).toContain('| 2026-10 (draft) | 92.1 |')
  })
})

describe('renderReportMarkdown: text and escaping', () => {
  it('renders marks and only safe links', () => {
    const md = render(
      doc(
        section(
          'highlights',
          '重要事件回顾',
          p(
            { type: 'text', text: '粗体 ', marks: [{ type: 'bold' }] },
            '和',
            { type: 'text', text: '斜体', marks: [{ type: 'italic' }] },
            { type: 'text', text: '删除', marks: [{ type: 'strike' }] },
            { type: 'text', text: 'a`b', marks: [{ type: 'code' }] },
            { type: 'text', text: '官网', marks: [{ type: 'link', attrs: { href: 'https://example.com/a b(c)' } }] },
            { type: 'text', text: '坏链接', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
          ),
        ),
      ),
    )
    expect(md).toContain('**粗体** 和*斜体*~~删除~~``a`b``[官网](https://example.com/a%20b%28c%29)坏链接')
    expect(md).not.toContain('javascript')
  })

  it('escapes Markdown and HTML in report text', () => {
    const evil = '<script>alert(1)</script>'
    const md = render(
      doc(
        section('data_statistics', `# ${evil}`, metrics(metric({ name: 'a|b', current: '*1*', definition: 'x\ny' })), p('# 不是标题'), p('1. 不是列表'), p('&amp; [x](javascript:1)')),
        section('problem_analysis', '问题分析', issue({ title: evil, rootCause: evil }, evil), action({ owner: '_o_' }, '- 不是列表')),
        section('other', '其他', quarantine({ originalType: evil, raw: '```\n<b>raw</b>\n```' })),
      ),
      { title: evil },
    )
    // Outside code fences no `<` is left unescaped.
    expect(md.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '')).not.toMatch(/(^|[^\\])</m)
    expect(md.startsWith('# \\<script\\>alert(1)\\</script\\>\n')).toBe(true)
    expect(md).toContain('## \\# \\<script\\>')
    expect(md).toContain('| a\\|b | \\*1\\* |')
    expect(md).toContain('| x y |')
    expect(md).toContain('\n\\# 不是标题\n')
    expect(md).toContain('\n1\\. 不是列表\n')
    expect(md).toContain('&amp;amp; \\[x\\](javascript:1)')
    expect(md).toContain('#1 \\- 不是列表')
    expect(md).toContain('负责人：\\_o\\_')
    // The raw content sits in a fence longer than any it contains.
    expect(md).toContain('````\n```\n<b>raw</b>\n```\n````')
  })

  it('says when a trend has no published data, and when KPIs are pending', () => {
    const md = render(doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', name: 'FCR', unit: '%' })), trend({ metricKey: 'fcr' }), kpi())))
    expect(md).toContain('**趋势图：FCR（%）**\n\n*暂无已发布数据*')
    expect(md).toContain('**关键指标（服务器计算）**\n\n*由服务器计算（待计算）*')
  })

  it('keeps a top-level title that differs from the report title', () => {
    expect(render(doc(h(1, '别的标题'), p('正文')))).toContain('# T\n\n- **期间**：2026-10\n- **版本**：草稿（未发布）\n\n# 别的标题\n\n正文\n')
  })

  it('escapeMarkdown leaves plain text alone', () => {
    expect(escapeMarkdown('服务总量环比 +14.4%，NPS 41（上月 38）')).toBe('服务总量环比 +14.4%，NPS 41（上月 38）')
  })
})
