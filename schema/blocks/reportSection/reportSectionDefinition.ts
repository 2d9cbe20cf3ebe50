import type { BlockDefinition } from '../BlockDefinition'
import { ReportSection, reportSectionAttributes } from './ReportSection'
import { reportSectionLabels } from './reportSectionLabels'
import { reportSectionHtml } from './reportSectionHtml'
import { reportSectionMarkdown } from './reportSectionMarkdown'
import { reportSectionDiff } from './reportSectionDiff'

/** The section block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const reportSectionDefinition = {
  name: 'reportSection',
  version: 1,
  node: ReportSection,
  attributes: reportSectionAttributes,
  labels: reportSectionLabels,
  html: reportSectionHtml,
  markdown: reportSectionMarkdown,
  diff: reportSectionDiff,
  docx: () => import('./reportSectionDocx').then((m) => m.reportSectionDocx),
} satisfies BlockDefinition<'reportSection'>
