import type { BlockDefinition } from '../BlockDefinition'
import { GoalBlock, goalAttributes } from './GoalBlock'
import { goalLabels } from './goalLabels'
import { goalCheck } from './goalCheck'
import { goalKpi } from './goalKpi'
import { goalCaption } from './goalCaption'
import { goalHtml } from './goalHtml'
import { goalMarkdown } from './goalMarkdown'
import { goalDiff } from './goalDiff'

/** The goal block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const goalDefinition = {
  name: 'goal',
  version: 1,
  node: GoalBlock,
  attributes: goalAttributes,
  labels: goalLabels,
  check: goalCheck,
  kpi: goalKpi,
  caption: goalCaption,
  html: goalHtml,
  markdown: goalMarkdown,
  diff: goalDiff,
  docx: () => import('./goalDocx').then((m) => m.goalDocx),
} satisfies BlockDefinition<'goal'>
