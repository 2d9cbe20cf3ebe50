/** How the check reads attributes and writes values into its messages. */
import { attrString } from '../nodes/readAttribute'

/** An attribute as trimmed text ('' when unset); attributes are strings as typed, or null. */
export const text = (v: unknown): string => (attrString(v) ?? '').trim()

/** A label cut to a readable length for a message. */
export function snippet(s: string, max = 24): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim())
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

/** Formats a number back for a message without float noise (0.1 + 0.2 → 0.3). */
export const num = (n: number): string => String(Number(n.toPrecision(12)))
