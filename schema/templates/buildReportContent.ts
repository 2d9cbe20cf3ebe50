import type { JSONContent } from '@tiptap/core'
import { newBlockId } from '../blockId'
import type { Locale, ReportTemplate, TemplateSection } from './ReportTemplate'

/**
 * The ProseMirror JSON of one empty template section: its heading and an
 * empty paragraph (the editor shows the section's hint there as a placeholder).
 */
export function buildSectionContent(section: TemplateSection, locale: Locale): JSONContent {
  return {
    type: 'reportSection',
    attrs: { id: newBlockId(), key: section.key },
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: section.title[locale] }] },
      { type: 'paragraph' },
    ],
  }
}

/**
 * The body of a new report, built on the server from its template (never on
 * a client: two clients seeding at once would duplicate it).
 */
export function buildReportContent(template: ReportTemplate, locale: Locale, title: string): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: title }] },
      ...template.sections.map((section) => buildSectionContent(section, locale)),
    ],
  }
}
