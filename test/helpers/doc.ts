/** Reading and editing the report body (`Y.XmlFragment('default')`) the way the editor shapes it. */
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'

export interface PmNode {
  type: string
  attrs?: Record<string, unknown>
  content?: PmNode[]
  text?: string
}

export const bodyOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(BODY_FIELD)

/** Top-level `reportSection` elements. */
export function sectionsOf(doc: Y.Doc): Y.XmlElement[] {
  return bodyOf(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'reportSection')
}

/** Every `paragraph` element inside a section, in document order. */
export function paragraphsOf(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  for (const section of sectionsOf(doc)) {
    for (const child of section.toArray()) if (child instanceof Y.XmlElement && child.nodeName === 'paragraph') out.push(child)
  }
  return out
}

/** The XmlText of a paragraph, created if the paragraph is empty. */
export function textOf(paragraph: Y.XmlElement): Y.XmlText {
  const first = paragraph.get(0)
  if (first instanceof Y.XmlText) return first
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  return text
}

export function newParagraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

/** Appends a paragraph holding `text` to section `sectionIndex` (one transaction, one update). */
export function appendParagraph(doc: Y.Doc, text: string, sectionIndex = 0): void {
  doc.transact(() => {
    const section = sectionsOf(doc)[sectionIndex]
    if (!section) throw new Error(`no section ${sectionIndex}`)
    section.push([newParagraph(text)])
  })
}

/** The ProseMirror JSON of a Y.Doc's body, converted as the server's `/content` does. */
export function pmJsonOf(doc: Y.Doc): PmNode {
  return yXmlFragmentToProseMirrorRootNode(bodyOf(doc), reportSchema).toJSON() as PmNode
}

/** Plain text of ProseMirror JSON: text nodes concatenated, one line per textblock. */
export function pmText(node: PmNode): string {
  if (node.text !== undefined) return node.text
  const inner = (node.content ?? []).map(pmText)
  const isTextblock = (node.content ?? []).some((c) => c.text !== undefined)
  return isTextblock ? inner.join('') : inner.filter((s) => s !== '').join('\n')
}
