/**
 * What the "/" menu and the insert toolbar offer: every report block, the
 * basic nodes, and the sections of the report's template that the document
 * does not have yet. A block's content is its definition's `blank`
 * (schema/templates/BlockBlank.ts), so every insert carries fresh block ids;
 * only the menu's words (label, detail, keywords) are the client's.
 */
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { blockRegistry } from '@schema/blocks/blockRegistry'
import { h, p, ul } from '@schema/docBuilder'
import type { BlankBlockName } from '@schema/templates/BlockBlank'
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

type BasicKey = 'paragraph' | 'heading' | 'bulletList' | 'orderedList'

function item(
  key: BlankBlockName | BasicKey,
  group: 'blocks' | 'basic',
  keywords: readonly string[],
  build: (contentLocale: Locale) => JSONContent,
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

/**
 * The words the "/" filter matches for each block that can be created on its
 * own (every block with a `blank`, in menu order; a new one is a type error
 * until it has its words here and its `insert.block.*` / `insert.detail.*` messages).
 */
const blockKeywords: Readonly<Record<BlankBlockName, readonly string[]>> = {
  metricsTable: ['metric', 'metrics', 'table', 'data'],
  issue: ['issue', 'problem', 'root cause'],
  actionItem: ['action', 'todo', 'task', 'improvement'],
  goal: ['goal', 'target', 'smart', 'objective'],
  feedbackSummary: ['feedback', 'customer', 'nps', 'csat', 'survey', 'complaint'],
  kpiBlock: ['kpi', 'summary', 'card'],
  trendChart: ['trend', 'chart', 'graph', 'history'],
}

/** The report blocks and basic nodes, in menu order. */
export const blockInsertItems: readonly InsertItem[] = [
  ...(Object.keys(blockKeywords) as BlankBlockName[]).map((name) =>
    item(name, 'blocks', blockKeywords[name], (locale) => blockRegistry[name].blank(locale)),
  ),
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
