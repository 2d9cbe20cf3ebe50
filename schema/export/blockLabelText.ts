/**
 * A block's own words (its `<name>Labels.ts`) in the export's locale. These
 * read one block's labels, so a block's renderer uses them with its own
 * labels; `exportLabels.ts` finds a block's labels by node type for callers
 * that only have the type (the diff, the document-level renderers).
 */
import type { BlockLabels } from '../blocks/BlockDefinition'
import type { ExportLabels } from './exportLabels'
import { own } from './reportJson'

/** First letter upper-case (a heading or table header in English; Chinese is unchanged). */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** The block's noun ("问题" / "issue"). */
export const nounOf = (block: BlockLabels, labels: ExportLabels): string => block.noun[labels.locale]

/** The block's noun as a heading or label ("Goal"). */
export const titleOf = (block: BlockLabels, labels: ExportLabels): string => capitalise(nounOf(block, labels))

/** The readable name of one of the block's fields; a field without a label reads as its attribute name. */
export const fieldNameOf = (block: BlockLabels, labels: ExportLabels, field: string): string => own(block.fields, field)?.[labels.locale] ?? field

/** The readable name of a field as a heading or table header ("This month"). */
export const fieldTitleOf = (block: BlockLabels, labels: ExportLabels, field: string): string => capitalise(fieldNameOf(block, labels, field))

/**
 * A field value as people read it: an enumerated value (status, severity,
 * sentiment, direction) by its label, anything else as stored, empty as "—".
 */
export function valueLabelOf(block: BlockLabels | undefined, labels: ExportLabels, field: string, value: string | null): string {
  if (value == null || value === '') return labels.empty
  return own(own(block?.values, field), value)?.[labels.locale] ?? value
}
