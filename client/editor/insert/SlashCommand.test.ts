import { describe, expect, it } from 'vitest'
import { doc, p, section } from '@schema/docBuilder'
import { reportSchema } from '@schema/reportSchema'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import { findSlashTrigger } from './SlashCommand'

/** A state whose cursor is at the end of a paragraph holding `text`. */
function typed(text: string): EditorState {
  const state = EditorState.create({ doc: reportSchema.nodeFromJSON(doc(section('highlights', '重要事件回顾', p(text)))) })
  let end = 0
  state.doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph') end = pos + 1 + node.content.size
  })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)))
}

describe('findSlashTrigger', () => {
  it('opens on a slash at the start of a paragraph, with the query typed after it', () => {
    const state = typed('/指标')
    const trigger = findSlashTrigger(state)!
    expect(trigger.query).toBe('指标')
    expect(state.doc.textBetween(trigger.from, trigger.to)).toBe('/指标')
  })

  it('opens after a space and with the Chinese input method slash (、)', () => {
    expect(findSlashTrigger(typed('本月 /issue'))?.query).toBe('issue')
    expect(findSlashTrigger(typed('、风险'))?.query).toBe('风险')
    expect(findSlashTrigger(typed('/'))?.query).toBe('')
  })

  it('stays closed inside words, paths and after a space in the query', () => {
    expect(findSlashTrigger(typed('a/b'))).toBeNull()
    expect(findSlashTrigger(typed('http://x'))).toBeNull()
    expect(findSlashTrigger(typed('问题、风险'))).toBeNull()
    expect(findSlashTrigger(typed('/指标 后面'))).toBeNull()
  })
})
