import type { BlockCarryOver } from '../../templates/BlockCarryOver'
import { attr, carriedFromRef, insertAfterHeading, sectionOf, textOf } from '../../templates/carryOverParts'
import { p } from '../../jsonNodes'
import { issueJson } from './issueJson'

const OPEN_ISSUE = new Set(['open', 'monitoring'])

/**
 * Open and monitored issues come into 问题分析 (after its heading; the
 * template's empty issue stays for this month's own), each a new block with
 * its fields and description (as plain paragraphs), marked with where it came from.
 */
export const issueCarryOver: BlockCarryOver = {
  counts: 'issues',
  carry(previous, ctx) {
    const open = previous.filter((n) => OPEN_ISSUE.has(attr(n, 'status') ?? ''))
    const problems = sectionOf(ctx.content, 'problem_analysis')
    if (!problems || open.length === 0) return 0
    const items = open.map((i) => {
      const fields: Record<string, string | null> = {}
      for (const f of ['title', 'severity', 'owner', 'status', 'category', 'impact', 'rootCause'] as const) fields[f] = ctx.keptValue(i, f)
      const paragraphs = (i.content ?? []).map((para) => p(textOf(para)))
      const oldId = ctx.keptValue(i, 'id')
      const block = issueJson({ ...fields, carriedFrom: carriedFromRef(ctx.prev, oldId ?? '') }, ...paragraphs)
      if (oldId) ctx.carriedIds.set(oldId, block.attrs!.id as string)
      return block
    })
    insertAfterHeading(problems, items)
    return items.length
  },
}
