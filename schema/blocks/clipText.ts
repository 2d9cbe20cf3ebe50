import type { Node as PMNode } from '@tiptap/pm/model'

/** A block's own text cut to a readable length, for captions taken from its content. */
export function clipText(node: PMNode, max = 24): string {
  const s = node.textContent.trim()
  return s.length > max ? `${s.slice(0, max)}…` : s
}
