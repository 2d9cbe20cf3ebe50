import type { JSONContent } from '@tiptap/core'
import { action, doc, feedback, goal, h, issue, kpi, metric, metrics, p, section, trend } from '../docBuilder'
import type { BlockSeed, Locale, ReportTemplate, TemplateSection } from './ReportTemplate'

function buildBlock(seed: BlockSeed, locale: Locale): JSONContent {
  switch (seed.block) {
    case 'metrics':
      return metrics(
        ...seed.rows.map((r) =>
          metric({ key: r.key, name: r.name[locale], unit: r.unit, direction: r.direction, definition: r.definition[locale] }),
        ),
      )
    case 'issue':
      return issue({})
    case 'action':
      return action({})
    case 'goal':
      return goal({})
    case 'feedback':
      return feedback({}, [])
    case 'kpi':
      return kpi()
    case 'trend':
      return trend({ metricKey: seed.metricKey })
    case 'paragraph':
      return p()
  }
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
