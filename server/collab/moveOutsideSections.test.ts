import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type { JSONContent } from '@tiptap/core'
import { doc, feedback, h, p, section, theme, trend } from '@schema/docBuilder'
import { reportSchema } from '@schema/reportSchema'
import { moveOutsideSections } from './moveOutsideSections'

function fragmentOf(json: JSONContent): Y.XmlFragment {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment('default')
  prosemirrorJSONToYXmlFragment(reportSchema, json, fragment)
  return fragment
}

/** Top level as `type` or `key: child types`. */
function outline(fragment: Y.XmlFragment): string[] {
  const node = yXmlFragmentToProseMirrorRootNode(fragment, reportSchema)
  const out: string[] = []
  node.forEach((n) => {
    const children: string[] = []
    n.forEach((c) => void children.push(c.type.name))
    out.push(n.type.name === 'reportSection' ? `${n.attrs.key as string}: ${children.join(' ')}` : n.type.name)
  })
  return out
}

describe('moveOutsideSections', () => {
  it('moves blocks after a section to its end, in order, with their ids and content; before the first section, below its heading', () => {
    const fragment = fragmentOf(
      doc(
        h(1, '十一月'),
        p('标题下的文字'),
        section('highlights', '重要事件回顾', p('A')),
        section('summary_outlook', '总结与展望', p('B')),
        trend({ id: 'tr-1', metricKey: 'fcr' }),
        feedback({ id: 'fb-1' }, [theme({ id: 'th-1' }, '等待久')], '总结'),
      ),
    )
    const moved = moveOutsideSections(fragment)
    expect(moved).toEqual([
      { type: 'trendChart', id: 'tr-1' },
      { type: 'feedbackSummary', id: 'fb-1' },
      { type: 'paragraph', id: null },
    ])
    expect(outline(fragment)).toEqual([
      'heading',
      'highlights: heading paragraph paragraph',
      'summary_outlook: heading paragraph trendChart feedbackSummary',
    ])
    const json = JSON.stringify(yXmlFragmentToProseMirrorRootNode(fragment, reportSchema).toJSON())
    for (const kept of ['tr-1', 'fb-1', 'th-1', '等待久', '总结', '标题下的文字']) expect(json).toContain(kept)
    yXmlFragmentToProseMirrorRootNode(fragment, reportSchema).check()
  })

  it('leaves a body with nothing outside, or without sections, as it is', () => {
    const clean = fragmentOf(doc(h(1, 'T'), section('highlights', 'H', p('A'))))
    expect(moveOutsideSections(clean)).toEqual([])
    const noSections = fragmentOf(doc(h(1, 'T'), trend({ id: 'tr-1' })))
    expect(moveOutsideSections(noSections)).toEqual([])
    expect(outline(noSections)).toEqual(['heading', 'trendChart'])
  })
})
