import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import type { JSONContent } from '@tiptap/core'
import { DEMO_TITLE, demoReportContent } from '../../server/demo/demoReportContent'
import { renderChartPng } from '../../server/export/renderChartPng'
import { blockDefinitions } from '../blocks/blockRegistry'
import { doc, h, metric, metrics, p, quarantine, section, trend } from '../docBuilder'
import { computeReportKpis } from '../kpi/computeReportKpis'
import { reportSchema } from '../reportSchema'
import type { Locale } from '../templates/ReportTemplate'
import type { TrendSeries } from '../trend/TrendSeries'
import { renderReportDocx, type DocxRenderInput } from './renderReportDocx'
import { xmlText } from './docxParts'

const FCR_SERIES: TrendSeries = {
  metricKey: 'fcr',
  name: '一次解决率',
  unit: '%',
  points: [
    { period: '2026-08', value: 90.8, display: '90.8', draft: false, version: '1' },
    { period: '2026-09', value: 90.3, display: '90.3', draft: false, version: '1' },
    { period: '2026-10', value: 92.1, display: '92.1', draft: true, version: null },
  ],
}

function demoInput(locale: Locale = 'zh-CN'): DocxRenderInput {
  const content = demoReportContent()
  const chart = content.content!.flatMap((s) => s.content ?? []).find((n) => n.type === 'trendChart')!
  chart.attrs = { ...chart.attrs, series: JSON.stringify(FCR_SERIES) }
  const kpis = computeReportKpis(reportSchema.nodeFromJSON(demoReportContent()), '2026-10', locale)
  return { content, title: DEMO_TITLE, period: '2026-10', locale, version: '1', publishedAt: '2026-11-01T08:00:00.000Z', publishedBy: '张伟', kpis }
}

/** The XML parts of a .docx by path (media as bytes). */
function unzip(bytes: Uint8Array): { xml: Record<string, string>; files: string[]; raw: Record<string, Uint8Array> } {
  const raw = unzipSync(bytes)
  const xml: Record<string, string> = {}
  for (const [path, data] of Object.entries(raw)) if (/\.(xml|rels)$/.test(path)) xml[path] = strFromU8(data)
  return { xml, files: Object.keys(raw), raw }
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** The text of every `<w:t>`, concatenated per paragraph. */
const paragraphs = (xml: string): string[] =>
  xml
    .split(/<\/w:p>/)
    .map((seg) => decode([...seg.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')))
    .filter((t) => t !== '')

/** What a reader sees: paragraphs on lines of their own. */
const visible = (xml: string) => paragraphs(xml).join('\n')

/**
 * Well-formed XML, checked without a parser: every tag closes in order,
 * no text holds `<` or a bare `&`, and no character XML 1.0 forbids occurs.
 */
function expectWellFormed(xml: string, where: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '')
  const stack: string[] = []
  let last = 0
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const text = body.slice(last, m.index)
    expect(text, `${where}: text before <${m[2]}>`).not.toMatch(/[<>]|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);)/i)
    last = m.index + m[0].length
    if (m[1]) expect(stack.pop(), `${where}: </${m[2]}>`).toBe(m[2])
    else if (!m[4]) stack.push(m[2]!)
  }
  expect(body.slice(last).trim(), `${where}: trailing text`).toBe('')
  expect(stack, `${where}: unclosed`).toEqual([])
  expect(xmlText(xml), `${where}: forbidden characters`).toBe(xml)
}

describe('renderReportDocx: the demo report', async () => {
  const input = demoInput()
  const { xml, files, raw } = unzip(await renderReportDocx({ ...input, chartPng: renderChartPng }))
  const document = xml['word/document.xml']!
  const text = visible(document)
  const paras = paragraphs(document)

  it('is a Word package of well-formed parts', () => {
    expect(files).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/fontTable.xml', 'word/numbering.xml']))
    for (const [path, part] of Object.entries(xml)) expectWellFormed(part, path)
  })

  it('is A4 with margins, and numbers its pages in the footer: 第 X 页 / 共 Y 页', () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/)
    const footer = Object.entries(xml).find(([p]) => /^word\/footer\d*\.xml$/.test(p))![1]
    expect(footer).toContain('PAGE')
    expect(footer).toContain('NUMPAGES')
    expect(visible(footer).replace(/\s+/g, ' ')).toMatch(/第 .*页 \/ 共 .*页/)
  })

  it('declares the CJK fonts: 宋体 for text, 微软雅黑 for headings, with their Latin names in the font table', () => {
    const styles = xml['word/styles.xml']!
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0]
    expect(defaults).toMatch(/<w:rFonts [^>]*w:eastAsia="宋体"/)
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"/)
    expect(defaults).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/)
    for (const id of ['Title', 'Heading1', 'Heading2']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0]
      expect(style, id).toMatch(/w:eastAsia="微软雅黑"/)
      expect(style, id).toMatch(/w:ascii="Arial"/)
    }
    const fonts = xml['word/fontTable.xml']!
    expect(fonts).toMatch(/<w:font w:name="宋体"><w:altName w:val="SimSun"\/>[\s\S]*?<w:charset w:val="86"\/>/)
    expect(fonts).toMatch(/<w:font w:name="微软雅黑"><w:altName w:val="Microsoft YaHei"\/>[\s\S]*?<w:family w:val="swiss"\/>/)
  })

  it('opens with the title block: title, period, version, publisher and time', () => {
    expect(document).toMatch(/<w:pStyle w:val="Title"\/>/)
    expect(paras[0]).toBe(DEMO_TITLE)
    expect(paras[1]).toBe('期间：2026-10\u3000\u3000版本：v1\u3000\u3000发布人：张伟\u3000\u3000发布时间：2026-11-01 16:00')
  })

  it('makes every section a Heading 1', () => {
    const headings = [...document.matchAll(/<w:pStyle w:val="Heading1"\/>[\s\S]*?<\/w:p>/g)].map((m) => paragraphs(m[0]).join(''))
    expect(headings).toEqual(['重要事件回顾', '数据统计', '问题分析', '改进措施', '目标设定', '客户反馈', '团队协作', '市场趋势分析', '财务概况', '总结与展望'])
  })

  it('makes the metrics a real Word table: 指标 / 本月 / 上月 / 目标 / 环比 / 达成率, values with units, the header repeated', () => {
    const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).filter((t) => t.includes('>本月<'))
    expect(tables).toHaveLength(2) // 数据统计 and 财务概况
    const rows = tables[0]!.split('</w:tr>').slice(0, -1)
    expect(rows).toHaveLength(8) // the header and 7 metrics
    expect(rows[0]).toContain('<w:tblHeader/>')
    expect(paragraphs(rows[0]!)).toEqual(['指标', '本月', '上月', '目标', '环比', '达成率'])
    // 一次解决率: 92.1 against 90.3 last month (+2.0%) and a target of 92 (100.1%, met).
    expect(paragraphs(rows[4]!)).toEqual(['一次解决率', '↑ 越高越好', '92.1%', '90.3%', '92%', '+2.0%', '100.1%', '已达成目标'])
    // 平均首次响应: lower is better, 18 秒 against 24 (−25.0%, good) and a target of 20 (111.1%).
    expect(paragraphs(rows[5]!)).toEqual(['平均首次响应', '↓ 越低越好', '18 秒', '24 秒', '20 秒', '-25.0%', '111.1%', '已达成目标'])
    expect(rows[5]).toMatch(/<w:color w:val="1A7F37"\/>[\s\S]*-25\.0%/)
  })

  it('puts each metric’s 口径, source and note in a note under the table', () => {
    expect(paras).toContain('用户留存率 — 口径：上月活跃用户中本月仍活跃的比例；数据来源：BI 用户看板；备注：大促拉新用户留存偏低')
    expect(paras).toContain('成本 — 口径：人工 + 外包 + 系统成本；数据来源：财务月报；备注：人工 372、外包 68、系统 56')
  })

  it('renders issues, actions, goals, feedback and KPIs', () => {
    for (const t of [
      ' 高  大促后退换货咨询积压',
      '状态：观察中\u3000负责人：王磊\u3000分类：流程',
      '根本原因：大促退货规则变更未提前同步至知识库，坐席需逐单向运营确认规则。',
      '#1 [进行中] 规则变更与知识库联动：规则上线前 48 小时同步知识库并完成坐席考试。',
      '负责人：王磊\u3000截止日期：2026-11-15\u3000关联问题：大促后退换货咨询积压',
      '目标\u3000[计划中]\u3000基线值 92.1% → 目标值 93.5%',
      '双十一期间一次解决率由 92.1% 提升至 93.5%。',
      '客户反馈汇总',
      '国庆期间响应快',
      '关键指标（服务器计算）',
    ]) {
      expect(paras, t).toContain(t)
    }
    // NPS (4630 − 1180) / 8420 × 100 = 41.0; resolution 1198 / 1236 = 96.9%.
    expect(text).toContain('41.0')
    expect(text).toContain('96.9%')
    // A done action is struck through.
    expect(document).toMatch(/<w:strike\/>[\s\S]{0,300}建立话术季度复审机制/)
    // The KPIs are the version's: 达标指标 7 / 9.
    expect(paras).toContain('达标指标')
  })

  it('embeds the trend chart as a PNG picture, with its caption and values as text', () => {
    const media = files.filter((f) => f.startsWith('word/media/'))
    expect(media).toHaveLength(1)
    expect([...raw[media[0]!]!.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(document).toContain('<w:drawing>')
    expect(document).toMatch(/<wp:docPr [^>]*title="一次解决率（%）"/)
    expect(paras).toContain('趋势图 一次解决率（%） · 月数：6')
    // In a published version its own point is published, not a draft.
    expect(paras).toContain('2026-08 90.8；2026-09 90.3；2026-10 92.1')
  })
})

const render = async (content: JSONContent, extra: Partial<DocxRenderInput> = {}) => {
  const { xml, files } = unzip(await renderReportDocx({ content, title: 'T', period: '2026-10', locale: 'zh-CN', kpis: [], ...extra }))
  return { document: xml['word/document.xml']!, xml, files }
}

describe('renderReportDocx', () => {
  it('every report block has a DOCX renderer in its folder, found through the registry', async () => {
    for (const d of blockDefinitions) {
      expect(d.docx, d.name).toBeTypeOf('function')
      expect(await d.docx!(), d.name).toBeTypeOf('function')
    }
  })

  it('marks a draft as 草稿 in the title block and the page header', async () => {
    const { document, xml } = await render(doc(p('x')))
    expect(paragraphs(document)[1]).toBe('期间：2026-10\u3000\u3000版本：草稿（未发布）')
    const header = Object.entries(xml).find(([p]) => /^word\/header\d*\.xml$/.test(p))![1]
    expect(paragraphs(header)).toEqual(['T · 草稿（未发布）'])
  })

  it('speaks English for an English report: Page X of Y, English column names', async () => {
    const { document, xml } = await render(doc(metrics(metric({ key: 'fcr', name: 'FCR', unit: '%', current: '92', previous: '90', target: '95' }))), { locale: 'en' })
    const footer = Object.entries(xml).find(([p]) => /^word\/footer\d*\.xml$/.test(p))![1]
    expect(visible(footer)).toMatch(/Page [\s\S]* of /)
    expect(paragraphs(document)).toEqual(expect.arrayContaining(['Metric', 'This month', 'Last month', 'Target', 'MoM', 'Attainment', '+2.2%', '96.8%']))
    expect(xml['word/styles.xml']).toMatch(/<w:lang w:val="en-US" w:eastAsia="zh-CN"\/>/)
  })

  it('renders the standard nodes: marks, links, headings, lists, quotes, code, rules, unknown blocks', async () => {
    const content = doc(
      section(
        's',
        'S',
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'ital', marks: [{ type: 'italic' }] },
            { type: 'text', text: 'gone', marks: [{ type: 'strike' }] },
            { type: 'text', text: 'under', marks: [{ type: 'underline' }] },
            { type: 'text', text: 'mono', marks: [{ type: 'code' }] },
            { type: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://example.com/?a=1&b="2"' } }] },
            { type: 'text', text: 'evil', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
            { type: 'hardBreak' },
            { type: 'text', text: 'after break' },
          ],
        },
        h(3, 'Sub heading'),
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p('third'), { type: 'bulletList', content: [{ type: 'listItem', content: [p('nested')] }] }] }] },
        { type: 'blockquote', content: [p('quoted')] },
        { type: 'codeBlock', content: [{ type: 'text', text: 'line 1\nline 2' }] },
        { type: 'horizontalRule' },
        { type: 'futureBlock', content: [{ type: 'text', text: 'from a newer client' }] },
      ),
    )
    const { document, xml } = await render(content)
    const run = (t: string) => new RegExp(`<w:r>(?:(?!<w:r>)[\\s\\S])*?>${t}</w:t>`).exec(document)![0]
    expect(run('bold')).toContain('<w:b/>')
    expect(run('ital')).toContain('<w:i/>')
    expect(run('gone')).toContain('<w:strike/>')
    expect(run('under')).toMatch(/<w:u w:val="single"\/>/)
    expect(run('mono')).toMatch(/w:ascii="Consolas"/)
    // The safe link is a hyperlink to its (escaped) target; the unsafe one is plain text.
    const rels = xml['word/_rels/document.xml.rels']!
    expect(rels).toContain('Target="https://example.com/?a=1&amp;b=&quot;2&quot;"')
    expect(rels).not.toContain('javascript')
    expect(document).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"[^>]*>[\s\S]*?site/)
    expect(document).not.toMatch(/<w:hyperlink [^>]*>(?:(?!<\/w:hyperlink>)[\s\S])*evil/)
    expect(document).toMatch(/<w:br\/>[\s\S]*after break/)
    expect(document).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*?Sub heading/)
    // A numbered list starting at 3, a bulleted list inside it one level down.
    expect(xml['word/numbering.xml']).toMatch(/<w:start w:val="3"\/>/)
    expect(document).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>[\s\S]*?third/)
    expect(document).toMatch(/<w:numPr><w:ilvl w:val="1"\/>[\s\S]*?nested/)
    expect(document).toMatch(/<w:pBdr><w:left [^>]*\/><\/w:pBdr>[\s\S]*?quoted/)
    expect(document).toMatch(/w:ascii="Consolas"[\s\S]*?line 1<\/w:t>[\s\S]*?<w:br\/>[\s\S]*?line 2/)
    expect(document).toMatch(/<w:pBdr><w:bottom [^>]*\/><\/w:pBdr>/)
    expect(paragraphs(document)).toContain('from a newer client')
  })

  it('keeps hostile text as text: markup is escaped, characters XML forbids are dropped', async () => {
    const hostile = 'A<w:p>B</w:t></w:r>&amp;\u0000\u0007\u001b\ud800C\ufffe'
    const content = doc(
      section('s', `sec ${hostile}`, metrics(metric({ key: 'k', name: `m ${hostile}`, unit: '<u>', current: '1', previous: '2', target: '3', definition: hostile })), p(hostile)),
      quarantine({ originalType: '<w:body>', raw: `{"x":"${hostile}"}` }),
      trend({ metricKey: 'k', series: JSON.stringify({ ...FCR_SERIES, name: hostile }) }),
    )
    const { document, xml, files } = await render(content, { title: `T ${hostile}`, publishedBy: hostile, version: '1', chartPng: renderChartPng })
    for (const [path, part] of Object.entries(xml)) expectWellFormed(part, path)
    // The chart's SVG is cleaned too, so it still becomes a picture.
    expect(files.filter((f) => f.startsWith('word/media/'))).toHaveLength(1)
    const clean = 'A<w:p>B</w:t></w:r>&amp;C'
    const paras = paragraphs(document)
    expect(paras[0]).toBe(`T ${clean}`)
    expect(paras).toContain(`sec ${clean}`)
    expect(paras).toContain(`m ${clean}`)
    expect(paras).toContain(clean)
    expect(paras).toContain('1 <u>')
    expect(document).toContain('A&lt;w:p&gt;B&lt;/w:t&gt;&lt;/w:r&gt;&amp;amp;C')
    expect(xml['docProps/core.xml']).toContain(`<dc:title>T A&lt;w:p&gt;B&lt;/w:t&gt;&lt;/w:r&gt;&amp;amp;C</dc:title>`)
  })

  it('exports a chart as its values when no picture can be made (no renderer, or it fails)', async () => {
    const content = doc(trend({ metricKey: 'fcr', series: JSON.stringify(FCR_SERIES) }))
    for (const chartPng of [undefined, async () => null, async () => Promise.reject(new Error('no fonts'))]) {
      const { document, files } = await render(content, { chartPng })
      expect(files.filter((f) => f.startsWith('word/media/'))).toEqual([])
      expect(document).not.toContain('<w:drawing>')
      expect(paragraphs(document)).toContain('2026-08 90.8；2026-09 90.3；2026-10（本期草稿） 92.1')
    }
  })

  it('xmlText drops only what XML 1.0 forbids', () => {
    expect(xmlText('a\tb\nc\r')).toBe('a\tb\nc\r')
    expect(xmlText('\u0000x\u0008\u000b\u000c\u000e\u001fy')).toBe('xy')
    expect(xmlText('😀 \ud83d \ude00 z\uffff')).toBe('😀   z')
    expect(xmlText('中文 <b>&')).toBe('中文 <b>&')
  })
})
