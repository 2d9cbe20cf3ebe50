/**
 * The words exports and report diffs use, in the report's locale. One small
 * table rather than the client's message catalogue: exports and diffs run on
 * the server too, and a published file must read the same wherever it was
 * made. Values mirror the editor's labels (client/i18n/messages.ts) without
 * the UI-only symbols, so a reader recognises what they saw in the editor.
 */
import type { DerivedReason } from '../kpi/Derived'
import type { Locale } from '../templates/ReportTemplate'
import { own } from './reportJson'

export interface ExportLabels {
  locale: Locale
  /** Wraps a name or excerpt in the locale's quotation marks. */
  quote: (text: string) => string
  /** Separator between a label and its value ("：" / ": "). */
  colon: string
  /** Shown for an empty field. */
  empty: string
  header: { period: string; version: string; draft: string; publishedAt: string; publishedBy: string; generatedFrom: string }
  /** The noun for each block type ("指标", "action"). */
  blocks: Record<string, string>
  /** Field names per block type; unknown fields fall back to their attribute name. */
  fields: Record<string, Record<string, string>>
  severity: Record<string, string>
  issueStatus: Record<string, string>
  actionStatus: Record<string, string>
  goalStatus: Record<string, string>
  sentiment: Record<string, string>
  direction: Record<string, string>
  metrics: { mom: string; attainment: string; met: string; missed: string }
  feedback: { nps: string; resolutionRate: string; themes: string; theme: string; summary: string }
  kpi: { formula: string; inputs: string; period: string; computedAt: string; pending: string; value: string }
  trend: { months: string; period: string; noData: string; draft: string }
  action: { carriedFrom: string; issue: string; missingIssue: string }
  quarantine: { title: string; help: string }
  /** The Word export's footer around its page fields: before + page + between + pages + after ("第 1 页 / 共 3 页"). */
  page: { before: string; between: string; after: string }
  notComputable: string
  reasons: Record<DerivedReason, string>
  /** Where blocks outside every section live (the title above the first section). */
  outsideSections: string
  diff: {
    added: (what: string, section: string) => string
    removed: (what: string, section: string) => string
    moved: (what: string, from: string, to: string) => string
    field: (what: string, field: string, before: string, after: string) => string
    text: (what: string, inserted: number, deleted: number) => string
    kpi: (label: string, before: string, after: string) => string
  }
}

/** First letter upper-case (a heading or table header in English; Chinese is unchanged). */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

const zh: ExportLabels = {
  locale: 'zh-CN',
  quote: (t) => `「${t}」`,
  colon: '：',
  empty: '—',
  header: { period: '期间', version: '版本', draft: '草稿（未发布）', publishedAt: '发布时间', publishedBy: '发布人', generatedFrom: '导出自运营服务月报' },
  blocks: {
    reportSection: '章节',
    metricsTable: '指标表',
    metricRow: '指标',
    issue: '问题',
    actionItem: '行动',
    goal: '目标',
    feedbackSummary: '客户反馈汇总',
    feedbackTheme: '反馈主题',
    kpiBlock: '关键指标（服务器计算）',
    trendChart: '趋势图',
    quarantine: '隔离内容',
    paragraph: '段落',
    heading: '标题',
    bulletList: '列表',
    orderedList: '编号列表',
    blockquote: '引用',
    codeBlock: '代码块',
    horizontalRule: '分隔线',
  },
  fields: {
    reportSection: { key: '章节键' },
    metricsTable: { title: '表标题' },
    metricRow: { key: '指标键', name: '指标', unit: '单位', current: '本月', previous: '上月', target: '目标', direction: '方向', source: '数据来源', definition: '口径', note: '备注' },
    issue: { title: '问题标题', severity: '严重程度', owner: '负责人', status: '状态', category: '分类', rootCause: '根本原因', description: '问题描述' },
    actionItem: { owner: '负责人', due: '截止日期', status: '状态', issueId: '关联问题', carriedFrom: '结转自' },
    goal: { metricKey: '指标', unit: '单位', baseline: '基线值', target: '目标值', direction: '方向', deadline: '截止日期', owner: '负责人', status: '状态' },
    feedbackSummary: { responses: '回收问卷', csat: '满意度 CSAT', promoters: '推荐者', passives: '中立者', detractors: '贬损者', complaints: '投诉数', complaintsResolved: '已解决投诉' },
    feedbackTheme: { sentiment: '倾向', channel: '渠道', count: '次数' },
    kpiBlock: { scope: '范围' },
    trendChart: { metricKey: '指标键', months: '月数' },
    quarantine: { originalType: '原类型', raw: '原始内容', quarantinedAt: '隔离时间' },
    heading: { level: '级别' },
  },
  severity: { critical: '严重', high: '高', medium: '中', low: '低' },
  issueStatus: { open: '待处理', monitoring: '观察中', resolved: '已解决' },
  actionStatus: { todo: '待办', doing: '进行中', done: '已完成', blocked: '受阻' },
  goalStatus: { planned: '计划中', on_track: '正常推进', at_risk: '有风险', met: '已达成', missed: '未达成' },
  sentiment: { positive: '正面', neutral: '中性', negative: '负面' },
  direction: { higher: '↑ 越高越好', lower: '↓ 越低越好' },
  metrics: { mom: '环比', attainment: '达成率', met: '已达成目标', missed: '未达成目标' },
  feedback: { nps: 'NPS', resolutionRate: '投诉解决率', themes: '反馈主题', theme: '主题', summary: '总结' },
  kpi: { formula: '公式', inputs: '输入', period: '期间', computedAt: '计算于', pending: '由服务器计算（待计算）', value: '值' },
  trend: { months: '月数', period: '期间', noData: '暂无已发布数据', draft: '本期草稿' },
  action: { carriedFrom: '结转自', issue: '关联问题', missingIssue: '（本文档中找不到该问题）' },
  quarantine: {
    title: '未识别的内容（已隔离）',
    help: '这段内容来自不兼容的客户端，未被删除；存在隔离内容时不能发布。',
  },
  page: { before: '第 ', between: ' 页 / 共 ', after: ' 页' },
  notComputable: '无法计算',
  reasons: { missing: '缺少数值', not_a_number: '不是有效数字', zero_divisor: '除数为零', no_target: '未设目标' },
  outsideSections: '文档开头',
  diff: {
    added: (what, section) => `在「${section}」中新增 ${what}`,
    removed: (what, section) => `从「${section}」中删除 ${what}`,
    moved: (what, from, to) => `${what} 从「${from}」移至「${to}」`,
    field: (what, field, before, after) => `${what} ${field}：${before} → ${after}`,
    text: (what, inserted, deleted) => `${what} 文字修改（+${inserted} / −${deleted} 字）`,
    kpi: (label, before, after) => `${label}：${before} → ${after}`,
  },
}

const en: ExportLabels = {
  locale: 'en',
  quote: (t) => `“${t}”`,
  colon: ': ',
  empty: '—',
  header: { period: 'Period', version: 'Version', draft: 'Draft (not published)', publishedAt: 'Published at', publishedBy: 'Published by', generatedFrom: 'Exported from the monthly operations report' },
  blocks: {
    reportSection: 'section',
    metricsTable: 'metrics table',
    metricRow: 'metric',
    issue: 'issue',
    actionItem: 'action',
    goal: 'goal',
    feedbackSummary: 'customer feedback summary',
    feedbackTheme: 'feedback theme',
    kpiBlock: 'KPIs (computed by the server)',
    trendChart: 'trend chart',
    quarantine: 'quarantined content',
    paragraph: 'paragraph',
    heading: 'heading',
    bulletList: 'list',
    orderedList: 'numbered list',
    blockquote: 'quote',
    codeBlock: 'code block',
    horizontalRule: 'divider',
  },
  fields: {
    reportSection: { key: 'section key' },
    metricsTable: { title: 'table title' },
    metricRow: { key: 'key', name: 'metric', unit: 'unit', current: 'this month', previous: 'last month', target: 'target', direction: 'direction', source: 'source', definition: 'definition', note: 'note' },
    issue: { title: 'title', severity: 'severity', owner: 'owner', status: 'status', category: 'category', rootCause: 'root cause', description: 'description' },
    actionItem: { owner: 'owner', due: 'due', status: 'status', issueId: 'fixes issue', carriedFrom: 'carried over from' },
    goal: { metricKey: 'metric', unit: 'unit', baseline: 'baseline', target: 'target', direction: 'direction', deadline: 'deadline', owner: 'owner', status: 'status' },
    feedbackSummary: { responses: 'responses', csat: 'CSAT', promoters: 'promoters', passives: 'passives', detractors: 'detractors', complaints: 'complaints', complaintsResolved: 'complaints resolved' },
    feedbackTheme: { sentiment: 'sentiment', channel: 'channel', count: 'mentions' },
    kpiBlock: { scope: 'scope' },
    trendChart: { metricKey: 'metric key', months: 'months' },
    quarantine: { originalType: 'original type', raw: 'raw content', quarantinedAt: 'quarantined at' },
    heading: { level: 'level' },
  },
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' },
  issueStatus: { open: 'Open', monitoring: 'Monitoring', resolved: 'Resolved' },
  actionStatus: { todo: 'To do', doing: 'Doing', done: 'Done', blocked: 'Blocked' },
  goalStatus: { planned: 'Planned', on_track: 'On track', at_risk: 'At risk', met: 'Met', missed: 'Missed' },
  sentiment: { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' },
  direction: { higher: '↑ Higher is better', lower: '↓ Lower is better' },
  metrics: { mom: 'MoM', attainment: 'Attainment', met: 'Target met', missed: 'Target missed' },
  feedback: { nps: 'NPS', resolutionRate: 'Complaint resolution rate', themes: 'Themes', theme: 'Theme', summary: 'Summary' },
  kpi: { formula: 'Formula', inputs: 'Inputs', period: 'Period', computedAt: 'Computed at', pending: 'Computed by the server (pending)', value: 'Value' },
  trend: { months: 'Months', period: 'Period', noData: 'No published data', draft: 'draft' },
  action: { carriedFrom: 'Carried over from', issue: 'Fixes issue', missingIssue: '(issue not in this document)' },
  quarantine: {
    title: 'Unrecognised content (quarantined)',
    help: 'This content came from an incompatible client and was kept, not deleted; a report with quarantined content cannot be published.',
  },
  page: { before: 'Page ', between: ' of ', after: '' },
  notComputable: 'Not computable',
  reasons: { missing: 'a value is missing', not_a_number: 'a value is not a number', zero_divisor: 'division by zero', no_target: 'no target set' },
  outsideSections: 'Top of the document',
  diff: {
    added: (what, section) => `Added ${what} in “${section}”`,
    removed: (what, section) => `Removed ${what} from “${section}”`,
    moved: (what, from, to) => `Moved ${what} from “${from}” to “${to}”`,
    field: (what, field, before, after) => `${capitalise(what)} ${field}: ${before} → ${after}`,
    text: (what, inserted, deleted) => `Edited the text of ${what} (+${inserted} / −${deleted} words)`,
    kpi: (label, before, after) => `${label}: ${before} → ${after}`,
  },
}

export const EXPORT_LABELS: Readonly<Record<Locale, ExportLabels>> = { 'zh-CN': zh, en }

/** The labels of a locale; an unknown locale reads as zh-CN, the report's first language. */
export function exportLabels(locale: string): ExportLabels {
  return locale === 'en' ? en : zh
}

/** The noun of a block type, or the type name itself when the table has none. */
export function blockNoun(labels: ExportLabels, type: string): string {
  return own(labels.blocks, type) ?? type
}

/** The noun of a block type as a heading or label ("Goal"). */
export const blockTitle = (labels: ExportLabels, type: string): string => capitalise(blockNoun(labels, type))

/** The readable name of a field as a heading or table header ("This month"). */
export const fieldTitle = (labels: ExportLabels, type: string, field: string): string => capitalise(fieldName(labels, type, field))

/** The readable name of a field of a block type. */
export function fieldName(labels: ExportLabels, type: string, field: string): string {
  return own(own(labels.fields, type), field) ?? field
}

/**
 * A field value as people read it: enumerations (status, severity, sentiment,
 * direction) by their label, anything else as stored, empty as "—".
 */
export function fieldValue(labels: ExportLabels, type: string, field: string, value: string | null): string {
  if (value == null || value === '') return labels.empty
  const table =
    field === 'direction'
      ? labels.direction
      : field === 'severity'
        ? labels.severity
        : field === 'sentiment'
          ? labels.sentiment
          : field === 'status'
            ? type === 'issue'
              ? labels.issueStatus
              : type === 'actionItem'
                ? labels.actionStatus
                : type === 'goal'
                  ? labels.goalStatus
                  : undefined
            : undefined
  return own(table, value) ?? value
}
