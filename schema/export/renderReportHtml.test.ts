import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { DEMO_TITLE, demoReportContent } from '../../server/demo/demoReportContent'
import { action, doc, feedback, h, issue, kpi, metric, metrics, p, quarantine, section, trend } from '../docBuilder'
import { computeReportKpis } from '../kpi/computeReportKpis'
import { reportSchema } from '../reportSchema'
import type { Locale } from '../templates/ReportTemplate'
import type { TrendSeries } from '../trend/TrendSeries'
import { renderReportHtml, type ReportRenderInput } from './renderReportHtml'
import { escapeHtml } from './reportJson'

const FCR_SERIES: TrendSeries = {
  metricKey: 'fcr',
  name: '一次解决率',
  unit: '%',
  points: [
    { period: '2026-07', value: 89.4, display: '89.4', draft: false, version: '1' },
    { period: '2026-08', value: 90.8, display: '90.8', draft: false, version: '1.1' },
    { period: '2026-09', value: 90.3, display: '90.3', draft: false, version: '1' },
    { period: '2026-10', value: 92.1, display: '92.1', draft: true, version: null },
  ],
}

function demoInput(locale: Locale = 'zh-CN', withSeries = true): ReportRenderInput {
  const content = demoReportContent()
  // The demo carries nothing over (it has no September); one action is marked carried here to show the badge.
  const lastAction = content.content!.flatMap((s) => s.content ?? []).filter((n) => n.type === 'actionItem').at(-1)!
  lastAction.attrs = { ...lastAction.attrs, carriedFrom: 'east-cs/2026-09' }
  if (withSeries) {
    // The `series` attribute is written by the server; set it the way it will be stored (JSON).
    const chart = content.content!.flatMap((s) => s.content ?? []).find((n) => n.type === 'trendChart')!
    chart.attrs = { ...chart.attrs, series: JSON.stringify(FCR_SERIES) }
  }
  const kpis = computeReportKpis(reportSchema.nodeFromJSON(demoReportContent()), '2026-10', locale)
  return { content, title: DEMO_TITLE, period: '2026-10', locale, version: '1.1', publishedAt: '2026-11-01T08:00:00.000Z', publishedBy: '张伟', kpis }
}

const SECTIONS = ['重要事件回顾', '数据统计', '问题分析', '改进措施', '目标设定', '客户反馈', '团队协作', '市场趋势分析', '财务概况', '总结与展望']
const METRICS = ['服务总量', '活跃用户', '用户留存率', '一次解决率', '平均首次响应', '客户满意度', '投诉率', '收入', '成本']

/** Text of the document with tags removed and entities decoded, to look for what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

const render = (content: JSONContent, extra: Partial<ReportRenderInput> = {}) =>
  renderReportHtml({ content, title: 'T', period: '2026-10', locale: 'zh-CN', kpis: [], ...extra })

describe('renderReportHtml: the demo report', () => {
  const input = demoInput()
  const html = renderReportHtml(input)
  const text = visible(html)

  it('is one HTML document with inline styles and nothing that runs or loads', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain(`<title>${escapeHtml(DEMO_TITLE)}</title>`)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(/i)
    expect(html).toContain("default-src 'none'")
  })

  it('has a print stylesheet: A4, CJK fonts, sections sharing pages, headings kept with what follows, rows and cards kept whole', () => {
    expect(html).toContain('@page { size: A4; margin: 18mm; }')
    expect(html).toContain('font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif')
    expect(html).not.toContain('break-before: page')
    expect(html).toMatch(/@media print \{[\s\S]*h2, [^{]*\{ break-after: avoid;/)
    expect(html).toMatch(/@media print \{[\s\S]*table, tr, [^{]*\{ break-inside: avoid;/)
    const sections = [...html.matchAll(/<section class="([^"]+)" data-section="([^"]+)"/g)]
    expect(sections.map((m) => m[2])).toEqual([
      'highlights',
      'data_statistics',
      'problem_analysis',
      'improvements',
      'goals',
      'customer_feedback',
      'teamwork',
      'market_trends',
      'financials',
      'summary_outlook',
    ])
    expect(sections.map((m) => m[1])).toEqual(Array(10).fill('report-section'))
  })

  it('has a header with title, period, version and publisher', () => {
    const header = visible(html.slice(html.indexOf('<header'), html.indexOf('</header>')))
    for (const s of [DEMO_TITLE, '期间', '2026-10', '版本', 'v1.1', '发布人', '张伟', '发布时间', '2026-11-01 16:00']) expect(header).toContain(s)
    // The body's own title heading is not repeated under the header.
    expect(html.match(/<h1>/g)).toHaveLength(1)
  })

  it('shows every section title, every metric and every KPI display', () => {
    for (const s of SECTIONS) expect(html).toContain(`<h2>${s}</h2>`)
    for (const m of METRICS) expect(text).toContain(m)
    for (const k of input.kpis.filter((k) => k.key.startsWith('summary.'))) {
      expect(html, k.key).toContain(`<div class="stat" data-kpi="${k.key}"`)
      expect(text).toContain(k.display)
      expect(text).toContain(k.label)
    }
  })

  it('shows metrics as a table with MoM change and attainment derived from the row', () => {
    const row = html.match(/<tr data-key="service_volume">[\s\S]*?<\/tr>/)![0]
    expect(visible(row).split(/\s+/).filter(Boolean)).toEqual(
      expect.arrayContaining(['服务总量', '1286000', '1124000', '1200000', '次', '+14.4%', '107.2%']),
    )
    expect(row).toContain('<td class="num good">+14.4%</td>')
    // Lower is better: a falling first-response time is good, and attainment is target / current.
    const fr = html.match(/<tr data-key="first_response">[\s\S]*?<\/tr>/)![0]
    expect(fr).toContain('<td class="num good">-25.0%</td>')
    expect(fr).toContain('111.1%')
    expect(fr).toContain('↓ 越低越好')
    expect(text).toContain('口径：72 小时内未重复进线的会话 ÷ 全部会话')
    const head = html.match(/<thead>[\s\S]*?<\/thead>/)![0]
    for (const c of ['指标', '本月', '上月', '目标', '单位', '方向', '环比', '达成率']) expect(head).toContain(`>${c}</th>`)
  })

  it('shows issue cards, action rows and goals with their fields', () => {
    expect(html).toContain('<article class="card issue sev-high">')
    expect(html).toContain('<span class="pill pill-high">高</span>')
    expect(text).toContain('大促后退换货咨询积压')
    expect(text).toMatch(/根本原因：\s*大促退货规则变更未提前同步至知识库/)
    expect(text).toContain('观察中')
    // Actions: numbered through the report, status, owner, due date, the issue they fix, carried over.
    const actions = [...html.matchAll(/<li class="action action-(\w+)">[\s\S]*?<\/li>/g)]
    expect(actions.map((a) => a[1])).toEqual(['doing', 'doing', 'todo', 'done'])
    const last = visible(actions[3]![0])
    for (const s of ['#4', '已完成', '建立话术季度复审机制', '负责人：', '赵敏', '2026-11-10', '关联问题：', '部分话术过时', '↻ 结转自 east-cs/2026-09']) expect(last).toContain(s)
    expect(visible(actions[0]![0])).not.toContain('结转自')
    // Goals: baseline → target with the unit, metric name from the metrics table.
    expect(text).toContain('基线值 92.1% → 目标值 93.5%')
    expect(text).toContain('一次解决率 (fcr)')
    expect(text).toContain('计划中')
  })

  it('shows the feedback numbers, computed NPS and resolution rate, and theme rows', () => {
    const fb = visible(html.match(/<article class="card feedback">[\s\S]*?<\/article>/)![0])
    for (const s of ['回收问卷', '8420', '4630', '2610', '1180', '1236', '1198', 'NPS', '41.0', '投诉解决率', '96.9%']) expect(fb).toContain(s)
    expect(html).toContain('<span class="pill pill-negative">负面</span>')
    expect(fb).toContain('夜间等待时间长')
    expect(fb).toContain('295')
  })

  it('draws the trend chart from the series attribute, draft marked in a draft', () => {
    const draft = renderReportHtml({ ...input, version: null })
    const figure = draft.match(/<figure class="trend">[\s\S]*?<\/figure>/)![0]
    expect(figure).toMatch(/<svg [^>]*viewBox="0 0 480 160"/)
    expect(figure).toContain('<title>一次解决率（%）</title>')
    expect(figure).toContain('<polyline')
    expect(figure).toContain('本期草稿 92.1')
    expect(visible(figure)).toContain('月数：6')
    expect(visible(renderReportHtml({ ...demoInput('en'), version: null }))).toContain('draft 92.1')
  })

  it('draws a published version’s own point as published, never as the draft', () => {
    const figure = html.match(/<figure class="trend">[\s\S]*?<\/figure>/)![0]
    expect(figure).not.toContain('本期草稿')
    expect(figure).not.toContain('trend-draft')
    expect(figure).not.toContain('暂无已发布数据')
    // All four months on one published line: 89.4 … 92.1.
    expect(figure.match(/<polyline /g)).toHaveLength(1)
    expect(figure.match(/<circle cx/g)).toHaveLength(4)
    // Also when it is the only point (the series' first published month).
    const own = { ...FCR_SERIES, points: FCR_SERIES.points.slice(3) }
    const first = render(doc(section('data_statistics', '数据统计', trend({ metricKey: 'fcr', series: JSON.stringify(own) }))), { version: '1' })
    expect(first).not.toContain('暂无已发布数据')
    expect(first).not.toContain('本期草稿')
    expect(first).toContain('>92.1</text>')
  })

  it('draws an empty chart when the trend block has no series (yet)', () => {
    const bare = renderReportHtml(demoInput('zh-CN', false))
    const figure = bare.match(/<figure class="trend">[\s\S]*?<\/figure>/)![0]
    expect(figure).toContain('暂无已发布数据')
    expect(figure).not.toContain('<polyline')
    // And a `series` that is null or not JSON reads the same.
    for (const series of [null, '{not json']) {
      const out = render(doc(section('data_statistics', '数据统计', trend({ metricKey: 'fcr', series }))))
      expect(out).toContain('暂无已发布数据')
    }
  })

  it('reads in English with the English labels', () => {
    const en = renderReportHtml(demoInput('en'))
    expect(en).toContain('<html lang="en">')
    for (const s of ['Period', 'Version', 'Published by', 'This month', 'Last month', 'MoM', 'Attainment', 'High', 'Monitoring', 'Doing', 'Done', 'Carried over from', 'Responses']) {
      expect(visible(en)).toContain(s)
    }
  })
})

describe('renderReportHtml: blocks', () => {
  it('renders paragraph marks, lists and only safe links', () => {
    const html = render(
      doc(
        section(
          'highlights',
          '重要事件回顾',
          p(
            { type: 'text', text: '粗', marks: [{ type: 'bold' }] },
            { type: 'text', text: '斜', marks: [{ type: 'italic' }] },
            { type: 'text', text: '删', marks: [{ type: 'strike' }] },
            { type: 'text', text: 'x=1', marks: [{ type: 'code' }] },
            { type: 'text', text: '官网', marks: [{ type: 'link', attrs: { href: 'https://example.com/a?b=1&c=2' } }] },
            { type: 'text', text: '坏链接', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
            { type: 'text', text: '藏起来的', marks: [{ type: 'link', attrs: { href: 'java\tscript:alert(1)' } }] },
          ),
          { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p('第三')] }] },
        ),
      ),
    )
    expect(html).toContain('<strong>粗</strong><em>斜</em><s>删</s><code>x=1</code>')
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">官网</a>')
    expect(html).toContain('坏链接')
    expect(html).toContain('藏起来的')
    expect(html).not.toMatch(/javascript|java\tscript/)
    expect(html).toContain('<ol start="3"><li><p>第三</p></li></ol>')
  })

  it('prefers a KPI block’s stored values, and says "pending" when there are none at all', () => {
    const stored = JSON.stringify([{ key: 'summary.nps', label: 'NPS', value: 12, display: '12.0', formula: 'f', inputs: [], period: '2026-10', computedAt: '2026-10-31T00:00:00Z' }])
    const kpis = [{ key: 'summary.nps', label: 'NPS', value: 41, display: '41.0', formula: 'f', inputs: [], period: '2026-10' }]
    const withStored = render(doc(section('data_statistics', '数据统计', kpi({ values: stored, computedAt: '2026-10-31T00:00:00Z' }))), { kpis })
    expect(withStored).toContain('<dd>12.0')
    expect(withStored).not.toContain('41.0')
    expect(render(doc(section('data_statistics', '数据统计', kpi())), { kpis })).toContain('<dd>41.0')
    expect(render(doc(section('data_statistics', '数据统计', kpi())))).toContain('由服务器计算（待计算）')
    // A metric-scoped block shows that metric's KPIs only.
    const scoped = render(doc(section('data_statistics', '数据统计', kpi({ scope: 'fcr' }))), {
      kpis: [...kpis, { key: 'metric.fcr.mom', label: 'FCR 环比', value: 0.02, display: '+2.0%', formula: 'f', inputs: [], period: '2026-10' }],
    })
    expect(scoped).toContain('+2.0%')
    expect(scoped).not.toContain('41.0')
  })

  it('shows every time in the instance time zone (default Asia/Shanghai), never raw ISO or UTC', () => {
    const stored = JSON.stringify([{ key: 'summary.nps', label: 'NPS', value: 12, display: '12.0', formula: 'f', inputs: [], period: '2026-10', computedAt: '2026-12-04T16:56:29.566Z' }])
    const content = doc(
      section('data_statistics', '数据统计', kpi({ values: stored, computedAt: '2026-12-04T16:56:29.566Z' })),
      section('other', '其他', quarantine({ originalType: 'x', raw: '<x/>', quarantinedAt: '2026-12-04T17:06:00.000Z' })),
    )
    const beijing = visible(render(content, { publishedAt: '2026-12-04T17:06:00.000Z', version: '1' }))
    expect(beijing).toContain('计算于 2026-12-05 00:56')
    expect(beijing).toContain('2026-12-05 01:06')
    expect(beijing).not.toMatch(/UTC|2026-12-04T|\.566Z/)
    const berlin = visible(render(content, { publishedAt: '2026-12-04T17:06:00.000Z', version: '1', timeZone: 'Europe/Berlin' }))
    expect(berlin).toContain('计算于 2026-12-04 17:56')
    expect(berlin).toContain('2026-12-04 18:06')
  })

  it('shows "—" with the reason for a metric that cannot be computed', () => {
    const html = render(doc(section('data_statistics', '数据统计', metrics(metric({ key: 'x', name: 'X', current: 'abc', previous: '0', target: '' })))))
    expect(html).toContain('<td class="num" title="无法计算：不是有效数字">—</td>')
    expect(html).toContain('<td class="num" title="无法计算：未设目标">—</td>')
  })

  it('shows quarantined content as a visible notice with its raw text', () => {
    const html = render(doc(section('other', '其他重要事项', quarantine({ originalType: 'legacyTable', raw: '<legacyTable><cell>旧数据 & "引号"</cell></legacyTable>', quarantinedAt: '2026-11-02T03:04:05Z' }))))
    expect(html).toContain('<aside class="quarantine" role="note">')
    expect(html).toContain('⚠ 未识别的内容（已隔离）')
    expect(html).toContain('<pre>&lt;legacyTable&gt;&lt;cell&gt;旧数据 &amp; &quot;引号&quot;&lt;/cell&gt;&lt;/legacyTable&gt;</pre>')
  })

  it('shows a block type it does not know by its text, and survives hostile type names', () => {
    const html = render(
      doc(section('other', '其他', { type: 'futureBlock', content: [p('未来的内容')] }, { type: 'constructor', content: [p('x')] }, { type: '__proto__' })),
    )
    expect(html).toContain('<div data-type="futureBlock">未来的内容</div>')
    expect(html).not.toContain('[object Object]')
  })

  it('marks a draft in the header', () => {
    const html = render(doc(h(1, 'T')), { version: null })
    expect(html).toContain('<dd class="report-draft">草稿（未发布）</dd>')
  })
})

describe('renderReportHtml: escaping', () => {
  const evil = '<script>alert(1)</script>'
  const attrEvil = '"><img src=x onerror=alert(1)>'
  const html = renderReportHtml({
    content: doc(
      h(1, evil),
      section(
        'data_statistics',
        evil,
        metrics(metric({ key: attrEvil, name: evil, current: attrEvil, definition: evil, unit: attrEvil })),
        p(evil),
        kpi({ values: JSON.stringify([{ key: attrEvil, label: evil, display: evil, formula: evil }]) }),
        trend({ metricKey: attrEvil, series: JSON.stringify({ metricKey: 'x', name: evil, unit: '', points: [{ period: evil, value: 1, display: evil, draft: true }] }) }),
      ),
      section(
        'problem_analysis',
        '问题分析',
        issue({ title: evil, severity: 'x" onmouseover="alert(1)', owner: evil, status: evil, rootCause: evil }, evil),
        action({ owner: evil, status: '" onclick="alert(1)', due: evil, carriedFrom: evil, issueId: attrEvil }, evil),
      ),
      section('customer_feedback', '客户反馈', feedback({ responses: evil }, [], evil)),
      section(attrEvil, '其他', quarantine({ originalType: evil, raw: evil })),
    ),
    title: evil,
    period: evil,
    locale: 'zh-CN',
    version: evil,
    publishedAt: evil,
    publishedBy: evil,
    kpis: [],
  })

  it('leaves no live markup from report text: every string is inert', () => {
    expect(html).not.toMatch(/<script|<img/i)
    // `>` and `"` inside attribute values are escaped: each match is one whole tag the renderer
    // wrote, and without its quoted values only the attribute names it wrote remain.
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g)!) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+\s*=/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>')
  })

  it('keeps stored values out of class names', () => {
    expect(html).toContain('<article class="card issue sev-unknown">')
    expect(html).toContain('<li class="action action-unknown">')
  })

  it('still has exactly the tags the renderer wrote (no tag from the content)', () => {
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()))
    const allowed = 'html head meta title style body header h1 dl div dt dd main section h2 table thead tr th tbody td span p article b ul li strong em s u code a figure svg desc g line text polyline circle figcaption aside pre caption footer ol blockquote h3 h4 h5 h6 hr br'
    for (const t of tags) expect(allowed.split(' '), t).toContain(t)
  })
})
