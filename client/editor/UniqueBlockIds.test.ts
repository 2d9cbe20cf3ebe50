import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { action, doc, feedback, goal, h, issue, kpi, metric, metrics, section, theme } from '@schema/docBuilder'
import { BLOCK_TYPES } from '@schema/reportExtensions'
import { reportSchema } from '@schema/reportSchema'
import { findBlockIdFixes, uniqueBlockIdsPlugin } from './UniqueBlockIds'

const build = (json: JSONContent): PMNode => {
  const node = reportSchema.nodeFromJSON(json)
  node.check()
  return node
}
/** The block with its id removed, as a block from an old client or a bad paste arrives. */
const withoutId = (json: JSONContent): JSONContent => ({ ...json, attrs: { ...json.attrs, id: null } })

/** Ids of every block in document order. */
function blockIds(node: PMNode): (string | null)[] {
  const ids: (string | null)[] = []
  node.descendants((child) => {
    if (BLOCK_TYPES.has(child.type.name)) ids.push(child.attrs.id as string | null)
  })
  return ids
}

/** Position of the block with `id` (the first one). */
function posOf(node: PMNode, id: string): number {
  let found = -1
  node.descendants((child, pos) => {
    if (found < 0 && child.attrs.id === id) found = pos
  })
  return found
}

describe('findBlockIdFixes', () => {
  it('leaves a document whose blocks have distinct ids alone', () => {
    const report = build(
      doc(
        h(1, '十一月'),
        section('data_statistics', '数据统计', metrics(metric({ key: 'fcr' }), metric({ key: 'csat' })), kpi()),
        section('problem_analysis', '问题分析', issue({ severity: 'high' }, '响应慢'), action({}, '加人')),
      ),
    )
    expect(findBlockIdFixes(report)).toEqual([])
  })

  it('gives an id to every block without one, nested ones included', () => {
    const report = build(
      doc(
        withoutId(section('goals', '目标设定', withoutId(goal({}, '满意度 80% → 85%')))),
        section('data_statistics', '数据统计', metrics(withoutId(metric({ key: 'fcr' })))),
        section('customer_feedback', '客户反馈', feedback({}, [withoutId(theme({ sentiment: 'negative' }, '等待太久'))], '总结')),
      ),
    )
    const fixes = findBlockIdFixes(report)
    expect(fixes).toHaveLength(4)
    expect(new Set(fixes.map((f) => f.id)).size).toBe(4)
    expect(fixes.map((f) => report.nodeAt(f.pos)!.type.name)).toEqual(['reportSection', 'goal', 'metricRow', 'feedbackTheme'])
  })

  it('keeps the first of two blocks sharing an id and renews the later one', () => {
    const report = build(
      doc(
        section('problem_analysis', '问题分析', issue({ id: 'issue-1' }, '原件'), issue({ id: 'issue-1' }, '副本')),
        section('data_statistics', '数据统计', metrics(metric({ id: 'row-1' }), metric({ id: 'row-1' }), metric({ id: 'row-1' }))),
      ),
    )
    const fixes = findBlockIdFixes(report)
    expect(fixes.map((f) => report.nodeAt(f.pos)!.textContent || report.nodeAt(f.pos)!.type.name)).toEqual(['副本', 'metricRow', 'metricRow'])
    expect(fixes.every((f) => f.id !== 'issue-1' && f.id !== 'row-1')).toBe(true)
    expect(posOf(report, 'row-1')).toBeLessThan(fixes[1]!.pos)
  })

  it('renews a pasted copy even when it lies before its original', () => {
    const report = build(section('goals', '目标设定', goal({ id: 'g' }, '副本'), goal({ id: 'g' }, '原件')))
    const copyPos = posOf(report, 'g')
    const copy = report.nodeAt(copyPos)!
    const fixes = findBlockIdFixes(report, [{ from: copyPos, to: copyPos + copy.nodeSize }])
    expect(fixes).toHaveLength(1)
    expect(report.nodeAt(fixes[0]!.pos)!.textContent).toBe('副本')
  })

  it('keeps the first id when every block sharing it is new', () => {
    const report = build(section('goals', '目标设定', goal({ id: 'g' }, 'A'), goal({ id: 'g' }, 'B')))
    const fixes = findBlockIdFixes(report, [{ from: 0, to: report.content.size }])
    expect(fixes.map((f) => report.nodeAt(f.pos)!.textContent)).toEqual(['B'])
  })
})

describe('uniqueBlockIdsPlugin', () => {
  const start = () =>
    EditorState.create({
      doc: build(doc(section('improvements', '改进措施', action({ id: 'a-1' }, '排班优化')))),
      plugins: [uniqueBlockIdsPlugin()],
    })
  const actionPos = (state: EditorState) => posOf(state.doc, 'a-1')

  it('renews the id of a block pasted above its original, in the same update', () => {
    const state = start()
    const original = state.doc.nodeAt(actionPos(state))!
    const next = state.apply(state.tr.insert(actionPos(state), original.copy(original.content)))
    const ids = blockIds(next.doc)
    expect(new Set(ids).size).toBe(ids.length)
    // The original (now second) keeps its id; the copy above it got a new one.
    const actions = [] as PMNode[]
    next.doc.descendants((n) => void (n.type.name === 'actionItem' && actions.push(n)))
    expect(actions.map((n) => n.attrs.id === 'a-1')).toEqual([false, true])
    expect(actions[0]!.attrs.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('gives an id to a block inserted without one', () => {
    const state = start()
    const json = withoutId(issue({ severity: 'low' }, '新问题'))
    const next = state.apply(state.tr.insert(state.doc.content.size - 1, reportSchema.nodeFromJSON(json)))
    expect(blockIds(next.doc).every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
  })

  it('renews the second half of a split block, the first half keeps the id', () => {
    const state = start()
    const pos = actionPos(state)
    const next = state.apply(state.tr.split(pos + 2 + 2, 2)) // inside 排班优化, splitting paragraph and action item
    const actions = [] as PMNode[]
    next.doc.descendants((n) => void (n.type.name === 'actionItem' && actions.push(n)))
    expect(actions.map((n) => n.textContent)).toEqual(['排班', '优化'])
    expect(actions[0]!.attrs.id).toBe('a-1')
    expect(actions[1]!.attrs.id).not.toBe('a-1')
  })

  it('does not scan the document for plain typing (a duplicate already there stays until blocks change)', () => {
    const state = EditorState.create({
      doc: build(doc(section('goals', '目标设定', goal({ id: 'g' }, 'A'), goal({ id: 'g' }, 'B')))),
      plugins: [uniqueBlockIdsPlugin()],
    })
    const typed = state.apply(state.tr.insertText('x', posOf(state.doc, 'g') + 2))
    expect(blockIds(typed.doc).filter((id) => id === 'g')).toHaveLength(2)
    const withBlock = typed.apply(typed.tr.insert(typed.doc.content.size - 1, reportSchema.nodeFromJSON(goal({}, 'C'))))
    const ids = blockIds(withBlock.doc)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('leaves changes from the y-sync plugin (peers, initial load, Yjs undo) as they are', () => {
    const state = start()
    const original = state.doc.nodeAt(actionPos(state))!
    const tr = state.tr.insert(actionPos(state), original.copy(original.content)).setMeta(ySyncPluginKey, { isChangeOrigin: true })
    const next = state.apply(tr)
    expect(blockIds(next.doc).filter((id) => id === 'a-1')).toHaveLength(2)
  })

  it('does nothing when the document did not change', () => {
    const state = start()
    const tr = state.tr.setMeta('any', true)
    expect(state.applyTransaction(tr).transactions).toHaveLength(1)
  })
})
