/**
 * An attribute value as text, for code that reads documents: strings as they
 * are, finite numbers and booleans spelled out, '' and anything else (null,
 * objects, arrays, NaN) null. It never throws: String() of an object whose
 * `toString` is not callable does, and documents stored before attributes
 * were checked (or built by a bug) may hold such values.
 */
export function attrString(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value)
  return null
}
