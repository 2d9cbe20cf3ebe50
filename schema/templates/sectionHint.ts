import type { Locale } from './ReportTemplate'
import { templates } from './templates'

/** The hint of a section of a template (empty when unknown), shown as a placeholder. */
export function sectionHint(templateKey: string, sectionKey: string, locale: Locale): string {
  const template = templates[templateKey]
  if (!template) return ''
  const section = [...template.sections, ...template.optionalSections].find((s) => s.key === sectionKey)
  return section?.hint[locale] ?? ''
}
