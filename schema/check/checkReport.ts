/**
 * The pre-publish check of a report (its rules: README "Review and publish"):
 * pure, from a ProseMirror document and its context to a list of problems,
 * each with a stable code, a message in the report's locale, the block it
 * points at and the section it is in. Publishing is refused while there is
 * an error; warnings are shown and may be published over.
 *
 * The rules about the report as a whole (sections, content outside them,
 * open threads) are here; each block's own rules are its definition's
 * `check` (schema/blocks/<block>/<name>Check.ts), run in document order.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { computeReportKpis, type KpiValue } from '../kpi/computeReportKpis'
import { kpiFreshness } from '../kpi/kpiFreshness'
import { blockDefinition, isBlockName } from '../blocks/blockRegistry'
import { indexDoc } from '../docIndex/indexDoc'
import { outsideSectionIndexes } from '../outsideSection'
import type { Locale, ReportTemplate } from '../templates/ReportTemplate'
import { nextPeriod } from '../time/dates'
import type { BlockCheckCode, BlockCheckEnv } from './BlockCheck'
import type { CheckProblem } from './CheckProblem'
import { checkLabels, checkMessage, quote, type CheckCode, type CheckMessageParams } from './checkMessages'
import { text } from './checkText'

export type { CheckProblem } from './CheckProblem'

export interface CheckContext {
  template: ReportTemplate
  /** Messages are written in this locale. */
  locale: Locale
  /** `YYYY-MM` of the report; action due dates must fall inside the next period (P+1). */
  period: string
  /** Open (unresolved) comment threads; each one is a problem. */
  openThreads?: { id: string; blockId?: string | null }[]
  /** Severity of an open thread; default 'warning'. */
  openThreadSeverity?: 'error' | 'warning'
}

/** Severity of every code but `open_thread` (which the context decides). */
export const CHECK_SEVERITY: Record<Exclude<CheckCode, 'open_thread'>, CheckProblem['severity']> = {
  section_missing: 'error',
  section_empty: 'error',
  section_duplicate: 'error',
  section_out_of_order: 'error',
  metric_key_missing: 'error',
  metric_key_duplicate: 'error',
  metric_name_missing: 'error',
  metric_current_missing: 'error',
  metric_current_not_a_number: 'error',
  metric_target_not_a_number: 'error',
  // Last month's value comes from last month's report; a bad one only costs the MoM figure.
  metric_previous_not_a_number: 'warning',
  metric_direction_missing: 'error',
  issue_title_missing: 'error',
  issue_severity_missing: 'error',
  issue_owner_missing: 'error',
  issue_root_cause_missing: 'error',
  issue_no_action: 'error',
  action_text_empty: 'error',
  action_owner_missing: 'error',
  action_due_missing: 'error',
  action_due_invalid: 'error',
  action_due_outside_period: 'error',
  action_carried_due_passed: 'error',
  action_status_missing: 'error',
  goal_not_smart: 'error',
  feedback_empty: 'error',
  feedback_not_a_number: 'error',
  feedback_negative: 'error',
  feedback_total_missing: 'error',
  feedback_segments_exceed_responses: 'error',
  feedback_resolved_exceed_complaints: 'error',
  feedback_csat_out_of_range: 'error',
  kpi_not_computed: 'error',
  kpi_stale: 'error',
  quarantined_content: 'error',
  // Outside every section, a block is in no section's checks, KPIs or exports where people expect it.
  block_outside_section: 'error',
}

/** Whether any problem blocks publishing. */
export function hasErrors(problems: readonly CheckProblem[]): boolean {
  return problems.some((p) => p.severity === 'error')
}

/** A block of interest, with the key of the innermost section it is in. */
interface Located {
  node: PMNode
  section: string | undefined
}

/** Whether a section has content beyond headings and blank text (a structured block always counts). */
function sectionHasContent(section: PMNode): boolean {
  let content = false
  section.forEach((child) => {
    if (content || child.type.name === 'heading') return
    // A structured block is content even while unfilled: its own rules say what is missing.
    if (isBlockName(child.type.name) || child.textContent.trim() !== '') content = true
  })
  return content
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence: the
 * sections that are already in template order. Flagging only the others
 * names the one section moved out of place, not everything after it.
 */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [] // index into seq of the smallest tail of an increasing run of length i + 1
  const prev: number[] = new Array<number>(seq.length).fill(-1)
  seq.forEach((v, i) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (seq[tails[mid]!]! < v) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1]!
    tails[lo] = i
  })
  const keep = new Set<number>()
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i)
  return keep
}

export function checkReport(doc: PMNode, ctx: CheckContext): CheckProblem[] {
  const { template, locale } = ctx
  const dueIn = nextPeriod(ctx.period)
  // A bad period is the caller's bug; checking due dates against nothing would pass every one of them.
  if (!dueIn) throw new RangeError(`checkReport: period must be YYYY-MM, got ${JSON.stringify(ctx.period)}`)

  const problems: CheckProblem[] = []
  const report = <C extends BlockCheckCode>(
    code: C,
    params: CheckMessageParams<C>,
    where: { blockId?: unknown; section?: string | undefined } = {},
  ) => {
    const blockId = text(where.blockId)
    problems.push({
      code,
      severity: CHECK_SEVERITY[code],
      message: checkMessage(code, locale, params),
      ...(blockId ? { blockId } : {}),
      ...(where.section ? { section: where.section } : {}),
    })
  }

  // One walk over the document: sections, the blocks of interest, and the section every block id is in.
  const sections: PMNode[] = []
  const blocks: Located[] = []
  const sectionOfBlock = new Map<string, string | undefined>()
  const walk = (parent: PMNode, section: string | undefined) => {
    parent.forEach((node) => {
      const inner = node.type.name === 'reportSection' ? text(node.attrs.key) : section
      if (node.type.name === 'reportSection') sections.push(node)
      const id = text(node.attrs.id)
      if (id && isBlockName(node.type.name)) sectionOfBlock.set(id, inner)
      if (isBlockName(node.type.name) && node.type.name !== 'reportSection') blocks.push({ node, section: inner })
      if (!node.isTextblock && !node.isAtom) walk(node, inner)
    })
  }
  walk(doc, undefined)

  const templateSections = [...template.sections, ...template.optionalSections]
  const sectionTitle = (key: string, node?: PMNode): string => {
    const known = templateSections.find((s) => s.key === key)
    const heading = node?.firstChild?.type.name === 'heading' ? node.firstChild.textContent.trim() : ''
    return quote(known?.title[locale] ?? (heading || key), locale)
  }

  // Sections: duplicates, presence and emptiness of required ones, template order.
  const firstByKey = new Map<string, PMNode>()
  for (const node of sections) {
    const key = text(node.attrs.key)
    if (firstByKey.has(key)) report('section_duplicate', { section: sectionTitle(key, node) }, { blockId: node.attrs.id, section: key })
    else firstByKey.set(key, node)
  }
  for (const tpl of template.sections) {
    if (!tpl.required) continue
    const node = firstByKey.get(tpl.key)
    if (!node) report('section_missing', { section: sectionTitle(tpl.key) }, { section: tpl.key })
    else if (!sectionHasContent(node)) report('section_empty', { section: sectionTitle(tpl.key, node) }, { blockId: node.attrs.id, section: tpl.key })
  }
  // Only the template's own sections have an order; optional and extra ones may go anywhere.
  const order = new Map(template.sections.map((s, i) => [s.key, i]))
  const placed = [...firstByKey.entries()].filter(([key]) => order.has(key)).map(([key, node]) => ({ key, node, rank: order.get(key)! }))
  const inOrder = longestIncreasing(placed.map((s) => s.rank))
  const kept = placed.filter((_, i) => inOrder.has(i))
  placed.forEach((s, i) => {
    if (inOrder.has(i)) return
    // Point at a section already in order: after the nearest one before it in the template, or before the first one after it.
    const before = kept.filter((k) => k.rank < s.rank).at(-1)
    const other = before ?? kept.find((k) => k.rank > s.rank)!
    report(
      'section_out_of_order',
      { section: sectionTitle(s.key, s.node), other: sectionTitle(other.key, other.node), after: before !== undefined },
      { blockId: s.node.attrs.id, section: s.key },
    )
  })

  // Content at the top level, outside every section (schema/outsideSection.ts); the server moves it on load, so this is what remains.
  for (const index of outsideSectionIndexes(doc)) {
    const node = doc.child(index)
    if (!isBlockName(node.type.name) && node.textContent.trim() === '') continue // an empty paragraph holds nothing
    const noun = blockDefinition(node.type.name)?.labels.noun[locale]
    report('block_outside_section', { block: checkLabels.outside[locale](noun) }, { blockId: node.attrs.id })
  }

  // Each block's own rules (its definition's `check`), in document order.
  let kpis: KpiValue[] | undefined
  const seen = new Map<string, Set<string>>()
  const shared: Omit<BlockCheckEnv, 'report'> = {
    locale,
    dueIn,
    index: indexDoc(doc),
    seen: (key) => {
      let set = seen.get(key)
      if (!set) seen.set(key, (set = new Set()))
      return set
    },
    kpiFreshness: (scope, stored) => kpiFreshness((kpis ??= computeReportKpis(doc, ctx.period, locale)), scope, stored),
  }
  for (const { node, section } of blocks) {
    const check = blockDefinition(node.type.name)?.check
    check?.(node, { ...shared, report: (code, params, blockId = node.attrs.id) => report(code, params, { blockId, section }) })
  }

  // Open comment threads: the template decides whether they block publishing.
  for (const thread of ctx.openThreads ?? []) {
    const blockId = text(thread.blockId)
    const section = blockId ? sectionOfBlock.get(blockId) : undefined
    const sectionNode = section ? firstByKey.get(section) : undefined
    problems.push({
      code: 'open_thread',
      severity: ctx.openThreadSeverity ?? 'warning',
      message: checkMessage('open_thread', locale, { section: section ? sectionTitle(section, sectionNode) : null }),
      ...(blockId ? { blockId } : {}),
      ...(section ? { section } : {}),
    })
  }

  return problems
}
