/**
 * The words exports and report diffs use, in the report's locale. One small
 * table rather than the client's message catalogue: exports and diffs run on
 * the server too, and a published file must read the same wherever it was
 * made. Values mirror the editor's labels (client/i18n/messages.ts) without
 * the UI-only symbols, so a reader recognises what they saw in the editor.
 * A report block's own words (noun, field names, value labels) are in its
 * folder (`schema/blocks/<block>/<name>Labels.ts`); this table holds the
 * rest: the document's words and the standard nodes'.
 */
import type { DerivedReason } from '../kpi/Derived'
import type { Locale } from '../templates/ReportTemplate'
import { blockDefinition } from '../blocks/blockRegistry'
import { capitalise, fieldNameOf, nounOf, valueLabelOf } from './blockLabelText'
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
  /** The noun of each standard node ("段落", "list"); report blocks have theirs in their folder (`<name>Labels.ts`). */
  nodes: Record<string, string>
  /** Field names of the standard nodes' attributes; unknown fields fall back to their attribute name. */
  nodeFields: Record<string, Record<string, string>>
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

const zh: ExportLabels = {
  locale: 'zh-CN',
  quote: (t) => `「${t}」`,
  colon: '：',
  empty: '—',
  header: { period: '期间', version: '版本', draft: '草稿（未发布）', publishedAt: '发布时间', publishedBy: '发布人', generatedFrom: '导出自运营服务月报' },
  nodes: {
    paragraph: '段落',
    heading: '标题',
    bulletList: '列表',
    orderedList: '编号列表',
    blockquote: '引用',
    codeBlock: '代码块',
    horizontalRule: '分隔线',
  },
  nodeFields: {
    heading: { level: '级别' },
  },
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
  nodes: {
    paragraph: 'paragraph',
    heading: 'heading',
    bulletList: 'list',
    orderedList: 'numbered list',
    blockquote: 'quote',
    codeBlock: 'code block',
    horizontalRule: 'divider',
  },
  nodeFields: {
    heading: { level: 'level' },
  },
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

/** The labels of a locale; an unknown locale reads as zh-CN, the report's first language. */
export function exportLabels(locale: string): ExportLabels {
  return locale === 'en' ? en : zh
}

/** The noun of a node type: a report block's from its labels, a standard node's from this table, else the type name itself. */
export function blockNoun(labels: ExportLabels, type: string): string {
  const block = blockDefinition(type)
  return block ? nounOf(block.labels, labels) : (own(labels.nodes, type) ?? type)
}

/** The readable name of a field of a node type. */
export function fieldName(labels: ExportLabels, type: string, field: string): string {
  const block = blockDefinition(type)
  return block ? fieldNameOf(block.labels, labels, field) : (own(own(labels.nodeFields, type), field) ?? field)
}

/**
 * A field value as people read it: enumerations (status, severity, sentiment,
 * direction) by the label their block gives them, anything else as stored, empty as "—".
 */
export const fieldValue = (labels: ExportLabels, type: string, field: string, value: string | null): string =>
  valueLabelOf(blockDefinition(type)?.labels, labels, field, value)
