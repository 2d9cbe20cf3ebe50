import type { JSONContent } from '@tiptap/core'
import { blockRegistry } from '../blocks/blockRegistry'
import { doc, h, p, section } from '../docBuilder'
import type { BlockSeed, Locale, ReportTemplate, TemplateSection } from './ReportTemplate'

/** A seeded block, made by its definition's `blank`; a paragraph for `paragraph`. */
function buildBlock(seed: BlockSeed, locale: Locale): JSONContent {
  return seed.block === 'paragraph' ? p() : blockRegistry[seed.block].blank(locale, seed)
}

/**
 * The ProseMirror JSON of one new template section: its heading and the
 * blocks it starts with (empty paragraphs show the section's hint as a
 * placeholder; the hint is never content).
 */
export function buildSectionContent(tpl: TemplateSection, locale: Locale): JSONContent {
  return section(tpl.key, tpl.title[locale], ...(tpl.blocks ?? [{ block: 'paragraph' as const }]).map((b) => buildBlock(b, locale)))
}

/**
 * The body of a new report, built on the server from its template (never on
 * a client: two clients seeding at once would duplicate it).
 */
export function buildReportContent(template: ReportTemplate, locale: Locale, title: string): JSONContent {
  return doc(h(1, title), ...template.sections.map((s) => buildSectionContent(s, locale)))
}
