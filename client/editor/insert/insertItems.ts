/**
 * What the "/" menu and the insert toolbar offer: every report block, the
 * basic nodes, and the sections of the report's template that the document
 * does not have yet. Content comes from the schema's document builders, so
 * every insert carries fresh block ids.
 */
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { action, feedback, goal, h, issue, kpi, metric, metrics, p, trend, ul } from '@schema/docBuilder'
import type { Locale, ReportTemplate, TemplateSection } from '@schema/templates/ReportTemplate'
import { buildSectionContent } from '@schema/templates/buildReportContent'
import { messages, type MessageKey } from '../../i18n/messages'

export type InsertGroup = 'blocks' | 'basic' | 'sections'

export interface InsertItem {
  /** Stable key: the node type (`metricsTable`) or `section-<key>`; test ids use it. */
  key: string
  group: InsertGroup
  /** Shown in the menu, in the UI locale. */
  label: Record<Locale, string>
  /** One line on what the block is for. */
  detail: Record<Locale, string>
  /** Lower-case words the "/" filter also matches (the labels match too). */
  keywords: readonly string[]
  /** `block`: at the cursor; `section`: at the top level, after the section holding the cursor. */
  placement: 'block' | 'section'
  /** New content, with new ids, in the report's content locale. */
  build: (contentLocale: Locale) => JSONContent
}

const both = (key: MessageKey): Record<Locale, string> => ({ 'zh-CN': messages['zh-CN'][key], en: messages.en[key] })

type BlockKey = 'metricsTable' | 'issue' | 'actionItem' | 'goal' | 'feedbackSummary' | 'kpiBlock' | 'trendChart'
type BasicKey = 'paragraph' | 'heading' | 'bulletList' | 'orderedList'

function item(
  key: BlockKey | BasicKey,
  group: 'blocks' | 'basic',
  keywords: string[],
  build: () => JSONContent,
): InsertItem {
  return {
    key,
    group,
    label: both(`insert.block.${key}`),
    detail: both(`insert.detail.${key}`),
    keywords,
    placement: 'block',
    build,
  }
}

/** The report blocks and basic nodes, in menu order. */
export const blockInsertItems: readonly InsertItem[] = [
  item('metricsTable', 'blocks', ['metric', 'metrics', 'table', 'data'], () => metrics(metric({}))),
  item('issue', 'blocks', ['issue', 'problem', 'root cause'], () => issue({})),
  item('actionItem', 'blocks', ['action', 'todo', 'task', 'improvement'], () => action({})),
  item('goal', 'blocks', ['goal', 'target', 'smart', 'objective'], () => goal({})),
  item('feedbackSummary', 'blocks', ['feedback', 'customer', 'nps', 'csat', 'survey', 'complaint'], () => feedback({}, [])),
  item('kpiBlock', 'blocks', ['kpi', 'summary', 'card'], () => kpi()),
  item('trendChart', 'blocks', ['trend', 'chart', 'graph', 'history'], () => trend()),
  item('paragraph', 'basic', ['paragraph', 'text'], () => p()),
  item('heading', 'basic', ['heading', 'title', 'h3'], () => h(3, '')),
  item('bulletList', 'basic', ['list', 'bullet', 'ul'], () => ul('')),
  item('orderedList', 'basic', ['list', 'numbered', 'ordered', 'ol'], () => ({
    type: 'orderedList',
    content: [{ type: 'listItem', content: [p()] }],
  })),
]

function sectionItem(tpl: TemplateSection): InsertItem {
  return {
    key: `section-${tpl.key}`,
    group: 'sections',
    label: tpl.title,
    detail: tpl.hint,
    keywords: ['section', tpl.key, tpl.key.replace(/_/g, ' ')],
    placement: 'section',
    build: (locale) => buildSectionContent(tpl, locale),
  }
}

/** Keys of the top-level sections `doc` has. */
export function presentSectionKeys(doc: PMNode): Set<string> {
  const keys = new Set<string>()
  doc.forEach((node) => {
    if (node.type.name === 'reportSection') keys.add(node.attrs.key as string)
  })
  return keys
}

/** The template's sections, then its optional ones, that `doc` does not have yet. */
export function missingSectionItems(doc: PMNode, template: ReportTemplate | undefined): InsertItem[] {
  if (!template) return []
  const present = presentSectionKeys(doc)
  return [...template.sections, ...template.optionalSections].filter((s) => !present.has(s.key)).map(sectionItem)
}

/** Everything that can be inserted into `doc` now, in menu order. */
export function insertItems(doc: PMNode, template: ReportTemplate | undefined): InsertItem[] {
  return [...blockInsertItems, ...missingSectionItems(doc, template)]
}
