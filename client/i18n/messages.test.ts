import { describe, expect, it } from 'vitest'
import { blockDefinitions, type BlockName } from '@schema/blocks/blockRegistry'
import { capitalise } from '@schema/export/blockLabelText'
import { messages, type MessageKey } from './messages'

const locales = ['zh-CN', 'en'] as const
/** A message's words without decoration: icons, punctuation, case. A duplicate says the same in every locale. */
const words = (s: string) => s.replace(/[^\p{L}\p{N} ]/gu, '').trim().toLowerCase()
const messageOf = (locale: (typeof locales)[number], key: string): string | undefined => (messages[locale] as Record<string, string>)[key]

describe('the UI’s block nouns', () => {
  it('are each block’s own noun, in both locales', () => {
    for (const d of blockDefinitions) {
      expect(messages['zh-CN'][`block.name.${d.name}`]).toBe(d.labels.noun['zh-CN'])
      expect(messages.en[`block.name.${d.name}`]).toBe(d.labels.noun.en)
    }
    expect(messages['zh-CN']['block.name.issue']).toBe('问题')
  })

  it('are the views’ headings too (`block.title.*`), and no hand-written message repeats one', () => {
    for (const d of blockDefinitions) {
      expect(messages.en[`block.title.${d.name}`]).toBe(capitalise(d.labels.noun.en))
      expect(messages['zh-CN'][`block.title.${d.name}`]).toBe(d.labels.noun['zh-CN'])
      const repeats = Object.keys(messages['zh-CN']).filter(
        (k) => k.startsWith('nv.') && locales.every((l) => words(messageOf(l, k) ?? '') === words(d.labels.noun[l])),
      )
      expect(repeats, `messages repeating the noun of ${d.name}`).toEqual([])
    }
  })
})

describe('the UI’s block field and value labels', () => {
  it('are each block’s own labels, reachable as `field.*` and `value.*` messages in both locales', () => {
    let fields = 0
    let values = 0
    for (const d of blockDefinitions) {
      for (const locale of locales) {
        for (const [field, text] of Object.entries(d.labels.fields)) {
          expect(messageOf(locale, `field.${d.name}.${field}`), `field.${d.name}.${field} (${locale})`).toBe(capitalise(text[locale]))
          fields++
        }
        for (const [field, byValue] of Object.entries(d.labels.values ?? {})) {
          for (const [value, text] of Object.entries(byValue)) {
            expect(messageOf(locale, `value.${d.name}.${field}.${value}`), `value.${d.name}.${field}.${value} (${locale})`).toBe(text[locale])
            values++
          }
        }
      }
    }
    expect(fields).toBeGreaterThan(40)
    expect(values).toBeGreaterThan(30)
    const key: MessageKey = 'value.issue.severity.critical'
    expect(messages['zh-CN'][key]).toBe('严重')
    expect(messages.en['field.feedbackTheme.count']).toBe('Mentions')
  })

  // How the hand-written UI messages name a block in their keys (`nv.action.due` is the action item's).
  const aliases: Record<BlockName, readonly string[]> = {
    reportSection: ['section'],
    metricsTable: ['metrics'],
    metricRow: ['metrics', 'metric'],
    issue: ['issue'],
    actionItem: ['action'],
    goal: ['goal'],
    feedbackSummary: ['feedback'],
    feedbackTheme: ['theme'],
    kpiBlock: ['kpi'],
    trendChart: ['trend'],
    quarantine: ['quarantine'],
  }
  const handWritten = Object.keys(messages['zh-CN']).filter((k) => k.startsWith('nv.'))

  it('are not written again by hand as `nv.*` messages', () => {
    const duplicates: string[] = []
    for (const d of blockDefinitions) {
      const names = [d.name, ...aliases[d.name]]
      const sameText = (key: string, text: Record<(typeof locales)[number], string>) =>
        locales.every((l) => words(messageOf(l, key) ?? '') === words(text[l]))
      for (const [field, text] of Object.entries(d.labels.fields)) {
        for (const key of handWritten) {
          const parts = key.split('.')
          const last = parts[parts.length - 1]
          // `nv.<block>.<field>`, or any message of the block (or of no block) that says the same as the label.
          const namedSo = parts.length === 3 && names.includes(parts[1]!) && last === field
          const saysSo = (names.some((n) => parts.includes(n)) || last === field) && sameText(key, text)
          if (namedSo || saysSo) duplicates.push(`${key} ↔ field.${d.name}.${field}`)
        }
      }
      for (const [field, byValue] of Object.entries(d.labels.values ?? {})) {
        for (const [value, text] of Object.entries(byValue)) {
          for (const key of handWritten) {
            if (key.endsWith(`.${value}`) && sameText(key, text)) duplicates.push(`${key} ↔ value.${d.name}.${field}.${value}`)
          }
        }
      }
    }
    expect(duplicates).toEqual([])
  })
})

describe('the publish check’s counts', () => {
  it('read singular for one in English (“1 problem to fix”, not “1 problems”)', () => {
    expect(messages.en['publish.checkError']).toBe('1 problem to fix')
    expect(messages.en['publish.checkWarning']).toBe('1 warning')
    expect(messages.en['publish.checkErrors']).toContain('{n} problems')
  })
})
