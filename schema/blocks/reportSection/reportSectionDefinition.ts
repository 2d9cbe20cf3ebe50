import type { BlockDefinition } from '../BlockDefinition'
import { ReportSection, reportSectionAttributes } from './ReportSection'
import { reportSectionLabels } from './reportSectionLabels'

/** The section block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const reportSectionDefinition = {
  name: 'reportSection',
  version: 1,
  node: ReportSection,
  attributes: reportSectionAttributes,
  labels: reportSectionLabels,
  docx: () => import('./reportSectionDocx').then((m) => m.reportSectionDocx),
} satisfies BlockDefinition<'reportSection'>
