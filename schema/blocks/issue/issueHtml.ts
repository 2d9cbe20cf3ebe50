import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { htmlField, knownClass } from '../../export/htmlFragments'
import { attr, attrText, children, escapeHtml as e } from '../../export/reportJson'
import { ISSUE_SEVERITIES } from './IssueBlock'
import { issueLabels } from './issueLabels'

/** An issue as a card edged in its severity's colour: severity, title, status, owner, root cause, then its description. */
export const issueHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const severity = attr(node, 'severity')
    const sev = knownClass(severity, ISSUE_SEVERITIES)
    const f = (name: string) => fieldTitleOf(issueLabels, labels, name)
    const meta = [
      htmlField(labels, f('status'), valueLabelOf(issueLabels, labels, 'status', attr(node, 'status'))),
      htmlField(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
      ...(attr(node, 'category') ? [htmlField(labels, f('category'), attrText(node, 'category'))] : []),
      ...(attr(node, 'impact') ? [htmlField(labels, f('impact'), attrText(node, 'impact'))] : []),
    ]
    const rootCause = attr(node, 'rootCause')
    return (
      `<article class="card issue sev-${sev}">` +
      `<div class="card-head"><span class="pill pill-${sev}">${e(valueLabelOf(issueLabels, labels, 'severity', severity))}</span>` +
      `<span class="card-title">${e(attr(node, 'title') ?? labels.empty)}</span></div>` +
      `<div class="fields">${meta.join('')}</div>` +
      (rootCause ? `<p class="root-cause"><b>${e(f('rootCause'))}${e(labels.colon)}</b>${e(rootCause)}</p>` : '') +
      ctx.blocks(children(node), 2) +
      '</article>'
    )
  },
}
