import { describe, expect, it } from 'vitest'
import { mentionQueryAt } from './mentionQuery'

describe('mentionQueryAt', () => {
  it('finds a plain or full-width "@" before the caret, also right after Chinese text', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQueryAt('请 @管', 4)).toEqual({ start: 2, query: '管' })
    expect(mentionQueryAt('请看＠', 3)).toEqual({ start: 2, query: '' })
    expect(mentionQueryAt('口径@zh', 5)).toEqual({ start: 2, query: 'zh' })
  })
  it('ignores e-mail addresses, finished mentions and text after the caret', () => {
    expect(mentionQueryAt('a@b.com', 3)).toBeNull()
    expect(mentionQueryAt('@管理员 好的', 8)).toBeNull()
    expect(mentionQueryAt('好的 @', 2)).toBeNull()
  })
})
