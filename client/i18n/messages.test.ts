import { describe, expect, it } from 'vitest'
import { blockDefinitions } from '@schema/blocks/blockRegistry'
import { messages } from './messages'

describe('the UI’s block nouns', () => {
  it('are each block’s own noun, in both locales', () => {
    for (const d of blockDefinitions) {
      expect(messages['zh-CN'][`block.name.${d.name}`]).toBe(d.labels.noun['zh-CN'])
      expect(messages.en[`block.name.${d.name}`]).toBe(d.labels.noun.en)
    }
    expect(messages['zh-CN']['block.name.issue']).toBe('问题')
  })
})
