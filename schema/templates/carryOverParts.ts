/** Reading last month's report and placing what it carries: shared by the blocks' carry-overs (BlockCarryOver.ts). */
import type { JSONContent } from '@tiptap/core'
import { attr } from '../export/reportJson'
import type { PreviousReport } from './BlockCarryOver'

/** A string attribute of a JSON node, or null: the exports' reader (schema/export/reportJson.ts). */
export { attr }

/** `carriedFrom` of a carried action or issue: `<reportId>@<version>#<blockId>`. */
export const carriedFromRef = (prev: PreviousReport, blockId: string): string => `${prev.reportId}@${prev.version}#${blockId}`

/** `node` and everything in it, in document order. */
export function* walk(node: JSONContent): Generator<JSONContent> {
  yield node
  for (const child of node.content ?? []) yield* walk(child)
}

/** All the text in `node`. */
export const textOf = (node: JSONContent): string => [...walk(node)].map((n) => n.text ?? '').join('')

/** The top-level section of `doc` with template key `key`. */
export function sectionOf(doc: JSONContent, key: string): JSONContent | undefined {
  return doc.content?.find((n) => n.type === 'reportSection' && attr(n, 'key') === key)
}

/** Puts `items` right after the heading of `section` (the template's own blocks stay after them, for this month's own). */
export function insertAfterHeading(section: JSONContent, items: JSONContent[]): void {
  const children = section.content ?? []
  section.content = [children[0]!, ...items, ...children.slice(1)]
}
