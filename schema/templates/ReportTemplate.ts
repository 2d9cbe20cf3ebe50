/** The two UI and content locales; zh-CN first. */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** One section of a template. */
export interface TemplateSection {
  /** Stable key, e.g. `data_statistics`; checks and KPIs refer to it. */
  key: string
  title: Record<Locale, string>
  /** Checked before publishing, never enforced by the editor schema. */
  required: boolean
  /** Prompt shown as the section's first paragraph in a new report. */
  hint: Record<Locale, string>
}

/** A report template is data: adding one is adding a file, no editor code. */
export interface ReportTemplate {
  key: string
  name: Record<Locale, string>
  sections: TemplateSection[]
  /** Sections a team may add from the insert menu. */
  optionalSections: TemplateSection[]
}
