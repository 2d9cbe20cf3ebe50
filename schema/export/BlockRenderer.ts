/**
 * How a report block renders itself in the HTML and Markdown exports: the
 * `html` and `markdown` members of its definition. The document-level
 * renderers (renderReportHtml.ts, renderReportMarkdown.ts) keep the header,
 * inline text and the standard nodes, and hand every report block to its own
 * renderer through the registry; a block renders its children back through
 * the context.
 */
import type { JSONContent } from '@tiptap/core'
import type { RenderContext } from './renderContext'

export interface HtmlRenderContext extends RenderContext {
  /** Child blocks in order, each by its own renderer; consecutive items of a list share it. */
  blocks(nodes: JSONContent[], depth: number): string
  /** Inline content: text with its marks, hard breaks. */
  inline(nodes: JSONContent[]): string
}

export interface BlockHtml {
  /**
   * The block as HTML, every string from the report escaped. `depth` is 0 at
   * the top level, 1 in a section, 2 inside a block. A block with `list`
   * gives one item of that list.
   */
  render(node: JSONContent, ctx: HtmlRenderContext, depth: number): string
  /** Consecutive blocks of this type are items of one list element: its opening and closing tags. */
  list?: { open: string; close: string }
}

export interface MarkdownRenderContext extends RenderContext {
  /** Child blocks in order, separated by blank lines. */
  blocks(nodes: JSONContent[], depth: number): string
  /** A section's blocks: as `blocks`, but consecutive list items form one list (no blank line between them). */
  sectionBlocks(nodes: JSONContent[], depth: number): string
  /** Inline content: text with its marks, hard breaks; no line may start a heading, quote or list. */
  inline(nodes: JSONContent[]): string
}

export interface BlockMarkdown {
  /** The block as Markdown, every string from the report escaped; '' when there is nothing to show. */
  render(node: JSONContent, ctx: MarkdownRenderContext, depth: number): string
  /** The block is a list item: consecutive ones in a section are one list. */
  listItem?: boolean
}
