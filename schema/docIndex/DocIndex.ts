/**
 * What a block looks up elsewhere in its report: the issues an action item
 * can link to, the metrics a goal or trend chart can refer to, the actions
 * linked to each issue. Built by `indexDoc` from what each block declares
 * (`BlockDefinition.index`); read by the editor's views and the publish check.
 */
import type { Node as PMNode } from '@tiptap/pm/model'

export interface DocIndex {
  /** Issue blocks in document order: what an action item can link to. */
  issues: { id: string; title: string }[]
  /** Metric rows with a key: what a goal or trend chart can refer to. */
  metrics: { key: string; name: string; unit: string; current: string }[]
  /** How many action items point at each issue id. */
  actionsByIssue: Record<string, number>
}

/** A block's part of the index: adds what this block tells the others. */
export type BlockIndex = (node: PMNode, index: DocIndex) => void
