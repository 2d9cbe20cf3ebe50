import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { GapCursor } from '@tiptap/pm/gapcursor'
import { EditorState, NodeSelection, TextSelection } from '@tiptap/pm/state'
import { doc, feedback, goal, h, issue, kpi, metric, metrics, p, section, trend } from '@schema/docBuilder'
import { reportSchema } from '@schema/reportSchema'
import { placeBlock } from './placeBlock'
import { placeSection } from './placeSection'

/** A state with the cursor at the end of the first paragraph containing `marker` (or the first empty one). */
function at(json: JSONContent, marker = ''): EditorState {
  const state = EditorState.create({ doc: reportSchema.nodeFromJSON(json) })
  let cursor = -1
  state.doc.descendants((node, pos) => {
    if (cursor < 0 && node.type.name === 'paragraph' && (marker ? node.textContent.includes(marker) : node.content.size === 0)) {
      cursor = pos + 1 + node.content.size
    }
  })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, cursor)))
}

/** Top-level shape: each section as `key: child types`. */
function outline(state: EditorState): string[] {
  const out: string[] = []
  state.doc.forEach((node) => {
    const children: string[] = []
    node.forEach((c) => void children.push(c.type.name))
    out.push(node.type.name === 'reportSection' ? `${node.attrs.key as string}: ${children.join(' ')}` : node.type.name)
  })
  return out
}

const cursorParent = (state: EditorState) => state.selection.$from.node(-1).type.name

describe('placeBlock', () => {
  it('replaces the empty paragraph holding the cursor and puts the cursor into the block', () => {
    const state = at(doc(section('problem_analysis', '问题分析', p('前文'), p(), p('后文'))))
    const tr = state.tr
    expect(placeBlock(tr, reportSchema.nodeFromJSON(issue({})))).toBe(true)
    const next = state.apply(tr)
    expect(outline(next)).toEqual(['problem_analysis: heading paragraph issue paragraph'])
    expect(cursorParent(next)).toBe('issue')
  })

  it('puts a block after a paragraph with text', () => {
    const state = at(doc(section('goals', '目标设定', p('下月目标：'))), '下月目标')
    const tr = state.tr
    placeBlock(tr, reportSchema.nodeFromJSON(goal({})))
    const next = state.apply(tr)
    expect(outline(next)).toEqual(['goals: heading paragraph goal'])
    expect(cursorParent(next)).toBe('goal')
  })

  it('adds a paragraph after a block without text, for the cursor', () => {
    const state = at(doc(section('data_statistics', '数据统计', p())))
    const tr = state.tr
    placeBlock(tr, reportSchema.nodeFromJSON(kpi()))
    const next = state.apply(tr)
    expect(outline(next)).toEqual(['data_statistics: heading kpiBlock paragraph'])
    expect(next.selection.$from.parent.type.name).toBe('paragraph')
  })

  it('reuses the paragraph that already follows a block without text', () => {
    const state = at(doc(section('data_statistics', '数据统计', p(), p('说明'))))
    const tr = state.tr
    placeBlock(tr, reportSchema.nodeFromJSON(metrics(metric({}))))
    expect(outline(state.apply(tr))).toEqual(['data_statistics: heading metricsTable paragraph'])
  })

  it('lands after the issue when the cursor is in its description (an issue holds only paragraphs)', () => {
    const state = at(doc(section('problem_analysis', '问题分析', issue({}, '描述'))), '描述')
    const tr = state.tr
    placeBlock(tr, reportSchema.nodeFromJSON(metrics(metric({}))))
    const next = state.apply(tr)
    expect(outline(next)).toEqual(['problem_analysis: heading issue metricsTable paragraph'])
    next.doc.check()
  })
})

describe('placeSection', () => {
  it('inserts at the top level after the section holding the cursor, cursor in its first paragraph', () => {
    const state = at(doc(h(1, '十一月'), section('highlights', '重要事件回顾', p('在这里')), section('goals', '目标设定')), '在这里')
    const tr = state.tr
    placeSection(tr, reportSchema.nodeFromJSON(section('risks', '运营风险评估')))
    const next = state.apply(tr)
    expect(outline(next)).toEqual(['heading', 'highlights: heading paragraph', 'risks: heading paragraph', 'goals: heading paragraph'])
    expect(next.selection.$from.node(1).attrs.key).toBe('risks')
  })
})

describe('placeBlock from the title (e.g. the toolbar before the editor had focus)', () => {
  it('puts the block at the top of the first section, not between sections', () => {
    const state = EditorState.create({
      doc: reportSchema.nodeFromJSON(doc(h(1, '十一月'), section('highlights', '重要事件回顾', p('已有内容')))),
    })
    const tr = state.tr.setSelection(TextSelection.create(state.doc, 2))
    placeBlock(tr, reportSchema.nodeFromJSON(issue({})))
    expect(outline(state.apply(tr))).toEqual(['heading', 'highlights: heading issue paragraph'])
  })
})

describe('placeBlock between sections (issue 14: a trend chart and a feedback summary landed after the last section)', () => {
  const twoSections = () =>
    reportSchema.nodeFromJSON(doc(h(1, '十一月'), section('highlights', '重要事件回顾', p('A')), section('summary_outlook', '总结与展望', kpi())))

  it('from a gap cursor after the last section: at the end of that section', () => {
    const start = EditorState.create({ doc: twoSections() })
    const state = start.apply(start.tr.setSelection(new GapCursor(start.doc.resolve(start.doc.content.size))))
    for (const block of [trend(), feedback({}, [])]) {
      const tr = state.tr
      expect(placeBlock(tr, reportSchema.nodeFromJSON(block))).toBe(true)
      const next = state.apply(tr)
      expect(outline(next)[0]).toBe('heading')
      expect(outline(next).slice(1).every((s) => s.includes(':'))).toBe(true) // sections only at the top level
      expect(outline(next)[2]).toMatch(new RegExp(`^summary_outlook: heading kpiBlock ${block.type}`))
      next.doc.check()
    }
  })

  it('with a section selected: at its end; between two sections: at the end of the first', () => {
    const start = EditorState.create({ doc: twoSections() })
    const firstSection = start.doc.child(0).nodeSize
    const selected = start.apply(start.tr.setSelection(NodeSelection.create(start.doc, firstSection)))
    const tr = selected.tr
    placeBlock(tr, reportSchema.nodeFromJSON(trend()))
    expect(outline(selected.apply(tr))).toEqual(['heading', 'highlights: heading paragraph trendChart paragraph', 'summary_outlook: heading kpiBlock'])
  })
})

describe('placeBlock from an empty paragraph outside the sections (left by an older editor)', () => {
  it('puts the block at the end of the section before, not in place of the paragraph', () => {
    const state = at(doc(h(1, '十一月'), section('highlights', '重要事件回顾', p('A')), p()))
    const tr = state.tr
    placeBlock(tr, reportSchema.nodeFromJSON(trend()))
    expect(outline(state.apply(tr))).toEqual(['heading', 'highlights: heading paragraph trendChart paragraph', 'paragraph'])
  })
})
