/**
 * How the report diff compares one kind of block and names it in a change:
 * the `diff` member of its definition. Blocks without one compare every
 * stored attribute but the id, their whole text, and are named by their
 * noun and an excerpt of their text.
 */
import type { JSONContent } from '@tiptap/core'
import type { ExportLabels } from '../export/exportLabels'
import type { DocIndex } from '../docIndex/DocIndex'

/** A block as the diff sees it in one version. */
export interface DiffBlockView {
  node: JSONContent
  /** The block's own text: a section's title, a table's text without its rows. */
  text: string
  /** The index of the version the block is in. */
  index: DocIndex
  /** The block's noun in the diff's locale ("指标", "action"). */
  noun: string
}

/** "noun「name」" / "noun “name”", or the noun alone without a name; `head` stands in for the noun ("action #3"). */
export type NamedLabel = (name: string | null, head?: string) => string

export interface BlockDiff {
  /** The attributes whose edits are reported; without the list, every stored attribute but the id. Server-written data is left out. */
  fields?: readonly string[]
  /** How a change names the block: 指标「一次解决率」, action #3 “…”. */
  label?: (block: DiffBlockView, named: NamedLabel) => string
  /** A field's value as readers see it when that is neither the stored value nor its label (an action's issue by its title). */
  value?: (field: string, value: string | null, index: DocIndex, labels: ExportLabels) => string | undefined
  /** The node type of the blocks this block holds that are compared one by one (a table's rows); its own text leaves them out. */
  parts?: string
  /**
   * The block is a section: the blocks in it are placed, and moved, by it;
   * its own text is its title heading; it is also known by its key.
   */
  section?: { key: (node: JSONContent) => string | null }
  /** Whether a change of the KPI `kpiKey` is shown at this block (the first such block of the report). */
  showsKpi?: (node: JSONContent, kpiKey: string) => boolean
}
