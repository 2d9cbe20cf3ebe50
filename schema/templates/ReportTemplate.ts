import type { BlankBlockName, BlockSeedOptions } from './BlockBlank'

/** The two UI and content locales; zh-CN first. */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** A metric row a template starts with; values are filled in by people (or last month). */
export interface MetricSeed {
  key: string
  name: Record<Locale, string>
  unit: string
  direction: 'higher' | 'lower'
  /** The metric's 口径 (how it is counted). */
  definition: Record<Locale, string>
}

/** A block a template section starts with: a report block (made by its `blank`), or an empty paragraph. */
export type BlockSeed = ({ block: BlankBlockName } & BlockSeedOptions) | { block: 'paragraph' }

/** One section of a template. */
export interface TemplateSection {
  /** Stable key, e.g. `data_statistics`; checks and KPIs refer to it. */
  key: string
  title: Record<Locale, string>
  /** Checked before publishing, never enforced by the editor schema. */
  required: boolean
  /** Prompt shown in the section's empty paragraphs (a placeholder, not content). */
  hint: Record<Locale, string>
  /** Blocks a new report's section starts with (a paragraph when absent). */
  blocks?: BlockSeed[]
}

/** A report template is data: adding one is adding a file, no editor code. */
export interface ReportTemplate {
  key: string
  name: Record<Locale, string>
  sections: TemplateSection[]
  /** Sections a team may add from the insert menu. */
  optionalSections: TemplateSection[]
}
