/**
 * What a block looks up elsewhere in its report: the issues an action item
 * can link to and how they are named, the metrics a goal or trend chart
 * refers to, the actions linked to each issue, each action's number (#n).
 * One index for every reader: built by `indexDoc` from a ProseMirror
 * document (the editor's views, the publish check, the server's KPI
 * recompute) and by `indexReport` from its JSON (exports, diff), each block
 * adding its entry through its definition's `index`.
 */

/** A metric row as others refer to it. */
export interface IndexedMetric {
  key: string
  /** '' when the row has no name. */
  name: string
  unit: string
  current: string
}

export interface DocIndex {
  /** Issue blocks in document order: what an action item can link to. */
  issues: { id: string; title: string }[]
  /** Issue titles by block id (the first issue of an id wins). */
  issueTitles: Map<string, string>
  /** Metric rows with a key, in document order: what a goal or trend chart can refer to. */
  metrics: IndexedMetric[]
  /** Metric rows by key (the first row of a key wins, as in the KPIs). */
  metricsByKey: Map<string, IndexedMetric>
  /** How many action items point at each issue id. */
  actionsByIssue: Record<string, number>
  /** The 1-based number of each action item in document order, by its node (ProseMirror node or JSON). */
  actionNumbers: Map<object, number>
}

/** A block's part of the index: `node` is the block itself (a ProseMirror node or its JSON), `attrs` its attributes. */
export type BlockIndex = (attrs: Readonly<Record<string, unknown>>, index: DocIndex, node: object) => void

export const emptyDocIndex = (): DocIndex => ({ issues: [], issueTitles: new Map(), metrics: [], metricsByKey: new Map(), actionsByIssue: {}, actionNumbers: new Map() })
