/**
 * The Word export's hook: what a report block's DOCX renderer receives and
 * returns. Each block's folder holds its renderer (`<name>Docx.ts`); the
 * block's definition loads it lazily (`docx`), so the `docx` library never
 * enters the editor's bundle, and renderReportDocx loads them all once
 * before rendering synchronously.
 */
import type { JSONContent } from '@tiptap/core'
import type { FileChild, IRunOptions, ParagraphChild } from 'docx'
import type { RenderContext } from './renderContext'

/**
 * Rasterises a chart's SVG to PNG, `widthPx` pixels wide; null when it cannot.
 * Injected by the server (a native module, run off the event loop): schema/
 * code never imports one, and without it a chart is exported as its values.
 */
export type ChartPngRenderer = (svg: string, widthPx: number) => Promise<Uint8Array | null>

export interface DocxRenderContext extends RenderContext {
  /** Nested content (standard nodes and report blocks) at a nesting depth (0 top level, 1 in a section, 2 in a block). */
  blocks: (nodes: JSONContent[], depth: number) => Promise<FileChild[]>
  /** Inline content (text with its marks, hard breaks) as runs; `run` is merged into every text run. */
  inline: (nodes: JSONContent[], run?: Omit<IRunOptions, 'text' | 'children'>) => ParagraphChild[]
  /** Present on the server only. */
  chartPng?: ChartPngRenderer
}

/** Renders one report block as Word paragraphs and tables (asynchronous: a chart waits for its picture). */
export type DocxBlockRenderer = (node: JSONContent, ctx: DocxRenderContext, depth: number) => Promise<FileChild[]>

/** Loads a block's DOCX renderer (a dynamic import, kept out of the client's bundle). */
export type DocxBlockLoader = () => Promise<DocxBlockRenderer>
