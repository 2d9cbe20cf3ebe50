/**
 * What changed between two versions of a report, in the report's own terms:
 * "metric 「一次解决率」 this month 92 → 95", "action #3 moved to 改进措施",
 * "NPS 38.0 → 41.0" — not a tree of JSON edits.
 *
 * Blocks are matched by their stable `id` anywhere in the document, so a
 * block dragged to another section is a move, not a delete plus an add;
 * sections also by their template key when their ids do not match.
 * Blocks without an id (paragraphs, lists, headings) are matched inside
 * their matched container: a Myers diff of their contents aligns the
 * unchanged ones, and inside each changed stretch the removed and added
 * blocks of the same type are paired in order, so an edited paragraph is a
 * text change and not a removal plus an addition.
 *
 * Not reported: mark-only edits (bold, links) and the server-written data
 * of KPI and trend blocks (`values`, `computedAt`, `series`); KPI changes
 * come from the versions' KPI lists instead.
 */
import type { JSONContent } from '@tiptap/core'
import type { KpiValue } from '../kpi/computeReportKpis'
import { blockDefinition } from '../blocks/blockRegistry'
import { blockNoun, exportLabels, fieldName, fieldValue, type ExportLabels } from '../export/exportLabels'
import type { DocIndex } from '../docIndex/DocIndex'
import { indexReport } from '../export/indexReport'
import { attr, children, excerpt, textOf } from '../export/reportJson'
import type { Locale } from '../templates/ReportTemplate'
import type { BlockDiff } from './BlockDiff'
import { diffArrays, type DiffBudget } from './myers'
import { countChanges, diffText, type DiffSegment } from './textDiff'

export type { DiffSegment } from './textDiff'

export interface DiffInput {
  content: JSONContent
  kpis: KpiValue[]
}

interface ChangeBase {
  blockId?: string
  blockType?: string
  /** Key of the section the change is in (after the change; before it for removals); '' outside every section. */
  section: string
  /** What changed, readable: 指标「一次解决率」, action #3 “…”, NPS. */
  label: string
  /** One line in the locale. */
  summary: string
}

export interface BlockAddedChange extends ChangeBase {
  kind: 'blockAdded'
}
export interface BlockRemovedChange extends ChangeBase {
  kind: 'blockRemoved'
}
export interface BlockMovedChange extends ChangeBase {
  kind: 'blockMoved'
  /** Section keys: where the block was and where it is now. */
  before: string
  after: string
}
export interface FieldChangedChange extends ChangeBase {
  kind: 'fieldChanged'
  /** The attribute name. */
  field: string
  /** The values as readers see them (status labels, "—" for empty). */
  before: string
  after: string
  /** The stored values. */
  beforeValue: string | null
  afterValue: string | null
}
export interface TextChangedChange extends ChangeBase {
  kind: 'textChanged'
  before: string
  after: string
  segments: DiffSegment[]
}
export interface KpiChangedChange extends ChangeBase {
  kind: 'kpiChanged'
  /** The KPI key, e.g. `summary.nps`, `metric.fcr.mom`. */
  field: string
  /** Displays as computed ("41.0", "+5.2%"); "—" when the KPI was not there. */
  before: string
  after: string
}

export type ReportChange = BlockAddedChange | BlockRemovedChange | BlockMovedChange | FieldChangedChange | TextChangedChange | KpiChangedChange

export interface ReportDiff {
  changes: ReportChange[]
}

/**
 * Search steps all text diffs of one report diff may take together (about
 * 50 ms at ~20 ns a step): an ordinary edit of a paragraph takes under a
 * hundred; only texts rewritten throughout take tens of thousands, and past
 * the budget they show as replaced rather than stall the diff.
 */
const TEXT_DIFF_STEPS = 3_000_000

/** How the diff treats a node type: its block's declaration (schema/blocks/<block>/<name>Diff.ts), none for other nodes. */
const diffOf = (type: string): BlockDiff | undefined => blockDefinition(type)?.diff

/** The key of a section; null for a section without one and for any other node. */
const sectionKeyOf = (node: JSONContent): string | null => diffOf(node.type ?? '')?.section?.key(node) ?? null

const isSection = (u: Unit): boolean => diffOf(u.type)?.section !== undefined

/** Blocks whose children are blocks of their own, matched and reported one by one: sections and containers (a table). */
const hasParts = (u: Unit): boolean => isSection(u) || diffOf(u.type)?.parts !== undefined

interface Version {
  index: DocIndex
  units: Unit[]
  byId: Map<string, Unit>
  root: Unit
}

interface Unit {
  node: JSONContent
  type: string
  /** The block id, or null when absent or already taken by an earlier block of this version. */
  id: string | null
  parent: Unit | null
  /** The section the unit is in (itself for a section); the root outside sections. */
  section: Unit
  kids: Unit[]
  /** Own text: the title of a section, a block's text without its sub-blocks. */
  text: string
  /** Preorder position in its version. */
  pos: number
  partner: Unit | null
  version: Version
}

function buildVersion(content: JSONContent): Version {
  const version: Version = { index: indexReport(content), units: [], byId: new Map(), root: undefined as unknown as Unit }
  const make = (node: JSONContent, parent: Unit | null, section: Unit | null): Unit => {
    const type = node.type ?? ''
    const rawId = attr(node, 'id')
    const unit: Unit = {
      node,
      type,
      id: null,
      parent,
      section: section as Unit,
      kids: [],
      text: '',
      pos: version.units.length,
      partner: null,
      version,
    }
    if (parent && rawId !== null && !version.byId.has(rawId)) {
      unit.id = rawId
      version.byId.set(rawId, unit)
    }
    if (!section) unit.section = unit
    if (parent) version.units.push(unit)
    if (!parent) {
      for (const child of children(node)) unit.kids.push(make(child, unit, unit))
    } else if (isSection(unit)) {
      unit.section = unit
      const [first, ...rest] = children(node)
      const hasHeading = first?.type === 'heading'
      unit.text = hasHeading ? textOf(first) : ''
      for (const child of hasHeading ? rest : children(node)) unit.kids.push(make(child, unit, unit))
    } else if (diffOf(type)?.parts !== undefined) {
      const isKid = (c: JSONContent) => c.type === diffOf(type)?.parts
      unit.text = textOf(node, isKid)
      for (const child of children(node)) if (isKid(child)) unit.kids.push(make(child, unit, unit.section))
    } else {
      unit.text = textOf(node)
    }
    return unit
  }
  version.root = make(content, null, null)
  return version
}

const stableAttrs = (node: JSONContent) =>
  JSON.stringify(
    Object.keys(node.attrs ?? {})
      .filter((k) => k !== 'id')
      .sort()
      .map((k) => [k, attr(node, k)]),
  )

/** What makes two id-less blocks "the same": a container by its kind, anything else by its whole content. */
const signature = (u: Unit) =>
  isSection(u) ? `${u.type}\u0000${sectionKeyOf(u.node) ?? ''}` : hasParts(u) ? u.type : `${u.type}\u0000${u.text}\u0000${stableAttrs(u.node)}`

const pair = (b: Unit, a: Unit) => {
  b.partner = a
  a.partner = b
}

/**
 * A section is also known by its template key: sections left unpaired by id
 * (rebuilt, or written by a client that lost the id) pair with the section
 * of the same key, in order, so their blocks are compared rather than all
 * reported as moved.
 */
function matchSectionsByKey(beforeRoot: Unit, afterRoot: Unit): void {
  const open = new Map<string, Unit[]>()
  for (const a of afterRoot.kids) {
    if (!isSection(a) || a.partner) continue
    const key = sectionKeyOf(a.node) ?? ''
    open.set(key, [...(open.get(key) ?? []), a])
  }
  for (const b of beforeRoot.kids) {
    if (!isSection(b) || b.partner) continue
    const a = open.get(sectionKeyOf(b.node) ?? '')?.shift()
    if (a) pair(b, a)
  }
}

/**
 * A table or feedback block left unpaired by id is the same block as the
 * unpaired one of the same type most of its rows came from: re-creating a
 * table around the same rows is not removing and adding every row.
 */
function matchContainersByKids(after: Version): void {
  for (const a of after.units) {
    if (a.partner || isSection(a) || !hasParts(a)) continue
    const votes = new Map<Unit, number>()
    for (const k of a.kids) {
      const from = k.partner?.parent
      if (from && !from.partner && from.type === a.type) votes.set(from, (votes.get(from) ?? 0) + 1)
    }
    let best: Unit | null = null
    let most = 0
    for (const [b, n] of votes) if (n > most) [best, most] = [b, n]
    if (best && most * 2 > a.kids.length) pair(best, a)
  }
}

/** Pairs the id-less children of two matched containers, then theirs, and so on. */
function matchIdless(beforeRoot: Unit, afterRoot: Unit): void {
  const queue: [Unit, Unit][] = [[beforeRoot, afterRoot]]
  // Containers paired by id have id-less children to match as well.
  for (const b of beforeRoot.version.units) if (b.partner && b.kids.length + b.partner.kids.length > 0) queue.push([b, b.partner])
  const seen = new Set<Unit>()
  while (queue.length > 0) {
    const [bc, ac] = queue.shift()!
    if (seen.has(bc)) continue
    seen.add(bc)
    const bk = bc.kids.filter((k) => k.id === null && !k.partner)
    const ak = ac.kids.filter((k) => k.id === null && !k.partner)
    if (bk.length === 0 || ak.length === 0) continue
    const runs = diffArrays(bk.map(signature), ak.map(signature))
    let removed: Unit[] = []
    let added: Unit[] = []
    const settle = () => {
      // Inside a changed stretch, the n-th removed block of a type is the n-th added one of that type, edited.
      const byType = new Map<string, Unit[]>()
      for (const a of added) byType.set(a.type, [...(byType.get(a.type) ?? []), a])
      for (const b of removed) {
        const a = byType.get(b.type)?.shift()
        if (a) pair(b, a)
      }
      removed = []
      added = []
    }
    for (const run of runs) {
      if (run.op === 'equal') {
        settle()
        for (let i = 0; i < run.count; i++) pair(bk[run.aStart + i]!, ak[run.bStart + i]!)
      } else if (run.op === 'delete') {
        removed.push(...bk.slice(run.aStart, run.aStart + run.count))
      } else {
        added.push(...ak.slice(run.bStart, run.bStart + run.count))
      }
    }
    settle()
    for (const b of bk) if (b.partner && b.kids.length + b.partner.kids.length > 0) queue.push([b, b.partner])
  }
}

// ---------------------------------------------------------------- labels

function sectionTitle(u: Unit, labels: ExportLabels): string {
  const s = u.section
  if (!isSection(s)) return labels.outsideSections
  return s.text || sectionKeyOf(s.node) || labels.empty
}

/** How a change names a unit: 指标「一次解决率」, action #3 “…”; by its block's `label`, else by an excerpt of its text. */
function unitLabel(u: Unit, labels: ExportLabels): string {
  const noun = blockNoun(labels, u.type)
  const named = (name: string | null, head = noun) => (name ? `${head}${labels.locale === 'en' ? ' ' : ''}${labels.quote(name)}` : head)
  const label = diffOf(u.type)?.label
  return label ? label({ node: u.node, text: u.text, index: u.version.index, noun }, named) : named(excerpt(u.text) || null)
}

/** A field value as readers see it: by its block's `value` (an action's issue by its title), else its label or as stored. */
function shownValue(u: Unit, field: string, value: string | null, labels: ExportLabels): string {
  return diffOf(u.type)?.value?.(field, value, u.version.index, labels) ?? fieldValue(labels, u.type, field, value)
}

// ---------------------------------------------------------------- changes

type Sortable = { change: ReportChange; key: [number, number] }

function compareUnits(b: Unit, a: Unit, labels: ExportLabels, budget: DiffBudget, emit: (c: ReportChange) => void): void {
  const base = () => ({ ...(a.id ? { blockId: a.id } : {}), blockType: a.type, section: sectionKey(a), label: unitLabel(a, labels) })
  if (!isSection(a) && b.section.partner !== a.section) {
    const c = base()
    emit({ ...c, kind: 'blockMoved', before: sectionKey(b), after: sectionKey(a), summary: labels.diff.moved(c.label, sectionTitle(b, labels), sectionTitle(a, labels)) })
  }
  // The attributes a block declares (not the server-written ones), in their stored order.
  const compared = diffOf(a.type)?.fields
  const fields = [...new Set([...Object.keys(a.node.attrs ?? {}), ...Object.keys(b.node.attrs ?? {})])].filter((f) => f !== 'id' && (!compared || compared.includes(f)))
  for (const field of fields) {
    const beforeValue = attr(b.node, field)
    const afterValue = attr(a.node, field)
    if (beforeValue === afterValue) continue
    const c = base()
    const before = shownValue(b, field, beforeValue, labels)
    const after = shownValue(a, field, afterValue, labels)
    emit({
      ...c,
      kind: 'fieldChanged',
      field,
      before,
      after,
      beforeValue,
      afterValue,
      summary: labels.diff.field(c.label, fieldName(labels, a.type, field), before, after),
    })
  }
  if (b.text !== a.text) {
    const c = base()
    const segments = diffText(b.text, a.text, budget)
    const { inserted, deleted } = countChanges(segments)
    emit({ ...c, kind: 'textChanged', before: b.text, after: a.text, segments, summary: labels.diff.text(c.label, inserted, deleted) })
  }
}

const sectionKey = (u: Unit) => sectionKeyOf(u.section.node) ?? ''

function kpiChanges(before: KpiValue[], after: KpiValue[], versions: { before: Version; after: Version }, labels: ExportLabels): ReportChange[] {
  const b = new Map(before.map((k) => [k.key, k]))
  const a = new Map(after.map((k) => [k.key, k]))
  const keys = [...new Set([...a.keys(), ...b.keys()])]
  // Where a KPI shows: the first block that shows it (its metric row, the summary KPI block), after the change or else before it.
  const place = (key: string): { section: string; blockId?: string; blockType?: string } => {
    for (const v of [versions.after, versions.before]) {
      const u = v.units.find((x) => diffOf(x.type)?.showsKpi?.(x.node, key) === true)
      if (u) return { section: sectionKey(u), ...(u.id ? { blockId: u.id } : {}), blockType: u.type }
    }
    return { section: '' }
  }
  const out: ReportChange[] = []
  for (const key of keys) {
    const bk = b.get(key)
    const ak = a.get(key)
    // A metric's own KPIs come and go with its row, which is reported as added or removed.
    if ((!bk || !ak) && key.startsWith('metric.')) continue
    const before = bk?.display ?? labels.empty
    const after = ak?.display ?? labels.empty
    if (before === after) continue
    const label = ak?.label ?? bk?.label ?? key
    out.push({ kind: 'kpiChanged', ...place(key), label, field: key, before, after, summary: labels.diff.kpi(label, before, after) })
  }
  return out
}

export function diffReports(before: DiffInput, after: DiffInput, locale: Locale): ReportDiff {
  const labels = exportLabels(locale)
  const vb = buildVersion(before.content)
  const va = buildVersion(after.content)
  vb.root.partner = va.root
  va.root.partner = vb.root

  for (const [id, a] of va.byId) {
    const b = vb.byId.get(id)
    if (b && b.type === a.type) pair(b, a)
  }
  matchSectionsByKey(vb.root, va.root)
  matchContainersByKids(va)
  matchIdless(vb.root, va.root)

  const out: Sortable[] = []
  let seq = 0
  const budget: DiffBudget = { steps: TEXT_DIFF_STEPS }
  const at = (pos: number) => (change: ReportChange) => out.push({ change, key: [pos, seq++] })

  for (const a of va.units) {
    const emit = at(a.pos)
    if (a.partner) {
      compareUnits(a.partner, a, labels, budget, emit)
    } else if (a.parent === va.root || a.parent?.partner) {
      // Blocks inside an added container are part of that addition.
      emit({
        kind: 'blockAdded',
        ...(a.id ? { blockId: a.id } : {}),
        blockType: a.type,
        section: sectionKey(a),
        label: unitLabel(a, labels),
        summary: labels.diff.added(unitLabel(a, labels), sectionTitle(a, labels)),
      })
    }
  }

  // A removal goes right after the nearest earlier block that is still there.
  let anchor = -0.5
  for (const b of vb.units) {
    if (b.partner) {
      anchor = b.partner.pos + 0.5
      continue
    }
    if (b.parent && b.parent !== vb.root && !b.parent.partner) continue
    const label = unitLabel(b, labels)
    at(anchor)({
      kind: 'blockRemoved',
      ...(b.id ? { blockId: b.id } : {}),
      blockType: b.type,
      section: sectionKey(b),
      label,
      summary: labels.diff.removed(label, sectionTitle(b, labels)),
    })
  }

  for (const c of kpiChanges(before.kpis, after.kpis, { before: vb, after: va }, labels)) at(Number.MAX_SAFE_INTEGER)(c)

  out.sort((x, y) => x.key[0] - y.key[0] || x.key[1] - y.key[1])
  return { changes: out.map((s) => s.change) }
}
