/**
 * Where a report's top-level content may be: the title heading first, then
 * report sections. Everything else at the top level (a trend chart, a
 * feedback summary, a stray paragraph) is outside every section: it looks
 * as if it belonged to the last section but is in none, so checks, KPIs and
 * exports cannot place it. The editor refuses to put content there, the
 * server moves what is there into the nearest section when a report loads,
 * and the publish check flags what remains. One rule for all three.
 */

/** Whether the top-level child `index` of a report body, of node type `type`, is outside every section. */
export function isOutsideSection(type: string, index: number): boolean {
  if (type === 'reportSection') return false
  return !(index === 0 && type === 'heading') // the report's title
}

/** Structural access to a document's top level (a ProseMirror node or a Y.XmlFragment's children). */
export interface TopLevel {
  readonly childCount: number
  child(index: number): { type: { name: string } }
}

/** Indices of the top-level children of `doc` that are outside every section. */
export function outsideSectionIndexes(doc: TopLevel): number[] {
  const out: number[] = []
  for (let i = 0; i < doc.childCount; i++) if (isOutsideSection(doc.child(i).type.name, i)) out.push(i)
  return out
}
