import * as Y from 'yjs'
import { outsideSectionIndexes } from '@schema/outsideSection'

/** Transaction origin of the server's own moves of content outside sections. */
export const SECTION_FIX_ORIGIN = 'server:moveOutsideSections'

/** A Y.XmlFragment's top level as schema/outsideSection.ts reads it (text at the top level counts as a paragraph). */
function topLevel(children: (Y.XmlElement | Y.XmlText)[]) {
  return {
    childCount: children.length,
    child: (i: number) => {
      const c = children[i]!
      return { type: { name: c instanceof Y.XmlElement ? c.nodeName : 'text' } }
    },
  }
}

/**
 * Moves every top-level element of a report body that is outside every
 * section (schema/outsideSection.ts: a trend chart or feedback summary an
 * older editor put after the last section) into the nearest section: to the
 * end of the section before it, or, before the first section, right below
 * the heading of the section after. Nothing is deleted: each element is
 * copied with its attributes (block id included) and content, then the
 * original removed, in one transaction. A body without sections is left as
 * it is (the publish check reports it). Returns the moved elements' node
 * names and ids.
 */
export function moveOutsideSections(fragment: Y.XmlFragment): { type: string; id: string | null }[] {
  const children = fragment.toArray().filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText)
  const outside = outsideSectionIndexes(topLevel(children))
  const sections = children.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'reportSection')
  if (outside.length === 0 || sections.length === 0) return []
  const moved: { type: string; id: string | null }[] = []
  fragment.doc!.transact(() => {
    // Grouped by target section, in document order, so several strays keep their order.
    const appendTo = new Map<Y.XmlElement, Y.XmlElement[]>()
    const prependTo = new Map<Y.XmlElement, Y.XmlElement[]>()
    for (const index of outside) {
      const el = children[index]!
      if (!(el instanceof Y.XmlElement)) continue // bare text at the top level cannot go into a section as is
      const before = children.slice(0, index).reverse().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'reportSection')
      if (before) appendTo.set(before, [...(appendTo.get(before) ?? []), el])
      else {
        const after = children.slice(index + 1).find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'reportSection')!
        prependTo.set(after, [...(prependTo.get(after) ?? []), el])
      }
    }
    for (const [section, els] of appendTo) section.insert(section.length, els.map((el) => el.clone()))
    for (const [section, els] of prependTo) section.insert(Math.min(1, section.length), els.map((el) => el.clone()))
    for (const els of [...appendTo.values(), ...prependTo.values()]) {
      for (const el of els) {
        moved.push({ type: el.nodeName, id: (el.getAttribute('id') as string | undefined) ?? null })
        const at = fragment.toArray().indexOf(el)
        if (at >= 0) fragment.delete(at, 1)
      }
    }
  }, SECTION_FIX_ORIGIN)
  return moved
}
