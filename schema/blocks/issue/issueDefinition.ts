import type { BlockDefinition } from '../BlockDefinition'
import { IssueBlock, issueAttributes } from './IssueBlock'
import { issueLabels } from './issueLabels'
import { issueCheck } from './issueCheck'
import { issueKpi } from './issueKpi'
import { issueIndex } from './issueIndex'
import { issueCaption } from './issueCaption'
import { issueHtml } from './issueHtml'
import { issueMarkdown } from './issueMarkdown'
import { issueDiff } from './issueDiff'
import { issueBlank } from './issueBlank'
import { issueCarryOver } from './issueCarryOver'

/** The issue block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const issueDefinition = {
  name: 'issue',
  version: 1,
  node: IssueBlock,
  attributes: issueAttributes,
  labels: issueLabels,
  check: issueCheck,
  kpi: issueKpi,
  index: issueIndex,
  caption: issueCaption,
  html: issueHtml,
  markdown: issueMarkdown,
  diff: issueDiff,
  blank: issueBlank,
  carryOver: issueCarryOver,
  docx: () => import('./issueDocx').then((m) => m.issueDocx),
} satisfies BlockDefinition<'issue'>
