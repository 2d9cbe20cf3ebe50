import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { demoReportContent } from '../../server/demo/demoReportContent'
import { action, doc, h, issue, metric, metrics, p, section } from '../docBuilder'
import { computeReportKpis } from '../kpi/computeReportKpis'
import { reportSchema } from '../reportSchema'
import type { Locale } from '../templates/ReportTemplate'
import { diffReports, type DiffInput, type ReportChange } from './diffReports'

const withKpis = (content: JSONContent, locale: Locale = 'zh-CN'): DiffInput => ({
  content,
  kpis: computeReportKpis(reportSchema.nodeFromJSON(content), '2026-10', locale),
})

/** Every node of a document, depth first. */
function* nodes(root: JSONContent): Generator<JSONContent> {
  yield root
  for (const c of root.content ?? []) yield* nodes(c)
}
const find = (root: JSONContent, pred: (n: JSONContent) => boolean) => {
  for (const n of nodes(root)) if (pred(n)) return n
  throw new Error('no such node')
}
const sectionOf = (root: JSONContent, key: string) => find(root, (n) => n.type === 'reportSection' && n.attrs?.key === key)
const metricRow = (root: JSONContent, key: string) => find(root, (n) => n.type === 'metricRow' && n.attrs?.key === key)
const actions = (root: JSONContent) => [...nodes(root)].filter((n) => n.type === 'actionItem')

/** The demo report before, and a copy to edit as after. */
function demoPair() {
  const before = demoReportContent()
  return { before, after: structuredClone(before) }
}

const diff = (before: JSONContent, after: JSONContent, locale: Locale = 'zh-CN') => diffReports(withKpis(before, locale), withKpis(after, locale), locale).changes
const kinds = (changes: ReportChange[]) => changes.map((c) => c.kind)

describe('diffReports', () => {
  it('finds no change between a report and its copy', () => {
    const { before, after } = demoPair()
    expect(diff(before, after)).toEqual([])
    expect(diff(before, before, 'en')).toEqual([])
  })

  it('reports a metric field by the row’s name, and the KPIs it moves', () => {
    const { before, after } = demoPair()
    metricRow(after, 'fcr').attrs!.current = '95'
    const changes = diff(before, after)
    const row = metricRow(after, 'fcr')
    expect(changes[0]).toEqual({
      kind: 'fieldChanged',
      blockId: row.attrs!.id,
      blockType: 'metricRow',
      section: 'data_statistics',
      label: '指标「一次解决率」',
      field: 'current',
      before: '92.1',
      after: '95',
      beforeValue: '92.1',
      afterValue: '95',
      summary: '指标「一次解决率」 本月：92.1 → 95',
    })
    const kpi = changes.filter((c) => c.kind === 'kpiChanged')
    expect(kpi.map((c) => c.summary)).toEqual(['一次解决率 环比：+2.0% → +5.2%', '一次解决率 目标达成率：100.1% → 103.3%'])
    expect(kpi[0]).toMatchObject({ field: 'metric.fcr.mom', before: '+2.0%', after: '+5.2%', section: 'data_statistics', blockId: row.attrs!.id, blockType: 'metricRow' })
    expect(kinds(changes)).toEqual(['fieldChanged', 'kpiChanged', 'kpiChanged'])
  })

  it('reports an action’s status with its number in the report, an excerpt and readable labels', () => {
    const { before, after } = demoPair()
    actions(after)[2]!.attrs!.status = 'done'
    const changes = diff(before, after)
    expect(changes[0]).toMatchObject({
      kind: 'fieldChanged',
      blockType: 'actionItem',
      section: 'improvements',
      label: '行动 #3「夜班增编 4 人，并启用智能语音分流处理…」',
      field: 'status',
      before: '待办',
      after: '已完成',
      beforeValue: 'todo',
      afterValue: 'done',
      summary: '行动 #3「夜班增编 4 人，并启用智能语音分流处理…」 状态：待办 → 已完成',
    })
    expect(changes.slice(1).map((c) => c.summary)).toEqual(['本月行动完成率：1 / 4 → 2 / 4'])
    const en = diffReports(withKpis(before, 'en'), withKpis(after, 'en'), 'en').changes
    expect(en[0]!.summary).toBe('Action #3 “夜班增编 4 人，并启用智能语音分流处理…” status: To do → Done')
    expect(en[1]!.summary).toBe('Action completion (this month): 1 / 4 → 2 / 4')
  })

  it('shows the issue an action fixes by its title', () => {
    const { before, after } = demoPair()
    const issues = [...nodes(after)].filter((n) => n.type === 'issue')
    actions(after)[0]!.attrs!.issueId = issues[1]!.attrs!.id
    expect(diff(before, after)[0]).toMatchObject({ field: 'issueId', before: '大促后退换货咨询积压', after: '夜间电话接通率偏低' })
  })

  it('diffs the text of a block per character in Chinese', () => {
    const { before, after } = demoPair()
    const iss = find(after, (n) => n.type === 'issue' && n.attrs?.title === '夜间电话接通率偏低')
    iss.content![0]!.content![0]!.text = '22:00–次日 8:00 接通率 84%（白天 96%），夜间来电放弃率 9%。'
    const [change, ...rest] = diff(before, after)
    expect(rest).toEqual([])
    expect(change).toMatchObject({
      kind: 'textChanged',
      blockId: iss.attrs!.id,
      blockType: 'issue',
      section: 'problem_analysis',
      label: '问题「夜间电话接通率偏低」',
      before: '22:00–次日 8:00 接通率 81%（白天 96%），夜间来电放弃率 12%。',
      after: '22:00–次日 8:00 接通率 84%（白天 96%），夜间来电放弃率 9%。',
      segments: [
        { op: 'equal', text: '22:00–次日 8:00 接通率 ' },
        { op: 'delete', text: '81' },
        { op: 'insert', text: '84' },
        { op: 'equal', text: '%（白天 96%），夜间来电放弃率 ' },
        { op: 'delete', text: '12' },
        { op: 'insert', text: '9' },
        { op: 'equal', text: '%。' },
      ],
      summary: '问题「夜间电话接通率偏低」 文字修改（+2 / −2 字）',
    })
  })

  it('matches paragraphs without ids by position in their section: an edit is a text change, an insertion an addition', () => {
    const { before, after } = demoPair()
    const team = sectionOf(after, 'teamwork')
    team.content![2]!.content![0]!.text = '阻碍：退货规则由运营部门单独发布——已纳入规则评审环节。'
    team.content!.splice(1, 0, p('新增：每周复盘会。'))
    const changes = diff(before, after)
    expect(changes.map((c) => [c.kind, c.section, c.label])).toEqual([
      ['blockAdded', 'teamwork', '段落「新增：每周复盘会。」'],
      ['textChanged', 'teamwork', '段落「阻碍：退货规则由运营部门单独发布——已纳…」'],
    ])
    expect(changes[0]!.summary).toBe('在「团队协作」中新增 段落「新增：每周复盘会。」')
    expect(changes[0]!.blockId).toBeUndefined()
    const seg = (changes[1] as Extract<ReportChange, { kind: 'textChanged' }>).segments
    expect(seg.filter((s) => s.op === 'delete').map((s) => s.text)).toEqual(['，客服未参与评审', '在改进措施中'])
  })

  it('reports added and removed blocks where they are', () => {
    const { before, after } = demoPair()
    const problems = sectionOf(after, 'problem_analysis')
    problems.content!.push(issue({ id: 'new-issue', title: '退款到账慢', severity: 'high', owner: '刘洋' }, '退款平均 5 天到账。'))
    const goals = sectionOf(after, 'goals')
    const removed = goals.content!.splice(2, 1)[0]!
    const changes = diff(before, after).filter((c) => c.kind !== 'kpiChanged')
    expect(changes).toEqual([
      {
        kind: 'blockAdded',
        blockId: 'new-issue',
        blockType: 'issue',
        section: 'problem_analysis',
        label: '问题「退款到账慢」',
        summary: '在「问题分析」中新增 问题「退款到账慢」',
      },
      {
        kind: 'blockRemoved',
        blockId: removed.attrs!.id,
        blockType: 'goal',
        section: 'goals',
        label: '目标「平均首次响应由 18 秒缩短至 15 秒…」',
        summary: '从「目标设定」中删除 目标「平均首次响应由 18 秒缩短至 15 秒…」',
      },
    ])
  })

  it('reports a block dragged to another section as moved (with its edits), not removed and added', () => {
    const { before, after } = demoPair()
    const improvements = sectionOf(after, 'improvements')
    const [moved] = improvements.content!.splice(4, 1) // [0] is the heading
    moved!.attrs!.owner = '李娜'
    sectionOf(after, 'summary_outlook').content!.push(moved!)
    const changes = diff(before, after).filter((c) => c.kind !== 'kpiChanged')
    expect(changes).toEqual([
      {
        kind: 'blockMoved',
        blockId: moved!.attrs!.id,
        blockType: 'actionItem',
        section: 'summary_outlook',
        label: '行动 #4「建立话术季度复审机制，政策变更当天同步话…」',
        before: 'improvements',
        after: 'summary_outlook',
        summary: '行动 #4「建立话术季度复审机制，政策变更当天同步话…」 从「改进措施」移至「总结与展望」',
      },
      expect.objectContaining({ kind: 'fieldChanged', field: 'owner', before: '赵敏', after: '李娜', section: 'summary_outlook' }),
    ])
    const en = diffReports(withKpis(before), withKpis(after), 'en').changes[0]!
    expect(en.summary).toBe('Moved action #4 “建立话术季度复审机制，政策变更当天同步话…” from “改进措施” to “总结与展望”')
  })

  it('knows a table re-created around the same rows is the same table', () => {
    const { before, after } = demoPair()
    find(sectionOf(after, 'financials'), (n) => n.type === 'metricsTable').attrs!.id = 'new-table-id'
    expect(diff(before, after)).toEqual([])
  })

  it('moves a metric row between tables of different sections', () => {
    const { before, after } = demoPair()
    const fin = find(sectionOf(after, 'financials'), (n) => n.type === 'metricsTable')
    const stats = find(sectionOf(after, 'data_statistics'), (n) => n.type === 'metricsTable')
    const row = stats.content!.pop()!
    fin.content!.push(row)
    expect(diff(before, after).map((c) => [c.kind, c.label, c.section])).toEqual([['blockMoved', '指标「投诉率」', 'financials']])
  })

  it('reports an added section once, not once per block inside it', () => {
    const { before, after } = demoPair()
    after.content!.push(section('risks', '运营风险评估', p('大促后退货率可能继续上升。'), issue({ title: '退货率上升' })))
    const changes = diff(before, after).filter((c) => c.kind !== 'kpiChanged')
    expect(changes.map((c) => [c.kind, c.blockType, c.section, c.summary])).toEqual([
      ['blockAdded', 'reportSection', 'risks', '在「运营风险评估」中新增 章节「运营风险评估」'],
    ])
    // Removing it again is one removal.
    expect(diff(after, before).filter((c) => c.kind !== 'kpiChanged').map((c) => [c.kind, c.blockType])).toEqual([['blockRemoved', 'reportSection']])
  })

  it('reports a section title edit as a text change of the section', () => {
    const { before, after } = demoPair()
    sectionOf(after, 'market_trends').content![0]!.content![0]!.text = '市场与竞品趋势分析'
    expect(diff(before, after)).toEqual([
      expect.objectContaining({ kind: 'textChanged', blockType: 'reportSection', section: 'market_trends', label: '章节「市场与竞品趋势分析」', segments: [
        { op: 'equal', text: '市场' },
        { op: 'insert', text: '与竞品' },
        { op: 'equal', text: '趋势分析' },
      ] }),
    ])
  })

  it('reports feedback numbers, theme rows and the KPIs they change', () => {
    const { before, after } = demoPair()
    const fb = find(after, (n) => n.type === 'feedbackSummary')
    fb.attrs!.promoters = '4700'
    fb.content![3]!.attrs!.count = '380'
    const changes = diff(before, after)
    expect(changes.map((c) => c.summary)).toEqual([
      '客户反馈汇总 推荐者：4630 → 4700',
      '反馈主题「夜间等待时间长」 次数：295 → 380',
      'NPS：41.0 → 41.8',
    ])
    expect(changes[2]).toMatchObject({ kind: 'kpiChanged', field: 'summary.nps', label: 'NPS', before: '41.0', after: '41.8', section: 'data_statistics', blockType: 'kpiBlock' })
  })

  it('reports a KPI that appears when its inputs do, but not the KPIs of an added metric row', () => {
    const before = doc(section('data_statistics', '数据统计', metrics(metric({ id: 'r', key: 'revenue', name: '收入', current: '100' }))))
    const after = structuredClone(before)
    find(after, (n) => n.type === 'metricsTable').content!.push(metric({ id: 'c', key: 'cost', name: '成本', current: '60' }))
    const changes = diff(before, after)
    expect(changes.map((c) => [c.kind, c.label])).toEqual([
      ['blockAdded', '指标「成本」'],
      ['kpiChanged', '毛利率'],
    ])
    expect(changes[1]).toMatchObject({ before: '—', after: '40.0%' })
  })

  it('ignores what the server writes into KPI and trend blocks', () => {
    const before = doc(section('data_statistics', '数据统计', { type: 'kpiBlock', attrs: { id: 'k', scope: 'summary', values: '[]', computedAt: '1' } }, { type: 'trendChart', attrs: { id: 't', metricKey: 'fcr', months: '6', series: null } }))
    const after = structuredClone(before)
    Object.assign(find(after, (n) => n.attrs?.id === 'k').attrs!, { values: '[{"key":"x"}]', computedAt: '2' })
    const trend = find(after, (n) => n.attrs?.id === 't')
    trend.attrs!.series = '{"points":[]}'
    expect(diffReports({ content: before, kpis: [] }, { content: after, kpis: [] }, 'zh-CN').changes).toEqual([])
    trend.attrs!.months = '12'
    expect(diffReports({ content: before, kpis: [] }, { content: after, kpis: [] }, 'zh-CN').changes.map((c) => c.summary)).toEqual(['趋势图「fcr」 月数：6 → 12'])
  })

  it('reports the title above the first section and copes with blocks that lack ids', () => {
    const before = doc(h(1, '十月月报'), section('goals', '目标设定', { type: 'goal', attrs: { metricKey: 'fcr', status: 'planned' }, content: [p('提升 FCR')] }))
    const after = doc(h(1, '十月月报（修订）'), section('goals', '目标设定', { type: 'goal', attrs: { metricKey: 'fcr', status: 'met' }, content: [p('提升 FCR')] }))
    expect(diffReports({ content: before, kpis: [] }, { content: after, kpis: [] }, 'zh-CN').changes.map((c) => [c.kind, c.section, c.summary])).toEqual([
      ['textChanged', '', '标题「十月月报（修订）」 文字修改（+2 / −0 字）'],
      ['fieldChanged', 'goals', '目标「提升 FCR」 状态：计划中 → 已达成'],
    ])
  })

  it('copes with hostile or malformed content', () => {
    const odd = (v: string): JSONContent => ({
      type: 'doc',
      content: [
        { type: 'constructor', attrs: { id: 'x', toString: v } },
        { type: '__proto__', content: [{ type: 'text', text: v }] },
        { type: 'reportSection', attrs: { key: 'hasOwnProperty' }, content: [{ type: 'paragraph' }, { type: 'metricsTable', content: 'nope' as unknown as JSONContent[] }] },
        {},
      ],
    })
    const changes = diffReports({ content: odd('a'), kpis: [] }, { content: odd('b'), kpis: [] }, 'en').changes
    expect(changes.map((c) => [c.kind, c.blockType, (c as { field?: string }).field])).toEqual([
      ['fieldChanged', 'constructor', 'toString'],
      ['textChanged', '__proto__', undefined],
    ])
  })

  it('treats a duplicated id as no id rather than mixing two blocks up', () => {
    const a1 = action({ id: 'dup', owner: 'A' }, '甲')
    const a2 = action({ id: 'dup', owner: 'B' }, '乙')
    const before = doc(section('improvements', '改进措施', a1, a2))
    const after = structuredClone(before)
    after.content![0]!.content![2]!.attrs!.owner = 'C'
    expect(diffReports({ content: before, kpis: [] }, { content: after, kpis: [] }, 'zh-CN').changes.map((c) => c.summary)).toEqual(['行动 #2「乙」 负责人：B → C'])
  })
})

describe('diffReports on two 300-block versions', () => {
  /** 100 metric rows, 100 actions and 100 paragraphs; `edit` changes every tenth of each. */
  function bigReport(edit: boolean): JSONContent {
    const rows = Array.from({ length: 100 }, (_, i) =>
      metric({ id: `m${i}`, key: `k${i}`, name: `指标 ${i}`, unit: '%', current: String(edit && i % 10 === 0 ? 200 + i : 100 + i), previous: String(90 + i), target: String(95 + i) }),
    )
    const acts = Array.from({ length: 100 }, (_, i) =>
      action({ id: `a${i}`, owner: `负责人${i % 7}`, due: '2026-11-30', status: edit && i % 10 === 0 ? 'done' : 'doing' }, `第 ${i} 项措施：优化流程并复盘效果。`),
    )
    const paras = Array.from({ length: 100 }, (_, i) =>
      p(edit && i % 10 === 0 ? `第 ${i} 段：本月 service volume 上升，主要因为大促活动；夜班人手不足。` : `第 ${i} 段：本月服务量上升，主要因为大促活动。`),
    )
    // Moved: the first five actions go to the summary section in the edited version.
    const improvements = edit ? acts.slice(5) : acts
    const summary = edit ? [...paras.slice(50), ...acts.slice(0, 5)] : paras.slice(50)
    return doc(
      h(1, '大报告'),
      section('data_statistics', '数据统计', metrics(...rows), ...paras.slice(0, 50)),
      section('improvements', '改进措施', ...improvements),
      section('summary_outlook', '总结与展望', ...summary),
    )
  }

  it('finds exactly the edits, moves and text changes', () => {
    const before = withKpis(bigReport(false))
    const after = withKpis(bigReport(true))
    const { changes } = diffReports(before, after, 'zh-CN')
    const count = (kind: ReportChange['kind'], type?: string) => changes.filter((c) => c.kind === kind && (!type || c.blockType === type)).length
    expect(count('fieldChanged', 'metricRow')).toBe(10)
    expect(count('fieldChanged', 'actionItem')).toBe(10)
    expect(count('blockMoved', 'actionItem')).toBe(5)
    expect(count('textChanged', 'paragraph')).toBe(10)
    expect(count('blockAdded') + count('blockRemoved')).toBe(0)
    // Ten rows changed their current value (their MoM and attainment; all still met), ten actions were done.
    expect(count('kpiChanged')).toBe(10 * 2 + 1)
    expect(changes.filter((c) => c.kind === 'kpiChanged' && c.field.startsWith('summary.')).map((c) => c.summary)).toEqual(['本月行动完成率：0 / 100 → 10 / 100'])
    expect(changes).toHaveLength(10 + 10 + 5 + 10 + 21)
    const m = changes.find((c) => c.kind === 'fieldChanged' && c.blockId === 'm30')!
    expect(m.summary).toBe('指标「指标 30」 本月：130 → 230')
    const t = changes.find((c) => c.kind === 'textChanged' && c.label.startsWith('段落「第 60 段'))! as Extract<ReportChange, { kind: 'textChanged' }>
    expect(t.section).toBe('summary_outlook')
    expect(t.segments).toEqual([
      { op: 'equal', text: '第 60 段：本月' },
      { op: 'delete', text: '服务量' },
      { op: 'insert', text: ' service volume ' },
      { op: 'equal', text: '上升，主要因为大促活动' },
      { op: 'insert', text: '；夜班人手不足' },
      { op: 'equal', text: '。' },
    ])
    // Changes come in document order, the KPIs last.
    const firstKpi = changes.findIndex((c) => c.kind === 'kpiChanged')
    expect(changes.slice(firstKpi).every((c) => c.kind === 'kpiChanged')).toBe(true)
    expect(changes.slice(0, 3).map((c) => c.blockId)).toEqual(['m0', 'm10', 'm20'])
  })

  it('finds nothing between a big report and its copy', () => {
    const a = withKpis(bigReport(true))
    expect(diffReports(a, structuredClone(a), 'zh-CN').changes).toEqual([])
  })
})
