/**
 * The basic ProseMirror JSON builders that the report blocks' own builders
 * (`schema/blocks/<block>/<name>Json.ts`) and the document builder
 * (`schema/docBuilder.ts`) are made of: paragraphs, headings, lists, and a
 * new id for every block that has none.
 */
import type { JSONContent } from '@tiptap/core'
import { newBlockId } from './blockId'

/** A block's attributes as a builder takes them (absent: the node's default). */
export type Attrs = Record<string, string | null | undefined>
/** A child: a node, or a string for its text (a paragraph where blocks go). */
export type Child = JSONContent | string

/** `attrs` with a new block id unless one is given. */
export const withId = (attrs: Attrs = {}) => ({ ...attrs, id: attrs.id ?? newBlockId() })
/** Text nodes from strings (an empty string is no node); nodes pass through. */
export const inline = (children: Child[]): JSONContent[] =>
  children.flatMap((c) => (typeof c === 'string' ? (c === '' ? [] : [{ type: 'text', text: c }]) : [c]))
/** Paragraphs from strings; nodes pass through. */
export const blocks = (children: Child[]): JSONContent[] => children.map((c) => (typeof c === 'string' ? p(c) : c))

export const doc = (...children: JSONContent[]): JSONContent => ({ type: 'doc', content: children })
export const p = (...children: Child[]): JSONContent => {
  const content = inline(children)
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' }
}
export const h = (level: number, text: string): JSONContent => ({ type: 'heading', attrs: { level }, content: inline([text]) })
export const ul = (...items: string[]): JSONContent => ({ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [p(t)] })) })
