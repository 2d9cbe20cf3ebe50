import type { BlockDefinition } from '../BlockDefinition'
import { IssueBlock, issueAttributes } from './IssueBlock'
import { issueLabels } from './issueLabels'
import { issueHtml } from './issueHtml'
import { issueMarkdown } from './issueMarkdown'
import { issueIndex } from './issueIndex'
import { issueDiff } from './issueDiff'

/** The issue block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const issueDefinition = {
  name: 'issue',
  version: 1,
  node: IssueBlock,
  attributes: issueAttributes,
  labels: issueLabels,
  html: issueHtml,
  markdown: issueMarkdown,
  index: issueIndex,
  diff: issueDiff,
} satisfies BlockDefinition<'issue'>
