/**
 * A computed value, or the reason there is none. Formulas never return NaN
 * or Infinity: missing, non-numeric or zero inputs give `{ ok: false, reason }`,
 * shown as "—" with the reason.
 */
export type Derived = { ok: true; value: number } | { ok: false; reason: DerivedReason }

export type DerivedReason = 'missing' | 'not_a_number' | 'zero_divisor' | 'no_target'

export const value = (v: number): Derived => (Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'not_a_number' })
export const none = (reason: DerivedReason): Derived => ({ ok: false, reason })
