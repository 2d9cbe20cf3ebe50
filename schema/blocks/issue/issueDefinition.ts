import type { BlockDefinition } from '../BlockDefinition'
import { IssueBlock, issueAttributes } from './IssueBlock'
import { issueLabels } from './issueLabels'

/** The issue block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const issueDefinition = {
  name: 'issue',
  version: 1,
  node: IssueBlock,
  attributes: issueAttributes,
  labels: issueLabels,
  docx: () => import('./issueDocx').then((m) => m.issueDocx),
} satisfies BlockDefinition<'issue'>
