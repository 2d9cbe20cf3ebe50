/**
 * The action item in the Word export: "#n 状态" before its text (struck
 * through when done), then owner, due date, the issue it fixes and where
 * it was carried over from.
 */
import { Paragraph, TextRun, type FileChild } from 'docx'
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { COLORS, FONTS, fieldsParagraph, textRuns } from '../../export/docxParts'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { attr, children } from '../../export/reportJson'
import { actionItemLabels } from './actionItemLabels'

const STATUS_COLORS: Readonly<Record<string, string>> = { done: COLORS.good, blocked: COLORS.bad, doing: COLORS.accent }

export const actionItemDocx: DocxBlockRenderer = async (node, ctx) => {
  const { labels, index } = ctx
  const status = attr(node, 'status')
  const done = status === 'done'
  const f = (name: string) => fieldTitleOf(actionItemLabels, labels, name)
  const no = index.actionNumbers.get(node)
  const issueId = attr(node, 'issueId')
  const carried = attr(node, 'carriedFrom')
  const head = [
    ...(no ? textRuns(`#${no} `, { bold: true, color: COLORS.muted }) : []),
    ...textRuns(`[${valueLabelOf(actionItemLabels, labels, 'status', status)}]`, {
      bold: true,
      font: FONTS.heading,
      color: (status && Object.hasOwn(STATUS_COLORS, status) ? STATUS_COLORS[status] : undefined) ?? COLORS.muted,
    }),
    new TextRun({ text: ' ' }),
  ]
  // The first paragraph of the text carries the number and status; anything after it follows as it is.
  const [first, ...rest] = children(node)
  const text: FileChild[] =
    first?.type === 'paragraph'
      ? [new Paragraph({ keepNext: true, spacing: { before: 80, after: 20 }, children: [...head, ...ctx.inline(children(first), done ? { strike: true, color: COLORS.muted } : {})] }), ...(await ctx.blocks(rest, 2))]
      : [new Paragraph({ keepNext: true, spacing: { before: 80, after: 20 }, children: head }), ...(await ctx.blocks(children(node), 2))]
  return [
    ...text,
    fieldsParagraph(
      labels.colon,
      [
        [f('owner'), attr(node, 'owner') ?? labels.empty],
        [f('due'), attr(node, 'due') ?? labels.empty],
        ...(issueId ? [[labels.action.issue, index.issueTitles.has(issueId) ? index.issueTitles.get(issueId) || labels.empty : labels.action.missingIssue] as const] : []),
        ...(carried ? [[`↻ ${labels.action.carriedFrom}`, carried] as const] : []),
      ],
      { indent: { left: 360 } },
    ),
  ]
}
