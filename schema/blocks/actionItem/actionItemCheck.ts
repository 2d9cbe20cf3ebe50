import type { BlockCheck } from '../../check/BlockCheck'
import { checkLabels, quote } from '../../check/checkMessages'
import { snippet, text } from '../../check/checkText'
import { isCalendarDate } from '../../time/dates'
import { ACTION_STATUSES } from './ActionItem'

/** An action needs text, an owner, a status and a due date in the next period. */
export const actionItemCheck: BlockCheck = (node, { locale, report, dueIn }) => {
  const a = node.attrs as Record<string, unknown>
  const body = node.textContent.trim()
  const action = body ? quote(snippet(body), locale) : checkLabels.untitled.action[locale]
  if (!body) report('action_text_empty', {})
  if (!text(a.owner)) report('action_owner_missing', { action })
  // Carried-over actions are held to the same due rule: carrying one over means re-planning it for the next period.
  // One that arrives with last month's date (passed) is asked for a new date, not told it is outside the period.
  const due = text(a.due)
  if (!due) report('action_due_missing', { action })
  else if (!isCalendarDate(due)) report('action_due_invalid', { action, due })
  else if (text(a.carriedFrom) && due.slice(0, 7) < dueIn) report('action_carried_due_passed', { action, due, period: dueIn })
  else if (due.slice(0, 7) !== dueIn) report('action_due_outside_period', { action, due, period: dueIn })
  if (!(ACTION_STATUSES as readonly string[]).includes(text(a.status))) report('action_status_missing', { action })
}
