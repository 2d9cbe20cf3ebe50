/**
 * Metric keys: the stable identifier that ties a metric row to last month's
 * row (carry-over, 上月 values) and to its trend. Users never have to invent
 * one: a row gets a generated key when it is created (they may rename it in
 * ▸ details). Generated keys are `m_` and 8 random base-36 characters, far
 * below the attribute limit (ATTRIBUTE_LIMITS.key), and unique within the
 * document they are made for.
 */
import type { Node as PMNode } from '@tiptap/pm/model'

const PREFIX = 'm_'
const RANDOM_LENGTH = 8
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

function randomPart(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_LENGTH))
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}

/** A new metric key that is not in `taken`. */
export function newMetricKey(taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const key = PREFIX + randomPart()
    if (!taken.has(key)) return key
  }
}

/** The metric keys used in `doc`. */
export function metricKeysIn(doc: PMNode): Set<string> {
  const keys = new Set<string>()
  doc.descendants((node) => {
    if (node.type.name === 'metricRow' && typeof node.attrs.key === 'string' && node.attrs.key !== '') keys.add(node.attrs.key)
    return !node.isTextblock
  })
  return keys
}

/**
 * `node` with a generated key on every metric row in it (itself included)
 * that has none, or, with `replace`, on every row (a duplicate must not share
 * its original's key). New keys avoid `taken`, which is extended with them.
 */
export function withMetricKeys(node: PMNode, taken: Set<string>, replace = false): PMNode {
  if (node.type.name === 'metricRow') {
    const current = node.attrs.key
    if (!replace && typeof current === 'string' && current !== '') return node
    const key = newMetricKey(taken)
    taken.add(key)
    return node.type.create({ ...node.attrs, key }, node.content, node.marks)
  }
  if (node.isTextblock || node.childCount === 0) return node
  const children: PMNode[] = []
  node.forEach((child) => children.push(withMetricKeys(child, taken, replace)))
  return node.type.create(node.attrs, children, node.marks)
}
