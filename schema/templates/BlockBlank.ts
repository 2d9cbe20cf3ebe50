/**
 * What a new block starts as (`BlockDefinition.blank`): the content a
 * template's seed (schema/templates/buildReportContent.ts) and the editor's
 * insert menu (client/editor/insert/insertItems.ts) create, with fresh ids
 * and the block's initial attributes and placeholder paragraphs.
 */
import type { JSONContent } from '@tiptap/core'
import type { blockRegistry } from '../blocks/blockRegistry'
import type { Locale, MetricSeed } from './ReportTemplate'

/** What a template may say about one new block beyond its type. */
export interface BlockSeedOptions {
  /** Initial attributes over the block's own (a trend chart's `metricKey`). */
  attrs?: Readonly<Record<string, string>>
  /** The rows a metrics table starts with (one empty row when absent). */
  metrics?: readonly MetricSeed[]
}

/** A new block of its type in the report's content locale, as `seed` asks. */
export type BlockBlank = (locale: Locale, seed?: BlockSeedOptions) => JSONContent

/** The blocks that can be created on their own: those whose definition has a `blank`. */
export type BlankBlockName = {
  [Name in keyof typeof blockRegistry]: (typeof blockRegistry)[Name] extends { blank: BlockBlank } ? Name : never
}[keyof typeof blockRegistry]
