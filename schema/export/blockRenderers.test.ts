import { describe, expect, it } from 'vitest'
import { blockDefinitions } from '../blocks/blockRegistry'
import { diffReports } from '../diff/diffReports'
import { doc, section } from '../docBuilder'
import type { Locale } from '../templates/ReportTemplate'
import { blockNoun, exportLabels, fieldName, fieldValue } from './exportLabels'
import { renderReportHtml } from './renderReportHtml'
import { renderReportMarkdown } from './renderReportMarkdown'

const LOCALES: Locale[] = ['zh-CN', 'en']

/** Blocks that only stand inside another block (a table's rows, a summary's themes), rendered and compared by it. */
const parts = new Set(blockDefinitions.flatMap((d) => (d.diff?.parts ? [d.diff.parts] : [])))

describe('report blocks in the exports and the diff', () => {
  it('every block that stands on its own renders itself to HTML and Markdown; its parts are rendered by it', () => {
    expect([...parts].sort()).toEqual(['feedbackTheme', 'metricRow'])
    for (const d of blockDefinitions) {
      if (parts.has(d.name)) continue
      expect({ block: d.name, html: typeof d.html?.render, markdown: typeof d.markdown?.render }).toEqual({ block: d.name, html: 'function', markdown: 'function' })
    }
  })

  it('reads every block’s noun, field names and value labels from the block’s own labels, in both locales', () => {
    for (const locale of LOCALES) {
      const labels = exportLabels(locale)
      for (const d of blockDefinitions) {
        expect(blockNoun(labels, d.name)).toBe(d.labels.noun[locale])
        for (const [field, text] of Object.entries(d.labels.fields)) expect(fieldName(labels, d.name, field)).toBe(text[locale])
        for (const [field, values] of Object.entries(d.labels.values ?? {}))
          for (const [value, text] of Object.entries(values)) expect(fieldValue(labels, d.name, field, value)).toBe(text[locale])
      }
      // Standard nodes keep their words in the export's table; an unknown value or type reads as stored.
      expect(blockNoun(labels, 'paragraph')).toBe(locale === 'en' ? 'paragraph' : '段落')
      expect(fieldValue(labels, 'issue', 'severity', 'unheard-of')).toBe('unheard-of')
      expect(fieldValue(labels, 'issue', 'severity', null)).toBe('—')
      expect(blockNoun(labels, 'constructor')).toBe('constructor')
    }
  })

  it('groups consecutive items of a list block into one list, and a lone item into a list of its own', () => {
    const act = (text: string) => ({ type: 'actionItem', attrs: { status: 'todo' }, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    const para = { type: 'paragraph', content: [{ type: 'text', text: 'between' }] }
    const content = doc(section('improvements', '改进措施', act('a'), act('b'), para, act('c')))
    const input = { content, title: 'T', period: '2026-10', locale: 'en' as const, kpis: [] }
    const html = renderReportHtml(input)
    expect(html.match(/<ul class="actions">/g)).toHaveLength(2)
    expect(html).toMatch(/<ul class="actions"><li[^>]*>.*#1.*<\/li><li[^>]*>.*#2.*<\/li><\/ul><p>between<\/p><ul class="actions"><li[^>]*>.*#3/)
    const md = renderReportMarkdown(input)
    expect(md).toMatch(/- \[ \] #1 a — [^\n]*\n- \[ \] #2 b — [^\n]*\n\nbetween\n\n- \[ \] #3 c/)
    // A top-level action (outside every section) is still a list of one.
    const loose = renderReportHtml({ ...input, content: { type: 'doc', content: [act('x')] } })
    expect(loose).toMatch(/<ul class="actions"><li class="action action-todo">/)
  })

  it('names a block in a change as its folder says: an action by its number and text', () => {
    const act = (id: string, text: string) => ({ type: 'actionItem', attrs: { id, status: 'todo' }, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    const before = doc(section('improvements', '改进措施', act('a1', 'first'), act('a2', 'second')))
    const after = structuredClone(before)
    after.content![0]!.content![2]!.attrs!.status = 'done'
    const [change] = diffReports({ content: before, kpis: [] }, { content: after, kpis: [] }, 'en').changes
    expect(change).toMatchObject({ kind: 'fieldChanged', label: 'action #2 “second”', before: 'To do', after: 'Done', summary: 'Action #2 “second” status: To do → Done' })
  })
})
