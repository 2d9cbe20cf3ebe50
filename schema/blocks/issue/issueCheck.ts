import type { BlockCheck } from '../../check/BlockCheck'
import { checkLabels, quote } from '../../check/checkMessages'
import { snippet, text } from '../../check/checkText'
import { ISSUE_SEVERITIES } from './IssueBlock'
import { issueLabels } from './issueLabels'
import { issueNeedsAction } from './issueNeedsAction'

/** An issue needs a title and a severity; a serious one also an owner, a root cause and an action linked to it anywhere in the report. */
export const issueCheck: BlockCheck = (node, { locale, report, index }) => {
  const a = node.attrs as Record<string, unknown>
  const issue = text(a.title) ? quote(snippet(text(a.title)), locale) : checkLabels.untitled.issue[locale]
  if (!text(a.title)) report('issue_title_missing', {})
  const severity = ISSUE_SEVERITIES.find((s) => s === text(a.severity))
  if (!severity) {
    report('issue_severity_missing', { issue })
    return
  }
  if (!issueNeedsAction(severity)) return
  const params = { issue, severity: issueLabels.values.severity[severity][locale] }
  if (!text(a.owner)) report('issue_owner_missing', params)
  if (!text(a.rootCause)) report('issue_root_cause_missing', params)
  if (!text(a.id) || !index.actionsByIssue[text(a.id)]) report('issue_no_action', params)
}
