import { describe, expect, it } from 'vitest'
import type { Editor } from '@tiptap/core'
import { liftTarget } from '@tiptap/pm/transform'
import { AllSelection, EditorState, type Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { action, doc, feedback, h, issue, kpi, metric, metrics, p, section, theme } from '@schema/docBuilder'
import { reportSchema } from '@schema/reportSchema'
import { allowBlockRemoval, blockGuardPlugin } from './BlockGuard'
import { uniqueBlockIdsPlugin } from './UniqueBlockIds'
import { canDeleteBlock, deleteBlock, duplicateBlock, moveBlock, restoreBlock } from './blocks/blockActions'

const report = () =>
  doc(
    h(1, '十一月'),
    section('problem_analysis', '问题分析', issue({ id: 'i-1', title: '接通率低' }, '描述'), issue({ id: 'i-2' }, '二'), p('后文')),
    section('improvements', '改进措施', action({ id: 'a-1' }, '增编'), action({ id: 'a-2' }, '培训')),
    section('customer_feedback', '客户反馈', feedback({ id: 'fb' }, [theme({ id: 't-1' }, '等待久')], '总结'), kpi({ id: 'k-1' })),
  )

const stateOf = () => EditorState.create({ doc: reportSchema.nodeFromJSON(report()), plugins: [uniqueBlockIdsPlugin(), blockGuardPlugin()] })

/** Position of the node with `id`. */
function posOf(state: EditorState, id: string): number {
  let found = -1
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.attrs.id === id) found = pos
  })
  return found
}
/** Position of the first text `text`. */
function textPos(state: EditorState, text: string): number {
  let found = -1
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text === text) found = pos
  })
  return found
}
const ids = (state: EditorState) => {
  const out: string[] = []
  state.doc.descendants((node) => void (typeof node.attrs.id === 'string' && out.push(node.attrs.id)))
  return out
}
/** Applies `tr` as the editor would: refused transactions leave the state as it is. */
const apply = (state: EditorState, tr: Transaction) => state.applyTransaction(tr).state

/** Just enough of a TipTap editor for the block actions. */
function fakeEditor(initial: EditorState): Editor & { state: EditorState } {
  const editor = { state: initial } as unknown as Editor & { state: EditorState }
  ;(editor as unknown as { view: unknown }).view = { dispatch: (tr: Transaction) => (editor.state = apply(editor.state, tr)) }
  return editor
}

describe('BlockGuard: local transactions that would remove a block are refused', () => {
  it('refuses lifting an issue description out of its card (what Backspace at its start did)', () => {
    const state = stateOf()
    const $at = state.doc.resolve(textPos(state, '描述'))
    const range = $at.blockRange()!
    const tr = state.tr.lift(range, liftTarget(range)!)
    expect(apply(state, tr).doc.eq(state.doc)).toBe(true)
  })

  it('refuses joining two issues, deleting a KPI block, and replacing everything (select-all + type)', () => {
    const state = stateOf()
    const i2 = posOf(state, 'i-2')
    expect(apply(state, state.tr.join(i2)).doc.eq(state.doc)).toBe(true)
    const k = posOf(state, 'k-1')
    expect(apply(state, state.tr.delete(k, k + 1)).doc.eq(state.doc)).toBe(true)
    const all = state.apply(state.tr.setSelection(new AllSelection(state.doc)))
    expect(apply(all, all.tr.insertText('x')).doc.eq(state.doc)).toBe(true)
  })

  it('refuses content at the top level, outside the sections', () => {
    const state = stateOf()
    expect(apply(state, state.tr.insert(state.doc.content.size, reportSchema.nodes.paragraph!.create())).doc.eq(state.doc)).toBe(true)
  })

  it('lets typing, an explicit removal and a change from Yjs (peer, undo) through', () => {
    const state = stateOf()
    const typed = apply(state, state.tr.insertText('!', textPos(state, '描述')))
    expect(typed.doc.textContent).toContain('!描述')
    const k = posOf(state, 'k-1')
    expect(ids(apply(state, allowBlockRemoval(state.tr.delete(k, k + 1))))).not.toContain('k-1')
    expect(ids(apply(state, state.tr.delete(k, k + 1).setMeta(ySyncPluginKey, { isChangeOrigin: true })))).not.toContain('k-1')
  })
})

describe('block actions', () => {
  it('move keeps the id, across a section boundary too', () => {
    const editor = fakeEditor(stateOf())
    expect(moveBlock(editor, posOf(editor.state, 'a-2'), -1)).toBe(true)
    expect(ids(editor.state).filter((id) => id.startsWith('a-'))).toEqual(['a-2', 'a-1'])
    expect(moveBlock(editor, posOf(editor.state, 'a-2'), -1)).toBe(true) // to the end of 问题分析
    const $a2 = editor.state.doc.resolve(posOf(editor.state, 'a-2'))
    expect($a2.parent.attrs.key).toBe('problem_analysis')
    editor.state.doc.check()
  })

  it('duplicate gives the copy and every block inside it fresh ids', () => {
    const editor = fakeEditor(stateOf())
    const before = ids(editor.state)
    const copy = duplicateBlock(editor, posOf(editor.state, 'fb'))!
    const after = ids(editor.state)
    expect(after).toHaveLength(before.length + 2) // the summary and its theme
    expect(new Set(after).size).toBe(after.length)
    expect(after).toContain(copy)
  })

  it('a copy of a carried-over action is not marked carried over', () => {
    const editor = fakeEditor(
      EditorState.create({ doc: reportSchema.nodeFromJSON(doc(section('x', 'X', action({ id: 'a-1', carriedFrom: 'r@1#a' }, '续')))) }),
    )
    const copy = duplicateBlock(editor, posOf(editor.state, 'a-1'))!
    expect(editor.state.doc.nodeAt(posOf(editor.state, copy))!.attrs.carriedFrom).toBeNull()
    expect(editor.state.doc.nodeAt(posOf(editor.state, 'a-1'))!.attrs.carriedFrom).toBe('r@1#a')
  })

  it('delete needs no permission from the guard, and restore puts the block back with its id', () => {
    const editor = fakeEditor(stateOf())
    const deleted = deleteBlock(editor, posOf(editor.state, 'i-1'))!
    expect(ids(editor.state)).not.toContain('i-1')
    expect(restoreBlock(editor, deleted)).toBe(true)
    const restored = editor.state.doc.nodeAt(posOf(editor.state, 'i-1'))!
    expect(restored.attrs.title).toBe('接通率低')
    expect(editor.state.doc.resolve(posOf(editor.state, 'i-1')).index()).toBe(1) // right below the heading again
  })

  it('cannot delete the only row of a table (its parent would be invalid)', () => {
    const state = EditorState.create({
      doc: reportSchema.nodeFromJSON(doc(section('x', 'X', metrics(metric({ id: 'm-1' })), feedback({ id: 'fb' }, [theme({ id: 't-1' })])))),
    })
    expect(canDeleteBlock(state.doc, posOf(state, 'm-1'))).toBe(false)
    expect(canDeleteBlock(state.doc, posOf(state, 't-1'))).toBe(true)
  })
})
