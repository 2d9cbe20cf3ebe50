/**
 * Where a comment thread points in the report body. Comments are not part
 * of the Y.Doc, so the anchor has to survive edits it never sees:
 *
 * - `relStart` / `relEnd`: Yjs relative positions (Y.relativePositionToJSON)
 *   over the body fragment, for a text selection. They follow the text
 *   through any concurrent edit; when the text is deleted they collapse.
 * - `blockId`: the block around the text, or the block itself for a block
 *   comment (every block carries a stable `id`).
 * - `field`: a field of that block (a metric row's `current`, a KPI key).
 * - `quote`: the text as it was, shown when the anchor is gone (orphaned)
 *   and searched for when the relative positions cannot be resolved.
 */
export interface CommentAnchor {
  blockId: string
  field?: string
  quote: string
  relStart?: RelativePositionJSON
  relEnd?: RelativePositionJSON
}

/** An item id of the Y.Doc (client and clock). */
export interface YIdJSON {
  client: number
  clock: number
}

/** What Y.relativePositionToJSON produces. */
export interface RelativePositionJSON {
  type?: YIdJSON
  tname?: string
  item?: YIdJSON
  assoc?: number
}

/** Longest quote kept with an anchor (characters). */
export const MAX_QUOTE_LENGTH = 1000
/** Longest block id or field name accepted. */
export const MAX_ANCHOR_KEY_LENGTH = 100
