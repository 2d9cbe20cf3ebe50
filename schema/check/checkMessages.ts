/**
 * The messages of the pre-publish check, by problem code, zh-CN first. They
 * live in the schema, not in the client's i18n table, because the server
 * renders them (publish refusals, exports) as well as the editor.
 *
 * Each message is a small template function: block and section names come
 * in already quoted (`「一次解决率」` / `"First-contact resolution"`, see
 * `quote`), so a message reads the same whichever block it names.
 */
import type { Locale } from '../templates/ReportTemplate'
import type { GoalGap } from '../blocks/goal/goalGaps'

type NoParams = Record<string, never>
type Message<P> = Record<Locale, (p: P) => string>
const m = <P>(zh: (p: P) => string, en: (p: P) => string): Message<P> => ({ 'zh-CN': zh, en })

export const checkMessages = {
  // Sections
  section_missing: m<{ section: string }>(
    (p) => `缺少必填章节${p.section}`,
    (p) => `Required section ${p.section} is missing`,
  ),
  section_empty: m<{ section: string }>(
    (p) => `${p.section}章节为空`,
    (p) => `Section ${p.section} is empty`,
  ),
  section_duplicate: m<{ section: string }>(
    (p) => `${p.section}章节重复出现，请合并为一个`,
    (p) => `Section ${p.section} appears more than once; merge it into one`,
  ),
  section_out_of_order: m<{ section: string; other: string; after: boolean }>(
    (p) => `${p.section}章节顺序与模板不一致，应放在${p.other}${p.after ? '之后' : '之前'}`,
    (p) => `Section ${p.section} is out of template order; move it ${p.after ? 'after' : 'before'} ${p.other}`,
  ),

  // Metrics table rows
  metric_key_missing: m<{ metric: string }>(
    (p) => `指标${p.metric}缺少指标键`,
    (p) => `Metric ${p.metric} has no key`,
  ),
  metric_key_duplicate: m<{ metric: string; key: string }>(
    (p) => `指标键「${p.key}」重复（指标${p.metric}），环比和 KPI 无法区分`,
    (p) => `Metric key "${p.key}" is used more than once (metric ${p.metric}); MoM and KPIs cannot tell the rows apart`,
  ),
  metric_name_missing: m<{ metric: string }>(
    (p) => `指标${p.metric}缺少指标名称`,
    (p) => `Metric ${p.metric} has no name`,
  ),
  metric_current_missing: m<{ metric: string }>(
    (p) => `指标${p.metric}缺少本月数值`,
    (p) => `Metric ${p.metric} has no value for this month`,
  ),
  metric_current_not_a_number: m<{ metric: string; value: string }>(
    (p) => `指标${p.metric}的本月数值${p.value}不是有效数字`,
    (p) => `This month's value ${p.value} of metric ${p.metric} is not a number`,
  ),
  metric_target_not_a_number: m<{ metric: string; value: string }>(
    (p) => `指标${p.metric}的目标值${p.value}不是有效数字`,
    (p) => `The target ${p.value} of metric ${p.metric} is not a number`,
  ),
  metric_previous_not_a_number: m<{ metric: string; value: string }>(
    (p) => `指标${p.metric}的上月数值${p.value}不是有效数字，无法计算环比`,
    (p) => `Last month's value ${p.value} of metric ${p.metric} is not a number, so there is no MoM change`,
  ),
  metric_direction_missing: m<{ metric: string }>(
    (p) => `指标${p.metric}设了目标，但未设置方向（越高越好 / 越低越好）`,
    (p) => `Metric ${p.metric} has a target but no direction (higher or lower is better)`,
  ),

  // Issues
  issue_title_missing: m<NoParams>(
    () => '有一个问题未填写标题',
    () => 'An issue has no title',
  ),
  issue_severity_missing: m<{ issue: string }>(
    (p) => `问题${p.issue}未设置严重程度`,
    (p) => `Issue ${p.issue} has no severity`,
  ),
  issue_owner_missing: m<{ issue: string; severity: string }>(
    (p) => `问题${p.issue}（严重程度：${p.severity}）缺少负责人`,
    (p) => `Issue ${p.issue} (severity ${p.severity}) has no owner`,
  ),
  issue_root_cause_missing: m<{ issue: string; severity: string }>(
    (p) => `问题${p.issue}（严重程度：${p.severity}）缺少根本原因分析`,
    (p) => `Issue ${p.issue} (severity ${p.severity}) has no root cause`,
  ),
  issue_no_action: m<{ issue: string; severity: string }>(
    (p) => `问题${p.issue}（严重程度：${p.severity}）没有关联的改进措施`,
    (p) => `Issue ${p.issue} (severity ${p.severity}) has no linked action`,
  ),

  // Action items
  action_text_empty: m<NoParams>(
    () => '有一个行动项未填写内容',
    () => 'An action item has no text',
  ),
  action_owner_missing: m<{ action: string }>(
    (p) => `行动项${p.action}缺少负责人`,
    (p) => `Action ${p.action} has no owner`,
  ),
  action_due_missing: m<{ action: string }>(
    (p) => `行动项${p.action}缺少截止日期`,
    (p) => `Action ${p.action} has no due date`,
  ),
  action_due_invalid: m<{ action: string; due: string }>(
    (p) => `行动项${p.action}的截止日期「${p.due}」不是有效日期（格式：YYYY-MM-DD）`,
    (p) => `The due date "${p.due}" of action ${p.action} is not a valid date (YYYY-MM-DD)`,
  ),
  action_due_outside_period: m<{ action: string; due: string; period: string }>(
    (p) => `行动项${p.action}的截止日期 ${p.due} 不在下个周期（${p.period}）内`,
    (p) => `Action ${p.action} is due ${p.due}, outside the next period (${p.period})`,
  ),
  action_carried_due_passed: m<{ action: string; due: string; period: string }>(
    (p) => `结转的行动项${p.action}截止日期 ${p.due} 已过，需重新设定截止日期（${p.period} 内）`,
    (p) => `Carried-over action ${p.action} was due ${p.due}, which has passed: set a new due date (in ${p.period})`,
  ),
  action_status_missing: m<{ action: string }>(
    (p) => `行动项${p.action}未设置状态`,
    (p) => `Action ${p.action} has no status`,
  ),

  // Goals
  goal_not_smart: m<{ goal: string; gaps: GoalGap[] }>(
    (p) => `目标${p.goal}不符合 SMART：${p.gaps.map((g) => goalGapText[g]['zh-CN']).join('、')}`,
    (p) => `Goal ${p.goal} is not SMART-complete: ${p.gaps.map((g) => goalGapText[g].en).join(', ')}`,
  ),

  // Customer feedback
  feedback_empty: m<NoParams>(
    () => '客户反馈汇总为空：请填写问卷、投诉数据或反馈总结',
    () => 'The feedback summary is empty: fill in survey or complaint figures, or the summary',
  ),
  feedback_not_a_number: m<{ field: string; value: string }>(
    (p) => `客户反馈中${p.field}的值「${p.value}」不是有效数字`,
    (p) => `${p.field} in the customer feedback is not a number: "${p.value}"`,
  ),
  feedback_negative: m<{ field: string; value: string }>(
    (p) => `客户反馈中${p.field}不能为负数（${p.value}）`,
    (p) => `${p.field} in the customer feedback cannot be negative (${p.value})`,
  ),
  feedback_total_missing: m<{ field: string; total: string }>(
    (p) => `客户反馈填写了${p.field}，但缺少${p.total}`,
    (p) => `The customer feedback gives ${p.field} but not ${p.total}`,
  ),
  feedback_segments_exceed_responses: m<{ sum: string; responses: string }>(
    (p) => `推荐者 + 中立者 + 贬损者（${p.sum}）超过了回收问卷数（${p.responses}）`,
    (p) => `Promoters + passives + detractors (${p.sum}) exceed the responses (${p.responses})`,
  ),
  feedback_resolved_exceed_complaints: m<{ resolved: string; complaints: string }>(
    (p) => `已解决投诉（${p.resolved}）超过了投诉数（${p.complaints}）`,
    (p) => `Resolved complaints (${p.resolved}) exceed the complaints (${p.complaints})`,
  ),
  feedback_csat_out_of_range: m<{ value: string }>(
    (p) => `满意度 CSAT「${p.value}」超出 0–100 的范围`,
    (p) => `CSAT "${p.value}" is outside 0–100`,
  ),

  // KPI blocks
  kpi_not_computed: m<NoParams>(
    () => 'KPI 指标卡尚未计算，请等待服务器计算完成后再发布',
    () => 'The KPI block has not been computed yet; wait for the server before publishing',
  ),
  kpi_stale: m<NoParams>(
    () => 'KPI 指标卡的数值已过期（计算后数据有改动），请等待服务器重新计算',
    () => 'The KPI block is out of date (the data changed after it was computed); wait for the server to recompute it',
  ),

  // Everything else
  block_outside_section: m<{ block: string }>(
    (p) => `${p.block}不在任何章节内（位于章节之后），请把它移入所属章节`,
    (p) => `${p.block} is outside every section (after a section); move it into the section it belongs to`,
  ),
  quarantined_content: m<{ type: string }>(
    (p) => `存在已隔离的未识别内容（原类型：${p.type}），请重新录入其中的信息后删除`,
    (p) => `Quarantined unknown content (was: ${p.type}); re-enter what it held, then delete it`,
  ),
  open_thread: m<{ section: string | null }>(
    (p) => (p.section ? `${p.section}章节有未解决的评论` : '有未解决的评论'),
    (p) => (p.section ? `Open comment thread in section ${p.section}` : 'Open comment thread'),
  ),
} satisfies Record<string, Message<never>>

export type CheckCode = keyof typeof checkMessages
export type CheckMessageParams<C extends CheckCode> = Parameters<(typeof checkMessages)[C]['en']>[0]

/** The message of a problem in a locale. */
export function checkMessage<C extends CheckCode>(code: C, locale: Locale, params: CheckMessageParams<C>): string {
  const render = checkMessages[code][locale] as (p: CheckMessageParams<C>) => string
  return render(params)
}

/** The parts of a SMART goal that `goal_not_smart` names. */
export const goalGapText: Record<GoalGap, Record<Locale, string>> = {
  metricKey: { 'zh-CN': '缺少指标', en: 'metric missing' },
  baseline: { 'zh-CN': '缺少基线值', en: 'baseline missing' },
  baselineNaN: { 'zh-CN': '基线值不是数字', en: 'baseline is not a number' },
  target: { 'zh-CN': '缺少目标值', en: 'target missing' },
  targetNaN: { 'zh-CN': '目标值不是数字', en: 'target is not a number' },
  direction: { 'zh-CN': '未设置方向', en: 'direction missing' },
  higher: { 'zh-CN': '目标值应高于基线', en: 'target should be above the baseline' },
  lower: { 'zh-CN': '目标值应低于基线', en: 'target should be below the baseline' },
  deadline: { 'zh-CN': '缺少截止日期', en: 'deadline missing' },
  deadlineInvalid: { 'zh-CN': '截止日期不是有效日期', en: 'deadline is not a valid date' },
  owner: { 'zh-CN': '缺少负责人', en: 'owner missing' },
}

/**
 * Fallbacks the messages use, per locale. Block nouns, field names and
 * severities come from the blocks' own labels (schema/blocks/<block>/<name>Labels.ts).
 */
export const checkLabels = {
  themeCount: { 'zh-CN': (theme: string) => `反馈主题${theme}的次数`, en: (theme: string) => `The count of feedback theme ${theme}` },
  /** A block outside every section, by its noun; other content (a paragraph) when there is none. */
  outside: {
    'zh-CN': (noun: string | undefined) => quote(noun ?? '一段内容', 'zh-CN'),
    en: (noun: string | undefined) => (noun ? `The ${noun} block` : 'Some content'),
  },
  untitled: {
    metric: { 'zh-CN': '（未命名指标）', en: '(unnamed metric)' },
    issue: { 'zh-CN': '（无标题）', en: '(untitled)' },
    action: { 'zh-CN': '（未填写内容）', en: '(no text)' },
    goal: { 'zh-CN': '（未填写目标）', en: '(no statement)' },
    theme: { 'zh-CN': '（未填写主题）', en: '(no text)' },
  },
} as const

/** A name as it appears inside a message: 「一次解决率」 in Chinese, "First-contact resolution" in English. */
export function quote(text: string, locale: Locale): string {
  return locale === 'zh-CN' ? `「${text}」` : `"${text}"`
}
