/**
 * Everything about one kind of report block, in one place: its ProseMirror
 * node, the schema of its stored attributes, its words in every locale,
 * its version. Each block's folder (`schema/blocks/<block>/`) exports one
 * definition; `blockRegistry.ts` lists them, and every consumer (the editor,
 * the publish check, the KPIs, the exports, the diff, the attribute gate)
 * loops over the registry instead of switching on block names.
 */
import type { Node } from '@tiptap/core'
import type { z } from 'zod'
import type { BlockDiff } from '../diff/BlockDiff'
import type { BlockHtml, BlockMarkdown } from '../export/BlockRenderer'
import type { Locale } from '../templates/ReportTemplate'
import type { BlockCheck } from '../check/BlockCheck'
import type { BlockKpi } from '../kpi/BlockKpi'
import type { BlockIndex } from '../docIndex/DocIndex'
import type { BlockCaption } from './BlockCaption'
import type { BlockServerValues } from './BlockServerValues'
import type { BlockBlank } from '../templates/BlockBlank'
import type { BlockCarryOver } from '../templates/BlockCarryOver'
import type { DocxBlockLoader } from '../export/DocxBlockRenderer'
import type { BlockMigration } from '../document/BlockMigration'

/** A text in every locale of the report. */
export type LocaleText = Readonly<Record<Locale, string>>

/** The zod object that says which values each attribute of a block may hold. */
export type AttributeSchema = z.ZodObject<Record<string, z.ZodType>>

/** A block's words: what it is called, what its fields are called, what its enumerated values read as. */
export interface BlockLabels {
  /** The noun for the block ("问题" / "issue"). */
  noun: LocaleText
  /** Field names by attribute name. */
  fields: Readonly<Record<string, LocaleText>>
  /** Labels of enumerated values, by attribute name then by stored value. */
  values?: Readonly<Record<string, Readonly<Record<string, LocaleText>>>>
}

export interface BlockDefinition<Name extends string = string> {
  /** The node name, as stored in documents. */
  name: Name
  /** Version of this block's stored shape; raised with each named migration. */
  version: number
  /** The TipTap node (data only; the client adds its view). */
  node: Node
  /** Every attribute value entering a document is checked against this. */
  attributes: AttributeSchema
  labels: BlockLabels
  /** Its rules for the pre-publish check (schema/check/checkReport.ts); blocks without rules have none. */
  check?: BlockCheck
  /** Adds it to the KPIs' sources (schema/kpi/computeReportKpis.ts); the KPIs then do not look inside it. */
  kpi?: BlockKpi
  /** What it tells the other blocks of its report (schema/docIndex/DocIndex.ts): linkable issues and their titles, referable metrics, action numbers and links; read by the editor, the check, the KPIs, the exports and the diff. */
  index?: BlockIndex
  /** The user's own words that name it for readers (a metric's name, an issue's title); '' when there are none. */
  caption?: BlockCaption
  /** How the HTML export shows the block (schema/export/BlockRenderer.ts); without one, its text. */
  html?: BlockHtml
  /** How the Markdown export shows the block (schema/export/BlockRenderer.ts); without one, its text. */
  markdown?: BlockMarkdown
  /** How the report diff compares the block and names it in a change (schema/diff/BlockDiff.ts). */
  diff?: BlockDiff
  /** What a new one starts as, from a template's seed or the editor's insert menu (schema/templates/BlockBlank.ts); blocks made only inside others (a metric row) or by the server have none. */
  blank?: BlockBlank
  /** What of last month's blocks of its type comes into a new month's report (schema/templates/carryOver.ts); without one, nothing. */
  carryOver?: BlockCarryOver
  /** What the server computes into it and keeps clients from writing (server/kpi/kpiRecompute.ts): KPI values, trend series. */
  serverValues?: BlockServerValues
  /** Loads the block's Word renderer (`<name>Docx.ts`); lazy, so the `docx` library stays out of the editor's bundle. */
  docx?: DocxBlockLoader
  /** Named steps from older stored shapes to today's, oldest first (`<name>Migrations.ts`; run by schema/document/migrateDocument.ts). */
  migrations?: readonly BlockMigration[]
}
