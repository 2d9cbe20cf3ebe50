import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { demoReportContent } from '../../server/demo/demoReportContent'
import { hostileValues } from '../../test/helpers/hostileValues'
import { createRng, seedFromEnv } from '../../test/helpers/prng'
import { checkReport } from '../check/checkReport'
import { diffReports } from '../diff/diffReports'
import { renderReportHtml } from '../export/renderReportHtml'
import { renderReportMarkdown } from '../export/renderReportMarkdown'
import { computeReportKpis } from '../kpi/computeReportKpis'
import { parseReportDocument } from '../parseReportDocument'
import { reportSchema } from '../reportSchema'
import { buildReportContent } from '../templates/buildReportContent'
import { carryOver } from '../templates/carryOver'
import { LOCALES } from '../templates/ReportTemplate'
import { monthlyOps } from '../templates/monthlyOps'
import { templates } from '../templates/templates'
import { checkAttributeValue, fieldMaxLength, findDocumentAttributeProblem, markAttributeSchemas, nodeAttributeSchemas } from './attributeSchemas'

const nodesOf = (d: JSONContent): JSONContent[] => [d, ...(d.content ?? []).flatMap(nodesOf)]

describe('attribute schemas', () => {
  it('name exactly the attributes of every node and mark of the report schema', () => {
    for (const [name, type] of Object.entries(reportSchema.nodes)) {
      expect(Object.keys(nodeAttributeSchemas[name]?.shape ?? { missing: 1 }).sort(), name).toEqual(Object.keys(type.spec.attrs ?? {}).sort())
    }
    for (const [name, type] of Object.entries(reportSchema.marks)) {
      expect(Object.keys(markAttributeSchemas[name]?.shape ?? { missing: 1 }).sort(), name).toEqual(Object.keys(type.spec.attrs ?? {}).sort())
    }
  })

  it('accept every template in every locale, the demo report and a carried-over month', () => {
    for (const template of Object.values(templates)) {
      for (const locale of LOCALES) expect(findDocumentAttributeProblem(buildReportContent(template, locale, '十月'))).toBeNull()
    }
    const demo = demoReportContent()
    expect(findDocumentAttributeProblem(demo)).toBeNull()
    expect(findDocumentAttributeProblem(parseReportDocument(demo).toJSON())).toBeNull()
    const next = carryOver(buildReportContent(monthlyOps, 'zh-CN', '十一月'), { reportId: 'raaaaaaaaaaaaaaaaaaaa', period: '2026-10', version: '1', content: demo }, 'zh-CN')
    expect(findDocumentAttributeProblem(next.content)).toBeNull()
  })

  it('refuse hostile values on every field of every node, without throwing', () => {
    const seed = seedFromEnv()
    const rng = createRng(seed)
    for (const [nodeName, schema] of Object.entries(nodeAttributeSchemas)) {
      for (const key of [...Object.keys(schema.shape), 'unknownField']) {
        for (const value of hostileValues(rng)) {
          let verdict: string | null = null
          expect(() => (verdict = checkAttributeValue(nodeName, key, value)), `seed ${seed}: ${nodeName}.${key}`).not.toThrow()
          const plain = typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          const fits = plain && key === 'unknownField'
          if (!fits) expect(verdict, `seed ${seed}: ${nodeName}.${key} = ${typeof value}`).not.toBeNull()
        }
      }
    }
  })

  it('leave every reader of documents working on a document that holds hostile values anyway (stored before the checks)', () => {
    const seed = seedFromEnv()
    const rng = createRng(seed)
    const values = hostileValues(rng).filter((v) => typeof v !== 'string')
    const damaged = demoReportContent()
    for (const node of nodesOf(damaged)) {
      if (!node.attrs) continue
      for (const key of Object.keys(node.attrs)) if (rng.chance(0.5)) node.attrs[key] = rng.pick(values)
    }
    const input = { content: damaged, title: 't', period: '2026-10', locale: 'zh-CN' as const, kpis: [] }
    const pm = reportSchema.nodeFromJSON(damaged)
    expect(() => computeReportKpis(pm, '2026-10', 'zh-CN'), `seed ${seed}`).not.toThrow()
    expect(() => checkReport(pm, { template: monthlyOps, locale: 'zh-CN', period: '2026-10' }), `seed ${seed}`).not.toThrow()
    expect(() => renderReportHtml(input), `seed ${seed}`).not.toThrow()
    expect(() => renderReportMarkdown(input), `seed ${seed}`).not.toThrow()
    expect(() => diffReports({ content: demoReportContent(), kpis: [] }, { content: damaged, kpis: [] }, 'zh-CN'), `seed ${seed}`).not.toThrow()
    expect(() => carryOver(buildReportContent(monthlyOps, 'zh-CN', 'x'), { reportId: 'raaaaaaaaaaaaaaaaaaaa', period: '2026-10', version: '1', content: damaged }, 'zh-CN')).not.toThrow()
    expect(findDocumentAttributeProblem(damaged)).not.toBeNull()
  })
})

describe('fieldMaxLength (the editor inputs\' maxLength)', () => {
  it('is the smallest limit of a field name across nodes, undefined for enums and unknown names', () => {
    expect(fieldMaxLength('unit')).toBe(32)
    expect(fieldMaxLength('current')).toBe(64)
    expect(fieldMaxLength('note')).toBe(5_000)
    expect(fieldMaxLength('severity')).toBeUndefined()
    expect(fieldMaxLength('nope')).toBeUndefined()
  })
})
