/**
 * The monthly cycle (PDCA): a new report for period P starts from the
 * template and takes, from the published report of P−1 of the same series,
 * the previous metric values (matched by metric key), the open and monitored
 * issues and the open and blocked action items (both marked carried-over,
 * with a link to where they came from; a carried action keeps pointing at its
 * carried issue), and last month's goals, listed in 总结与展望 to be assessed.
 */
import type { JSONContent } from '@tiptap/core'
import { action, h, issue, metric, p } from '../docBuilder'
import { METRIC_FIELDS } from '../blocks/metricsTable/MetricRow'
import { checkAttributeValue } from '../nodes/attributeSchemas'
import { attrString } from '../nodes/readAttribute'
import type { Locale } from './ReportTemplate'

export interface PreviousReport {
  reportId: string
  period: string
  /** The published version the values come from ("1", "1.1"). */
  version: string
  content: JSONContent
}

/** What was carried over, for the report record and the UI. */
export interface CarryOverSummary {
  metrics: number
  /** Absent on reports created before issues were carried. */
  issues?: number
  actions: number
  goals: number
}

/** `carriedFrom` of a carried action or issue: `<reportId>@<version>#<blockId>`. */
export const carriedFromRef = (prev: PreviousReport, blockId: string): string => `${prev.reportId}@${prev.version}#${blockId}`

export function parseCarriedFrom(ref: string): { reportId: string; version: string; blockId: string } | null {
  const m = /^(r[a-z2-7]{20})@(1(?:\.\d+)?)#(.+)$/.exec(ref)
  return m ? { reportId: m[1]!, version: m[2]!, blockId: m[3]! } : null
}

/** The period before `YYYY-MM`. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

const OPEN_ACTION = new Set(['todo', 'doing', 'blocked'])
const OPEN_ISSUE = new Set(['open', 'monitoring'])

const labels = {
  goalsHeading: { 'zh-CN': '上月目标达成评估', en: "Assessment of last month's goals" },
  from: { 'zh-CN': '来自', en: 'from' },
  deadline: { 'zh-CN': '截止', en: 'due' },
  result: { 'zh-CN': '达成情况：', en: 'Result: ' },
  none: { 'zh-CN': '（无）', en: '(none)' },
} as const

function* walk(node: JSONContent): Generator<JSONContent> {
  yield node
  for (const child of node.content ?? []) yield* walk(child)
}

const attr = (node: JSONContent, name: string): string | null => attrString((node.attrs as Record<string, unknown> | undefined)?.[name])

/**
 * A field of last month's block as this month's `nodeName` may store it:
 * a value the schema refuses (a version published before attributes were
 * checked) is left empty rather than refusing the new report.
 */
const keptValue = (node: JSONContent, name: string, nodeName = node.type ?? ''): string | null => {
  const v = attr(node, name)
  return checkAttributeValue(nodeName, name, v) === null ? v : null
}

const textOf = (node: JSONContent): string => [...walk(node)].map((n) => n.text ?? '').join('')

function sectionOf(doc: JSONContent, key: string): JSONContent | undefined {
  return doc.content?.find((n) => n.type === 'reportSection' && attr(n, 'key') === key)
}

/**
 * Copies the metric fields that carry over (everything but this month's value
 * and note). The team's own wording from last month (name, 口径…) wins over
 * the template's.
 */
function carriedMetric(row: JSONContent, into?: JSONContent): JSONContent {
  const fields: Record<string, string | null> = {}
  for (const f of Object.keys(METRIC_FIELDS)) fields[f] = keptValue(into ?? row, f, 'metricRow')
  for (const f of ['name', 'unit', 'direction', 'definition', 'source', 'target'] as const) fields[f] = keptValue(row, f, 'metricRow') ?? fields[f] ?? null
  fields.previous = checkAttributeValue('metricRow', 'previous', attr(row, 'current')) === null ? attr(row, 'current') : null
  if (into) return { ...into, attrs: { ...into.attrs, ...fields } }
  fields.current = null
  fields.note = null
  return metric(fields)
}

/**
 * Returns `base` (a fresh template body, not modified) with last month's
 * data merged in, and what was carried.
 */
export function carryOver(base: JSONContent, prev: PreviousReport, locale: Locale): { content: JSONContent; carried: CarryOverSummary } {
  const content = structuredClone(base)
  const carried: CarryOverSummary = { metrics: 0, issues: 0, actions: 0, goals: 0 }
  const prevNodes = [...walk(prev.content)]

  // Metrics: fill `previous` of the template's rows by key; rows the template
  // lacks are appended to the first table, so a team's own metrics keep coming back.
  const prevRows = prevNodes.filter((n) => n.type === 'metricRow' && attr(n, 'key'))
  const tables = [...walk(content)].filter((n) => n.type === 'metricsTable')
  const table = tables[0]
  if (table) {
    const byKey = new Map<string, { table: JSONContent; index: number }>()
    for (const t of tables) t.content?.forEach((row, index) => attr(row, 'key') && byKey.set(attr(row, 'key')!, { table: t, index }))
    for (const row of prevRows) {
      const at = byKey.get(attr(row, 'key')!)
      if (at) at.table.content![at.index] = carriedMetric(row, at.table.content![at.index])
      else (table.content ??= []).push(carriedMetric(row))
      carried.metrics++
    }
  }

  // Open and monitored issues, with their fields and description (as plain
  // paragraphs), each a new block; `issueIds` maps last month's ids to the new ones.
  const issueIds = new Map<string, string>()
  const openIssues = prevNodes.filter((n) => n.type === 'issue' && OPEN_ISSUE.has(attr(n, 'status') ?? ''))
  const problems = sectionOf(content, 'problem_analysis')
  if (problems && openIssues.length > 0) {
    const items = openIssues.map((i) => {
      const fields: Record<string, string | null> = {}
      for (const f of ['title', 'severity', 'owner', 'status', 'category', 'rootCause'] as const) fields[f] = keptValue(i, f)
      const paragraphs = (i.content ?? []).map((para) => p(textOf(para)))
      const block = issue({ ...fields, carriedFrom: carriedFromRef(prev, keptValue(i, 'id') ?? '') }, ...paragraphs)
      const oldId = keptValue(i, 'id')
      if (oldId) issueIds.set(oldId, block.attrs!.id as string)
      return block
    })
    const children = problems.content ?? []
    // After the heading; an empty template issue stays for this month's own.
    problems.content = [children[0]!, ...items, ...children.slice(1)]
    carried.issues = items.length
  }

  // Open and blocked actions, carried with their owner and status (and the
  // issue they fix, when it was carried too); the due date is kept: it has
  // probably passed, and the check asks for a new one.
  const open = prevNodes.filter((n) => n.type === 'actionItem' && OPEN_ACTION.has(attr(n, 'status') ?? ''))
  const improvements = sectionOf(content, 'improvements')
  if (improvements && open.length > 0) {
    const items = open.map((a) =>
      action(
        {
          owner: keptValue(a, 'owner'),
          due: keptValue(a, 'due'),
          status: keptValue(a, 'status'),
          issueId: issueIds.get(keptValue(a, 'issueId') ?? '') ?? null,
          carriedFrom: carriedFromRef(prev, keptValue(a, 'id') ?? ''),
        },
        textOf(a),
      ),
    )
    const children = improvements.content ?? []
    // After the heading; an empty template action stays for this month's own.
    improvements.content = [children[0]!, ...items, ...children.slice(1)]
    carried.actions = items.length
  }

  // Last month's goals, to be assessed in 总结与展望.
  const goals = prevNodes.filter((n) => n.type === 'goal')
  const outlook = sectionOf(content, 'summary_outlook')
  if (outlook && goals.length > 0) {
    const items = goals.map((g) => {
      const range = [attr(g, 'baseline'), attr(g, 'target')].every(Boolean)
        ? ` ${attr(g, 'baseline')} → ${attr(g, 'target')}${attr(g, 'unit') ?? ''}`
        : ''
      const due = attr(g, 'deadline') ? `，${labels.deadline[locale]} ${attr(g, 'deadline')}` : ''
      const metricPart = attr(g, 'metricKey') ? `（${attr(g, 'metricKey')}${range}${due}）` : ''
      const statement = textOf(g) || labels.none[locale]
      return {
        type: 'listItem',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `${statement}${metricPart} — ${labels.result[locale]}` }] }],
      }
    })
    const heading = h(3, `${labels.goalsHeading[locale]}（${labels.from[locale]} ${prev.period} v${prev.version}）`)
    const children = outlook.content ?? []
    const rest = children.slice(1).filter((n) => !(n.type === 'paragraph' && !n.content?.length))
    outlook.content = [children[0]!, heading, { type: 'bulletList', content: items }, ...(rest.length ? rest : [{ type: 'paragraph' }])]
    carried.goals = items.length
  }

  return { content, carried }
}
