import { describe, expect, it } from 'vitest'
import { blockDefinitions } from '../blocks/blockRegistry'
import { findDocumentAttributeProblem } from '../nodes/attributeSchemas'
import { reportSchema } from '../reportSchema'
import { LOCALES } from './ReportTemplate'

describe('each block’s blank', () => {
  const withBlank = blockDefinitions.filter((d) => d.blank)

  it('exists for every block a template or the insert menu creates', () => {
    expect(withBlank.map((d) => d.name)).toEqual(['metricsTable', 'issue', 'actionItem', 'goal', 'feedbackSummary', 'kpiBlock', 'trendChart'])
  })

  it.each(withBlank.map((d) => [d.name, d] as const))('%s: a valid block of its own type, with a fresh id each time', (name, d) => {
    for (const locale of LOCALES) {
      const json = d.blank!(locale)
      expect(json.type).toBe(name)
      expect(() => reportSchema.nodeFromJSON(json).check()).not.toThrow()
      expect(findDocumentAttributeProblem({ type: 'doc', content: [json] })).toBeNull()
      expect(d.blank!(locale).attrs!.id).not.toBe(json.attrs!.id)
    }
  })

  it('takes a seed’s attributes and a metrics table’s metrics in the report’s locale', () => {
    const chart = blockDefinitions.find((d) => d.name === 'trendChart')!.blank!('en', { attrs: { metricKey: 'fcr' } })
    expect(chart.attrs).toMatchObject({ metricKey: 'fcr', months: '6' })
    const table = blockDefinitions.find((d) => d.name === 'metricsTable')!.blank!('en', {
      metrics: [{ key: 'csat', name: { 'zh-CN': '满意度', en: 'CSAT' }, unit: '分', direction: 'higher', definition: { 'zh-CN': '均值', en: 'Mean' } }],
    })
    expect(table.content!.map((r) => r.attrs)).toEqual([expect.objectContaining({ key: 'csat', name: 'CSAT', definition: 'Mean' })])
    expect(blockDefinitions.find((d) => d.name === 'metricsTable')!.blank!('en').content).toHaveLength(1)
  })
})
