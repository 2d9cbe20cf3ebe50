/**
 * Attribute values as text or numbers, for code that reads documents. They
 * never throw: String() or Number() of an object whose `toString`/`valueOf`
 * are not callable does, and documents stored before attributes were
 * checked (or built by a bug) may hold such values.
 */

/** Strings as they are, finite numbers and booleans spelled out; '' and anything else (null, objects, arrays, NaN) null. */
export function attrString(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value)
  return null
}

/** A finite number, or a string of one (`"3"`); anything else null. */
export function attrNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string' || value.trim() === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}
