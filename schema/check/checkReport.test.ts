import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { demoReportContent } from '../../server/demo/demoReportContent'
import { action, doc, feedback, goal, h, issue, kpi, metric, metrics, p, quarantine, section, theme, trend, ul } from '../docBuilder'
import { reportSchema } from '../reportSchema'
import { buildReportContent } from '../templates/buildReportContent'
import { monthlyOps } from '../templates/monthlyOps'
import { CHECK_SEVERITY, checkReport, hasErrors, type CheckContext, type CheckProblem } from './checkReport'
import { checkMessages } from './checkMessages'
import { findNode, findNodes, withComputedKpis } from '../../test/helpers/reportJson'

const PERIOD = '2026-10'
const ctx: CheckContext = { template: monthlyOps, locale: 'zh-CN', period: PERIOD }

/** A section with a fixed id, so problems can be matched to it. */
const sec = (id: string, key: string, title: string, ...children: (JSONContent | string)[]): JSONContent => {
  const s = section(key, title, ...children)
  return { ...s, attrs: { ...s.attrs, id } }
}

/** The parts of a small report that passes the check; each test breaks one of them. */
const parts = () => ({
  highlights: sec('s-hl', 'highlights', '重要事件回顾', ul('国庆大促咨询量 41.2 万次。')),
  data: sec(
    's-data',
    'data_statistics',
    '数据统计',
    metrics(
      metric({ id: 'm-fcr', key: 'fcr', name: '一次解决率', unit: '%', current: '92.1', previous: '90.3', target: '92', direction: 'higher' }),
      metric({ id: 'm-fr', key: 'first_response', name: '平均首次响应', unit: '秒', current: '18', previous: '24', target: '20', direction: 'lower' }),
    ),
    kpi({ id: 'kpi-sum', scope: 'summary' }),
  ),
  problems: sec(
    's-prob',
    'problem_analysis',
    '问题分析',
    issue({ id: 'i-night', title: '夜间电话接通率偏低', severity: 'high', owner: '陈静', status: 'open', rootCause: '夜班编制不足' }, '夜间接通率 81%。'),
    issue({ id: 'i-script', title: '部分话术过时', severity: 'low', status: 'resolved' }, '已更新。'),
  ),
  improvements: sec('s-impr', 'improvements', '改进措施', action({ id: 'a-night', owner: '陈静', due: '2026-11-20', status: 'todo', issueId: 'i-night' }, '夜班增编 4 人。')),
  goals: sec(
    's-goals',
    'goals',
    '目标设定',
    goal({ id: 'g-fcr', metricKey: 'fcr', unit: '%', baseline: '92.1', target: '93.5', direction: 'higher', deadline: '2026-11-30', owner: '王磊' }, '一次解决率提升至 93.5%。'),
  ),
  feedback: sec(
    's-fb',
    'customer_feedback',
    '客户反馈',
    feedback(
      { id: 'fb', responses: '100', csat: '4.5', promoters: '50', passives: '30', detractors: '20', complaints: '10', complaintsResolved: '9' },
      [theme({ id: 't-wait', sentiment: 'negative', channel: '电话', count: '5' }, '夜间等待时间长')],
      '整体稳定。',
    ),
  ),
  summary: sec('s-sum', 'summary_outlook', '总结与展望', '上月目标达成 2 个。'),
})
type Parts = ReturnType<typeof parts>

/** The report from its parts in template order, with changes; `null` leaves a part out. */
function report(change: Partial<Record<keyof Parts, JSONContent | null>> = {}, ...extra: JSONContent[]): JSONContent {
  const all = { ...parts(), ...change }
  return doc(h(1, '2026年10月 运营服务月报'), ...Object.values(all).filter((s): s is JSONContent => s !== null), ...extra)
}

/** Checks a document; its KPI blocks are first filled as the server would, unless `kpis` is false. */
function check(json: JSONContent, opts: { kpis?: boolean; ctx?: Partial<CheckContext> } = {}): CheckProblem[] {
  const filled = opts.kpis === false ? json : withComputedKpis(json, PERIOD, 'zh-CN')
  return checkReport(reportSchema.nodeFromJSON(filled), { ...ctx, ...opts.ctx })
}
const withCode = (problems: CheckProblem[], code: string) => problems.filter((p) => p.code === code)
const codes = (problems: CheckProblem[]) => problems.map((p) => p.code)

describe('checkReport: the fixture', () => {
  it('passes a complete report without any problem', () => {
    expect(check(report())).toEqual([])
  })
})

describe('checkReport: a new report from the template', () => {
  const json = buildReportContent(monthlyOps, 'zh-CN', '2026年10月 运营服务月报')
  const problems = check(json, { kpis: false })
  const sectionId = (key: string) => findNode(json, 'reportSection', (n) => n.attrs?.key === key)!.attrs!.id as string

  it('cannot be published: errors with codes, blocks and sections', () => {
    expect(hasErrors(problems)).toBe(true)
    expect(new Set(codes(problems))).toEqual(
      new Set([
        'section_empty',
        'metric_current_missing',
        'kpi_not_computed',
        'issue_title_missing',
        'issue_owner_missing',
        'issue_root_cause_missing',
        'issue_no_action',
        'action_text_empty',
        'action_owner_missing',
        'action_due_missing',
        'goal_not_smart',
        'feedback_empty',
      ]),
    )
    for (const p of problems) {
      expect(p.severity).toBe('error')
      expect(p.blockId, p.code).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/))
      expect(p.section, p.code).toBeDefined()
    }
  })

  it('names the empty required section (summary_outlook only: the others start with a block)', () => {
    expect(withCode(problems, 'section_empty')).toEqual([
      { code: 'section_empty', severity: 'error', message: '「总结与展望」章节为空', blockId: sectionId('summary_outlook'), section: 'summary_outlook' },
    ])
  })

  it('points at every metric row without a value, in both metrics tables', () => {
    const rows = findNodes(json, 'metricRow')
    const missing = withCode(problems, 'metric_current_missing')
    expect(missing.map((p) => p.blockId)).toEqual(rows.map((r) => r.attrs!.id))
    expect(missing.find((p) => p.blockId === rows[3]!.attrs!.id)!.message).toBe('指标「一次解决率」缺少本月数值')
    expect(new Set(missing.map((p) => p.section))).toEqual(new Set(['data_statistics', 'financials']))
  })

  it('points at the unfilled issue, action, goal, feedback and KPI blocks', () => {
    const id = (type: string) => findNode(json, type)!.attrs!.id
    expect(withCode(problems, 'issue_no_action')[0]).toMatchObject({ blockId: id('issue'), section: 'problem_analysis' })
    expect(withCode(problems, 'action_due_missing')[0]).toMatchObject({ blockId: id('actionItem'), section: 'improvements' })
    expect(withCode(problems, 'goal_not_smart')[0]).toMatchObject({
      blockId: id('goal'),
      section: 'goals',
      message: '目标（未填写目标）不符合 SMART：缺少指标、缺少基线值、缺少目标值、缺少截止日期、缺少负责人',
    })
    expect(withCode(problems, 'feedback_empty')[0]).toMatchObject({ blockId: id('feedbackSummary'), section: 'customer_feedback' })
    expect(withCode(problems, 'kpi_not_computed')[0]).toMatchObject({ blockId: id('kpiBlock'), section: 'data_statistics' })
  })
})

describe('checkReport: the demo report (2026-10)', () => {
  const demo = demoReportContent()

  it('has no problem at all once the server has computed its KPI blocks', () => {
    const problems = checkReport(reportSchema.nodeFromJSON(withComputedKpis(demo, PERIOD, 'zh-CN')), ctx)
    expect(problems).toEqual([])
  })

  it('has only kpi_not_computed before its KPI blocks are computed', () => {
    const problems = checkReport(reportSchema.nodeFromJSON(demo), ctx)
    const kpiIds = findNodes(demo, 'kpiBlock').map((n) => n.attrs!.id)
    expect(kpiIds.length).toBeGreaterThan(0)
    expect(problems.map((p) => [p.code, p.blockId])).toEqual(kpiIds.map((id) => ['kpi_not_computed', id]))
  })
})

describe('checkReport: sections', () => {
  it('section_missing: a required section that is not there (optional ones may be left out)', () => {
    const problems = check(report({ goals: null, highlights: null }))
    expect(problems).toEqual([{ code: 'section_missing', severity: 'error', message: '缺少必填章节「目标设定」', section: 'goals' }])
  })

  it('section_empty: only blank paragraphs and headings; any text or block is content', () => {
    const blank = sec('s-sum', 'summary_outlook', '总结与展望', '  ', h(3, '下月计划'), p({ type: 'hardBreak' }))
    expect(withCode(check(report({ summary: blank })), 'section_empty')).toEqual([
      { code: 'section_empty', severity: 'error', message: '「总结与展望」章节为空', blockId: 's-sum', section: 'summary_outlook' },
    ])
    expect(check(report({ summary: sec('s-sum', 'summary_outlook', '总结与展望', '', ul('双十一保障')) }))).toEqual([])
    // An empty optional section is allowed.
    expect(check(report({ highlights: sec('s-hl', 'highlights', '重要事件回顾') }))).toEqual([])
  })

  it('section_duplicate: the second section with a key already used', () => {
    const again = sec('s-goals-2', 'goals', '目标设定', '重复的目标章节')
    const problems = check(report({}, again))
    expect(withCode(problems, 'section_duplicate')).toEqual([
      { code: 'section_duplicate', severity: 'error', message: '「目标设定」章节重复出现，请合并为一个', blockId: 's-goals-2', section: 'goals' },
    ])
  })

  it('section_out_of_order: names only the section moved out of place', () => {
    const { summary, ...rest } = parts()
    const moved = doc(h(1, 'T'), summary, ...Object.values(rest))
    expect(check(moved)).toEqual([
      {
        code: 'section_out_of_order',
        severity: 'error',
        message: '「总结与展望」章节顺序与模板不一致，应放在「客户反馈」之后',
        blockId: 's-sum',
        section: 'summary_outlook',
      },
    ])
  })

  it('section_out_of_order: says "before" when nothing in order comes earlier in the template', () => {
    const { highlights, ...rest } = parts()
    const moved = doc(h(1, 'T'), ...Object.values(rest), highlights)
    expect(check(moved).map((p) => p.message)).toEqual(['「重要事件回顾」章节顺序与模板不一致，应放在「数据统计」之前'])
  })

  it('lets optional and unknown sections go anywhere', () => {
    const risks = sec('s-risk', 'risks', '运营风险评估', '双十一流量风险。')
    const custom = sec('s-x', 'team_own', '我们自己的章节', '内容')
    const { highlights, data, ...rest } = parts()
    expect(check(doc(h(1, 'T'), risks, highlights, custom, data, ...Object.values(rest)))).toEqual([])
  })
})

describe('checkReport: metrics rows', () => {
  const withRows = (...rows: JSONContent[]) => report({ data: sec('s-data', 'data_statistics', '数据统计', metrics(...rows)) })

  it('metric_current_missing / metric_current_not_a_number', () => {
    const problems = check(withRows(metric({ id: 'r1', key: 'fcr', name: '一次解决率', current: ' ' }), metric({ id: 'r2', key: 'csat', name: '客户满意度', current: '4.5分？' })))
    expect(problems).toEqual([
      { code: 'metric_current_missing', severity: 'error', message: '指标「一次解决率」缺少本月数值', blockId: 'r1', section: 'data_statistics' },
      { code: 'metric_current_not_a_number', severity: 'error', message: '指标「客户满意度」的本月数值「4.5分？」不是有效数字', blockId: 'r2', section: 'data_statistics' },
    ])
  })

  it('accepts numbers as people type them', () => {
    expect(check(withRows(metric({ id: 'r1', key: 'v', name: '服务量', current: '1,286,000' }), metric({ id: 'r2', key: 'p', name: '留存', current: '６８．４%' })))).toEqual([])
  })

  it('metric_direction_missing: only a row with a target needs a direction', () => {
    const problems = check(withRows(metric({ id: 'r1', key: 'fcr', name: '一次解决率', current: '92', target: '93', direction: null }), metric({ id: 'r2', key: 'x', name: '无目标', current: '1', direction: null })))
    expect(problems).toEqual([
      { code: 'metric_direction_missing', severity: 'error', message: '指标「一次解决率」设了目标，但未设置方向（越高越好 / 越低越好）', blockId: 'r1', section: 'data_statistics' },
    ])
  })

  it('metric_target_not_a_number', () => {
    expect(codes(check(withRows(metric({ id: 'r1', key: 'fcr', name: '一次解决率', current: '92', target: '九十' }))))).toEqual(['metric_target_not_a_number'])
  })

  it('metric_key_missing / metric_name_missing', () => {
    const problems = check(withRows(metric({ id: 'r1', name: '一次解决率', current: '92' }), metric({ id: 'r2', key: 'csat', current: '4.5' }), metric({ id: 'r3', current: '1' })))
    expect(problems.map((p) => [p.code, p.blockId, p.message])).toEqual([
      ['metric_key_missing', 'r1', '指标「一次解决率」缺少指标键'],
      ['metric_name_missing', 'r2', '指标「csat」缺少指标名称'],
      ['metric_key_missing', 'r3', '指标（未命名指标）缺少指标键'],
      ['metric_name_missing', 'r3', '指标（未命名指标）缺少指标名称'],
    ])
  })

  it('metric_key_duplicate: the second row with a key, also across tables', () => {
    const json = report({
      data: sec('s-data', 'data_statistics', '数据统计', metrics(metric({ id: 'r1', key: 'fcr', name: '一次解决率', current: '92' }))),
      summary: sec('s-sum', 'summary_outlook', '总结与展望', metrics(metric({ id: 'r2', key: 'fcr', name: '一次解决率（复核）', current: '91' }))),
    })
    expect(check(json)).toEqual([
      {
        code: 'metric_key_duplicate',
        severity: 'error',
        message: '指标键「fcr」重复（指标「一次解决率（复核）」），环比和 KPI 无法区分',
        blockId: 'r2',
        section: 'summary_outlook',
      },
    ])
  })

  it('metric_previous_not_a_number is a warning: only the MoM figure is lost', () => {
    const problems = check(withRows(metric({ id: 'r1', key: 'fcr', name: '一次解决率', current: '92', previous: 'n/a' })))
    expect(problems).toMatchObject([{ code: 'metric_previous_not_a_number', severity: 'warning', blockId: 'r1' }])
    expect(hasErrors(problems)).toBe(false)
  })
})

describe('checkReport: issues', () => {
  const withIssues = (...issues: JSONContent[]) =>
    report({ problems: sec('s-prob', 'problem_analysis', '问题分析', ...issues, parts().problems.content![1]!) })

  it('issue_owner_missing / issue_root_cause_missing / issue_no_action for medium and above', () => {
    const problems = check(withIssues(issue({ id: 'i-new', title: '退换货咨询积压', severity: 'medium' }, '积压 1.1 万单。')))
    expect(problems.map((p) => [p.code, p.blockId, p.section, p.message])).toEqual([
      ['issue_owner_missing', 'i-new', 'problem_analysis', '问题「退换货咨询积压」（严重程度：中）缺少负责人'],
      ['issue_root_cause_missing', 'i-new', 'problem_analysis', '问题「退换货咨询积压」（严重程度：中）缺少根本原因分析'],
      ['issue_no_action', 'i-new', 'problem_analysis', '问题「退换货咨询积压」（严重程度：中）没有关联的改进措施'],
    ])
  })

  it('asks nothing of a low-severity issue but its title', () => {
    expect(check(withIssues(issue({ id: 'i-low', title: '小问题', severity: 'low' })))).toEqual([])
  })

  it('counts an action anywhere in the report as linked, carried over or not', () => {
    const critical = issue({ id: 'i-crit', title: '支付故障', severity: 'critical', owner: '刘洋', rootCause: '通道切换失败' })
    const linked = action({ id: 'a-c', owner: '刘洋', due: '2026-11-05', status: 'doing', issueId: 'i-crit', carriedFrom: 'east-cs/2026-09' }, '双通道热备。')
    expect(check(report({ problems: sec('s-prob', 'problem_analysis', '问题分析', critical) }, sec('s-other', 'other', '其他重要事项', linked)))).toEqual([])
  })

  it('issue_title_missing / issue_severity_missing', () => {
    const problems = check(withIssues(issue({ id: 'i-x', title: '', severity: null }, '描述')))
    expect(problems.map((p) => [p.code, p.blockId, p.message])).toEqual([
      ['issue_title_missing', 'i-x', '有一个问题未填写标题'],
      ['issue_severity_missing', 'i-x', '问题（无标题）未设置严重程度'],
    ])
  })
})

describe('checkReport: action items', () => {
  const withAction = (attrs: Record<string, string | null>, text = '夜班增编 4 人。') =>
    report({
      improvements: sec(
        's-impr',
        'improvements',
        '改进措施',
        parts().improvements.content![1]!,
        action({ id: 'a-x', owner: '赵敏', due: '2026-11-10', status: 'todo', ...attrs }, text),
      ),
    })

  it('action_owner_missing / action_text_empty / action_status_missing', () => {
    expect(check(withAction({ owner: ' ' })).map((p) => [p.code, p.blockId, p.section, p.message])).toEqual([
      ['action_owner_missing', 'a-x', 'improvements', '行动项「夜班增编 4 人。」缺少负责人'],
    ])
    expect(codes(check(withAction({}, '')))).toEqual(['action_text_empty'])
    expect(codes(check(withAction({ status: null })))).toEqual(['action_status_missing'])
    expect(codes(check(withAction({ status: 'postponed' })))).toEqual(['action_status_missing'])
  })

  it('action_due_missing / action_due_invalid', () => {
    expect(codes(check(withAction({ due: null })))).toEqual(['action_due_missing'])
    expect(check(withAction({ due: '2026-11-31' }))[0]!.message).toBe('行动项「夜班增编 4 人。」的截止日期「2026-11-31」不是有效日期（格式：YYYY-MM-DD）')
    expect(codes(check(withAction({ due: '11月20日' })))).toEqual(['action_due_invalid'])
  })

  it('action_due_outside_period: due in the next period only, not in the report’s own', () => {
    expect(check(withAction({ due: '2026-10-31' }))).toEqual([
      {
        code: 'action_due_outside_period',
        severity: 'error',
        message: '行动项「夜班增编 4 人。」的截止日期 2026-10-31 不在下个周期（2026-11）内',
        blockId: 'a-x',
        section: 'improvements',
      },
    ])
    expect(codes(check(withAction({ due: '2026-12-01' })))).toEqual(['action_due_outside_period'])
    expect(check(withAction({ due: '2026-11-30' }))).toEqual([])
  })

  it('asks a carried-over action whose due date has passed for a new date, and holds it to the same due rule', () => {
    expect(check(withAction({ carriedFrom: 'east-cs/2026-09', due: '2026-10-15' }))).toEqual([
      {
        code: 'action_carried_due_passed',
        severity: 'error',
        message: '结转的行动项「夜班增编 4 人。」截止日期 2026-10-15 已过，需重新设定截止日期（2026-11 内）',
        blockId: 'a-x',
        section: 'improvements',
      },
    ])
    expect(codes(check(withAction({ carriedFrom: 'east-cs/2026-09', due: '2026-12-15' })))).toEqual(['action_due_outside_period'])
    expect(codes(check(withAction({ due: '2026-10-15' })))).toEqual(['action_due_outside_period'])
    expect(check(withAction({ carriedFrom: 'east-cs/2026-09', due: '2026-11-15' }))).toEqual([])
  })

  it('rolls the next period over the year', () => {
    const json = report({
      improvements: sec('s-impr', 'improvements', '改进措施', action({ id: 'a-night', owner: '陈静', due: '2027-01-08', status: 'todo', issueId: 'i-night' }, '年初复盘。')),
      goals: sec('s-goals', 'goals', '目标设定', goal({ metricKey: 'fcr', baseline: '92', target: '93', deadline: '2027-01-31', owner: '王磊' }, '…')),
    })
    expect(checkReport(reportSchema.nodeFromJSON(withComputedKpis(json, '2026-12', 'zh-CN')), { ...ctx, period: '2026-12' })).toEqual([])
  })

  it('refuses a period that is not a month instead of passing every due date', () => {
    expect(() => checkReport(reportSchema.nodeFromJSON(report()), { ...ctx, period: '2026-13' })).toThrow(RangeError)
  })
})

describe('checkReport: goals', () => {
  const withGoal = (attrs: Record<string, string | null>, statement = '满意度由 4.52 提升至 4.60。') =>
    report({ goals: sec('s-goals', 'goals', '目标设定', goal({ id: 'g-x', metricKey: 'csat', baseline: '4.52', target: '4.60', direction: 'higher', deadline: '2026-11-30', owner: '赵敏', ...attrs }, statement)) })

  it('goal_not_smart: names every missing part', () => {
    expect(check(withGoal({ target: '4.40', deadline: null, owner: null }))).toEqual([
      {
        code: 'goal_not_smart',
        severity: 'error',
        message: '目标「满意度由 4.52 提升至 4.60。」不符合 SMART：目标值应高于基线、缺少截止日期、缺少负责人',
        blockId: 'g-x',
        section: 'goals',
      },
    ])
    expect(check(withGoal({ direction: 'lower', target: 'abc', deadline: '2026-11-31' }, ''))[0]!.message).toBe(
      '目标「csat」不符合 SMART：目标值不是数字、截止日期不是有效日期',
    )
  })

  it('accepts a lower-is-better goal with a lower target', () => {
    expect(check(withGoal({ metricKey: 'first_response', baseline: '18', target: '15', direction: 'lower' }))).toEqual([])
  })
})

describe('checkReport: customer feedback', () => {
  const withFeedback = (attrs: Record<string, string | null>, themes: JSONContent[] = [], text = '整体稳定。') =>
    report({
      feedback: sec(
        's-fb',
        'customer_feedback',
        '客户反馈',
        feedback({ id: 'fb', responses: '100', csat: '4.5', promoters: '50', passives: '30', detractors: '20', complaints: '10', complaintsResolved: '9', ...attrs }, themes, text),
      ),
    })

  it('feedback_segments_exceed_responses', () => {
    expect(check(withFeedback({ passives: '31' }))).toEqual([
      {
        code: 'feedback_segments_exceed_responses',
        severity: 'error',
        message: '推荐者 + 中立者 + 贬损者（101）超过了回收问卷数（100）',
        blockId: 'fb',
        section: 'customer_feedback',
      },
    ])
    // Fewer answered the NPS question than the survey: fine.
    expect(check(withFeedback({ passives: null }))).toEqual([])
  })

  it('feedback_resolved_exceed_complaints', () => {
    expect(check(withFeedback({ complaintsResolved: '11' })).map((p) => p.message)).toEqual(['已解决投诉（11）超过了投诉数（10）'])
  })

  it('feedback_total_missing: parts given without their whole', () => {
    expect(check(withFeedback({ responses: null, complaints: null })).map((p) => [p.code, p.message])).toEqual([
      ['feedback_total_missing', '客户反馈填写了「推荐者」、「中立者」、「贬损者」，但缺少「回收问卷」'],
      ['feedback_total_missing', '客户反馈填写了「已解决投诉」，但缺少「投诉数」'],
    ])
  })

  it('feedback_negative / feedback_not_a_number, also of a theme count', () => {
    const problems = check(withFeedback({ detractors: '-2', complaints: '十' }, [theme({ id: 't-1', count: '-3' }, '等待时间长')]))
    expect(problems.map((p) => [p.code, p.blockId, p.message])).toEqual([
      ['feedback_negative', 'fb', '客户反馈中「贬损者」不能为负数（-2）'],
      ['feedback_not_a_number', 'fb', '客户反馈中「投诉数」的值「十」不是有效数字'],
      ['feedback_negative', 't-1', '客户反馈中反馈主题「等待时间长」的次数不能为负数（-3）'],
    ])
  })

  it('feedback_csat_out_of_range: a score or a percentage, never above 100', () => {
    expect(codes(check(withFeedback({ csat: '452' })))).toEqual(['feedback_csat_out_of_range'])
    expect(codes(check(withFeedback({ csat: '120%' })))).toEqual(['feedback_csat_out_of_range'])
    expect(check(withFeedback({ csat: '86%' }))).toEqual([])
    expect(check(withFeedback({ csat: '86' }))).toEqual([])
  })

  it('feedback_empty: no figures, no themes, no text', () => {
    const empty = Object.fromEntries(['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'].map((f) => [f, null]))
    expect(check(withFeedback(empty, [], '')).map((p) => [p.code, p.blockId])).toEqual([['feedback_empty', 'fb']])
    // Text alone is a summary: not empty, and no figures to be inconsistent.
    expect(check(withFeedback(empty, [], '本月未做问卷，访谈 12 位客户。'))).toEqual([])
  })
})

describe('checkReport: KPI blocks', () => {
  it('kpi_not_computed: a KPI block without values', () => {
    expect(check(report(), { kpis: false })).toEqual([
      { code: 'kpi_not_computed', severity: 'error', message: 'KPI 指标卡尚未计算，请等待服务器计算完成后再发布', blockId: 'kpi-sum', section: 'data_statistics' },
    ])
  })

  it('kpi_stale: an input changed after the values were computed', () => {
    const computed = withComputedKpis(report(), PERIOD, 'zh-CN')
    const row = findNode(computed, 'metricRow', (n) => n.attrs?.id === 'm-fcr')!
    row.attrs = { ...row.attrs, current: '80' } // fcr now misses its target: "metrics met" is 1 / 2, not 2 / 2
    expect(check(computed, { kpis: false })).toEqual([
      {
        code: 'kpi_stale',
        severity: 'error',
        message: 'KPI 指标卡的数值已过期（计算后数据有改动），请等待服务器重新计算',
        blockId: 'kpi-sum',
        section: 'data_statistics',
      },
    ])
  })

  it('checks a metric-scoped KPI block against that metric only', () => {
    const json = report({}, sec('s-other', 'other', '其他重要事项', kpi({ id: 'kpi-fcr', scope: 'fcr' })))
    expect(check(json)).toEqual([])
    const computed = withComputedKpis(json, PERIOD, 'zh-CN')
    findNode(computed, 'metricRow', (n) => n.attrs?.id === 'm-fcr')!.attrs!.previous = '80'
    expect(check(computed, { kpis: false }).map((p) => [p.code, p.blockId])).toEqual([['kpi_stale', 'kpi-fcr']])
  })
})

describe('checkReport: content outside every section (issue 14)', () => {
  it('block_outside_section: a block or text after the last section is an error; an empty paragraph is not', () => {
    const stray = report({}, trend({ id: 't-stray', metricKey: 'fcr' }), p(), p('散落的文字'))
    expect(check(stray)).toEqual([
      {
        code: 'block_outside_section',
        severity: 'error',
        message: '「趋势图」不在任何章节内（位于章节之后），请把它移入所属章节',
        blockId: 't-stray',
      },
      { code: 'block_outside_section', severity: 'error', message: '「一段内容」不在任何章节内（位于章节之后），请把它移入所属章节' },
    ])
    expect(check(stray, { ctx: { locale: 'en' } })[0]!.message).toBe(
      'The trend chart block is outside every section (after a section); move it into the section it belongs to',
    )
  })
})

describe('checkReport: quarantine and comment threads', () => {
  it('quarantined_content is an error', () => {
    const q = quarantine({ id: 'q-1', originalType: 'legacyTable', raw: '<legacyTable/>' })
    expect(check(report({}, sec('s-other', 'other', '其他重要事项', q)))).toEqual([
      {
        code: 'quarantined_content',
        severity: 'error',
        message: '存在已隔离的未识别内容（原类型：legacyTable），请重新录入其中的信息后删除',
        blockId: 'q-1',
        section: 'other',
      },
    ])
  })

  it('open_thread: a warning by default, in the section of its block', () => {
    const problems = check(report(), { ctx: { openThreads: [{ id: 'th-1', blockId: 'm-fcr' }, { id: 'th-2', blockId: null }, { id: 'th-3', blockId: 'gone' }] } })
    expect(problems).toEqual([
      { code: 'open_thread', severity: 'warning', message: '「数据统计」章节有未解决的评论', blockId: 'm-fcr', section: 'data_statistics' },
      { code: 'open_thread', severity: 'warning', message: '有未解决的评论' },
      { code: 'open_thread', severity: 'warning', message: '有未解决的评论', blockId: 'gone' },
    ])
    expect(hasErrors(problems)).toBe(false)
  })

  it('open_thread: an error when the template says so', () => {
    const problems = check(report(), { ctx: { openThreads: [{ id: 'th-1', blockId: 's-goals' }], openThreadSeverity: 'error' } })
    expect(problems).toMatchObject([{ code: 'open_thread', severity: 'error', blockId: 's-goals', section: 'goals' }])
    expect(hasErrors(problems)).toBe(true)
  })
})

describe('checkReport: messages in English', () => {
  it('writes every message in the locale of the context', () => {
    const json = buildReportContent(monthlyOps, 'en', 'October 2026')
    const problems = check(json, { kpis: false, ctx: { locale: 'en', openThreads: [{ id: 't', blockId: null }] } })
    const messages = problems.map((p) => p.message)
    expect(messages).toContain('Section "Summary and outlook" is empty')
    expect(messages).toContain('Metric "First-contact resolution" has no value for this month')
    expect(messages).toContain('Goal (no statement) is not SMART-complete: metric missing, baseline missing, target missing, deadline missing, owner missing')
    expect(messages).toContain('The KPI block has not been computed yet; wait for the server before publishing')
    expect(messages).toContain('Open comment thread')
    for (const m of messages) expect(m).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('names sections by the template title in the locale, whatever the heading says', () => {
    const problems = check(report({ goals: null }), { ctx: { locale: 'en' } })
    expect(problems.map((p) => p.message)).toEqual(['Required section "Goals" is missing'])
  })
})

describe('hasErrors and the code tables', () => {
  it('is true only with an error', () => {
    expect(hasErrors([])).toBe(false)
    expect(hasErrors([{ code: 'open_thread', severity: 'warning', message: '' }])).toBe(false)
    expect(hasErrors([{ code: 'open_thread', severity: 'warning', message: '' }, { code: 'section_empty', severity: 'error', message: '' }])).toBe(true)
  })

  it('gives every code a severity (but open_thread, set by the context) and snake_case', () => {
    expect(Object.keys(CHECK_SEVERITY).sort()).toEqual(Object.keys(checkMessages).filter((c) => c !== 'open_thread').sort())
    for (const code of Object.keys(checkMessages)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/)
  })
})
