/**
 * Attribute schemas of the nodes and marks that come from TipTap's
 * StarterKit (reportExtensions.ts): what they may hold in a report
 * (attributeSchemas.ts). Nodes without attributes have an empty schema.
 */
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, text } from './attributeValue'

const none = z.object({})

export const docAttributes = none
export const paragraphAttributes = none
export const textAttributes = none
export const blockquoteAttributes = none
export const bulletListAttributes = none
export const listItemAttributes = none
export const hardBreakAttributes = none
export const horizontalRuleAttributes = none

/** h1 … h6; a level is a number in the document (never null: the editor would render `<hnull>`). */
export const headingAttributes = z.object({ level: z.number().int().min(1).max(6) })

/** Where an ordered list starts, and its numbering type (`1`, `a`, `A`, `i`, `I`). */
export const orderedListAttributes = z.object({
  start: z.number().int().min(-1_000_000).max(1_000_000),
  type: z.enum(['1', 'a', 'A', 'i', 'I']).nullable(),
})

/** A code block's language name, as highlighters name them. */
export const codeBlockAttributes = z.object({ language: text(L.key) })

/** A link: its address and the HTML attributes TipTap keeps with it. */
export const linkAttributes = z.object({
  href: text(L.href),
  target: text(L.key),
  rel: text(L.line),
  class: text(L.line),
  title: text(L.line),
})

/** Marks without attributes (y-tiptap stores their attrs as `{}`). */
export const plainMarkAttributes = none
