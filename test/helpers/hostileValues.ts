/**
 * Attribute values no field of a report may hold, for the attribute fuzzers:
 * objects whose toString/valueOf are not callable (String() throws on them),
 * arrays, deep values, numbers and booleans where text goes, text past every
 * limit, enum-looking words that are not in any enum. Seeded (prng.ts).
 */
import { ATTRIBUTE_LIMITS } from '@schema/nodes/attributeValue'
import type { Rng } from './prng'

export function hostileValues(rng: Rng): unknown[] {
  let deep: unknown = 'x'
  for (let i = 0; i < rng.between(20, 90); i++) deep = rng.chance(0.5) ? { a: deep } : [deep]
  return [
    { toString: 'x' },
    { valueOf: 'x', toString: 'x' },
    { toString: { toString: 'x' } },
    [rng.word(4)],
    [],
    {},
    deep,
    rng.between(-1e6, 1e6) + 0.5,
    rng.chance(0.5),
    'x'.repeat(ATTRIBUTE_LIMITS.raw + 1),
  ]
}

/** Text one character (or a few) past `maxLength`: when maxLength is null (an enum, a number), an option no enum has. */
export function hostileText(rng: Rng, maxLength: number | null): string {
  return maxLength === null ? `not-an-option-${rng.word(6)}` : 'x'.repeat(maxLength + 1 + rng.int(100))
}
