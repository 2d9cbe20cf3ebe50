/**
 * The KPI block's stale badge: the shared formulas (computeReportKpis) run
 * on this copy of the document give other figures than the server stored.
 *
 * The KPIs read only the attributes of the blocks that feed them (metric
 * rows, issues, action items, goals, the feedback summary), never any text. Every KPI view asks on
 * every document change (each keystroke, each remote keystroke), so the
 * figures are computed once per document version for all views, and not
 * again while those attributes stay the same (typing text changes none of
 * them): a keystroke costs a walk over the blocks, not the formulas.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { blockDefinitions } from '@schema/blocks/blockRegistry'
import { computeReportKpis, type KpiValue } from '@schema/kpi/computeReportKpis'
import { kpiFreshness } from '@schema/kpi/kpiFreshness'
import type { Locale } from '@schema/templates/ReportTemplate'

/** The blocks computeReportKpis reads (those with a `kpi`, by their attributes only); it does not look inside them. */
const KPI_INPUT_TYPES: ReadonlySet<string> = new Set(blockDefinitions.filter((d) => d.kpi).map((d) => d.name))

type KpiInput = { type: string; attrs: Record<string, unknown> }
/** The KPI input blocks, in document order, in one part per child of the document (sections keep theirs while unchanged). */
type KpiInputs = KpiInput[][]

const inputsByNode = new WeakMap<PMNode, KpiInput[]>()

/** The KPI input blocks inside `node` in document order, found by the same walk as computeReportKpis; cached per node. */
function inputsIn(node: PMNode): KpiInput[] {
  const hit = inputsByNode.get(node)
  if (hit) return hit
  const inputs: KpiInput[] = []
  node.descendants((child) => {
    if (KPI_INPUT_TYPES.has(child.type.name)) {
      inputs.push({ type: child.type.name, attrs: child.attrs })
      return false
    }
    return !child.isTextblock
  })
  inputsByNode.set(node, inputs)
  return inputs
}

/** The KPI inputs of `doc`: only the children that changed since the last version are walked. */
function kpiInputs(doc: PMNode): KpiInputs {
  const parts: KpiInputs = []
  doc.forEach((child) => {
    if (KPI_INPUT_TYPES.has(child.type.name)) parts.push([{ type: child.type.name, attrs: child.attrs }])
    else if (!child.isTextblock) parts.push(inputsIn(child))
  })
  return parts
}

function sameAttrs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => Object.is(a[k], b[k]))
}

const samePart = (a: KpiInput[], b: KpiInput[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x.type === b[i]!.type && sameAttrs(x.attrs, b[i]!.attrs)))

/** Same input blocks with the same attributes in the same order (how they are split into parts does not matter). */
function sameInputs(a: KpiInputs, b: KpiInputs): boolean {
  if (a.length === b.length && a.every((part, i) => samePart(part, b[i]!))) return true
  return samePart(a.flat(), b.flat())
}

interface Computed {
  inputs: KpiInputs
  values: KpiValue[]
}

/** Per period and locale: the last figures and the inputs they came from. */
const lastComputed = new Map<string, Computed>()
const valuesByDoc = new WeakMap<PMNode, Map<string, KpiValue[]>>()

/**
 * computeReportKpis(doc, period, locale), the same array (same object) for
 * as long as the KPIs' inputs are the same, so callers may compare by reference.
 */
export function documentKpis(doc: PMNode, period: string, locale: Locale): KpiValue[] {
  const key = `${period}\u0000${locale}`
  let perDoc = valuesByDoc.get(doc)
  const hit = perDoc?.get(key)
  if (hit) return hit
  const inputs = kpiInputs(doc)
  const last = lastComputed.get(key)
  let values: KpiValue[]
  if (last && sameInputs(last.inputs, inputs)) {
    values = last.values
  } else {
    values = computeReportKpis(doc, period, locale)
  }
  lastComputed.set(key, { inputs, values })
  if (!perDoc) {
    perDoc = new Map()
    valuesByDoc.set(doc, perDoc)
  }
  perDoc.set(key, values)
  return values
}

/** Per computed array, per scope, per stored `values` string: whether they differ. */
const staleByValues = new WeakMap<KpiValue[], Map<string | null, Map<string, boolean>>>()

/** Whether stored values (a block's `values`) differ from computed ones, for the block's scope; cached per computed array. */
export function staleAgainst(computed: KpiValue[], scope: string | null, stored: unknown): boolean {
  if (typeof stored !== 'string') return kpiFreshness(computed, scope, stored) === 'stale'
  let byScope = staleByValues.get(computed)
  if (!byScope) {
    byScope = new Map()
    staleByValues.set(computed, byScope)
  }
  let byStored = byScope.get(scope)
  if (!byStored) {
    byStored = new Map()
    byScope.set(scope, byStored)
  }
  let stale = byStored.get(stored)
  if (stale === undefined) {
    stale = kpiFreshness(computed, scope, stored) === 'stale'
    byStored.set(stored, stale)
  }
  return stale
}

/**
 * Whether a KPI block's stored values (the server's) are behind the
 * document; false while nothing has been computed yet (pending, not stale).
 * Same answer as the shared kpiStale, from the cached figures.
 */
export function kpiStale(doc: PMNode, period: string, locale: Locale, scope: string | null, stored: unknown): boolean {
  return staleAgainst(documentKpis(doc, period, locale), scope, stored)
}
