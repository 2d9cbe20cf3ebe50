/**
 * The values a KPI block stores (written by the server): read back defensively,
 * since a stored value may come from an older server or a hostile client.
 */
import { attrString } from '../nodes/readAttribute'

/** One KPI value as the server writes it into a KPI block's `values`, with its provenance. */
export interface KpiEntry {
  key: string
  label: string
  /** The value as the server formatted it ("92.1%", "—"). */
  display: string
  formula: string
  /** The inputs the value was computed from, as `name = value` lines. */
  inputs: string[]
  /** The same inputs with the block each came from (empty for inputs stored without one). */
  inputRefs: KpiInputRef[]
  period: string
  computedAt: string
  /** Why there is no value, when there is none. */
  reason: string
}

/** One input of a KPI value: the block it came from, its field and the value read. */
export interface KpiInputRef {
  blockId: string
  field: string
  value: string
}

const str = (v: unknown): string => attrString(v) ?? ''

function inputRefs(inputs: unknown): KpiInputRef[] {
  if (!Array.isArray(inputs)) return []
  return inputs
    .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null && 'field' in i)
    .map((i) => ({ blockId: str(i.blockId), field: str(i.field), value: str(i.value) }))
}

function inputLines(inputs: unknown): string[] {
  if (inputs == null) return []
  if (Array.isArray(inputs)) {
    // The server's inputs are {blockId, field, value}: show `field = value`.
    return inputs.map((i) =>
      typeof i === 'object' && i !== null && 'field' in i ? `${str((i as { field: unknown }).field)} = ${str((i as { value: unknown }).value)}` : str(i),
    )
  }
  if (typeof inputs === 'object') return Object.entries(inputs).map(([k, v]) => `${k} = ${str(v)}`)
  return [str(inputs)]
}

/**
 * The entries of a KPI block's `values` (a JSON array written by the server),
 * read leniently: unknown fields are ignored, missing ones are ''. Null when
 * there is nothing to show yet or the JSON is not an array.
 */
export function parseKpiValues(raw: unknown): KpiEntry[] | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return null
  }
  if (!Array.isArray(data)) return null
  return data
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      key: str(e.key),
      label: str(e.label ?? e.key),
      display: str(e.display ?? e.value ?? '—') || '—',
      formula: str(e.formula),
      inputs: inputLines(e.inputs),
      inputRefs: inputRefs(e.inputs),
      period: str(e.period),
      computedAt: str(e.computedAt),
      reason: str(e.reason),
    }))
}

