import type { BlockCarryOver } from '../../templates/BlockCarryOver'
import { attr, carriedFromRef, insertAfterHeading, sectionOf, textOf } from '../../templates/carryOverParts'
import { actionItemJson } from './actionItemJson'

const OPEN_ACTION = new Set(['todo', 'doing', 'blocked'])

/**
 * Open and blocked actions come into 改进措施 (after its heading; the
 * template's empty action stays for this month's own), with their owner and
 * status, and the issue they fix when it was carried too. The due date is
 * kept: it has probably passed, and the check asks for a new one.
 */
export const actionItemCarryOver: BlockCarryOver = {
  counts: 'actions',
  carry(previous, ctx) {
    const open = previous.filter((n) => OPEN_ACTION.has(attr(n, 'status') ?? ''))
    const improvements = sectionOf(ctx.content, 'improvements')
    if (!improvements || open.length === 0) return 0
    const items = open.map((a) =>
      actionItemJson(
        {
          owner: ctx.keptValue(a, 'owner'),
          due: ctx.keptValue(a, 'due'),
          status: ctx.keptValue(a, 'status'),
          issueId: ctx.carriedIds.get(ctx.keptValue(a, 'issueId') ?? '') ?? null,
          carriedFrom: carriedFromRef(ctx.prev, ctx.keptValue(a, 'id') ?? ''),
        },
        textOf(a),
      ),
    )
    insertAfterHeading(improvements, items)
    return items.length
  },
}
