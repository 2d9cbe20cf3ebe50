/**
 * An issue's 影响范围 (impact): a field added to one block, in that block's
 * folder only. Stored and checked like every attribute, shown by every
 * export, compared by the diff, kept when an open issue is carried over.
 */
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { doc, issue, section } from '../../docBuilder'
import { diffReports } from '../../diff/diffReports'
import { renderReportDocx } from '../../export/renderReportDocx'
import { renderReportHtml } from '../../export/renderReportHtml'
import { renderReportMarkdown } from '../../export/renderReportMarkdown'
import { checkAttributeValue } from '../../nodes/attributeSchemas'
import { carryOver } from '../../templates/carryOver'
import { unzipSync, strFromU8 } from 'fflate'

const IMPACT = '华东区企业客户（约 1,200 家）'
const report = (impact: string | null): JSONContent =>
  doc(section('problem_analysis', '问题分析', issue({ id: 'i1', title: '夜班排队过长', severity: 'high', status: 'open', impact }, '夜班平均等待 6 分钟')))
const input = (content: JSONContent, locale: 'zh-CN' | 'en' = 'zh-CN') => ({ content, title: 'T', period: '2026-10', locale, kpis: [] })

describe("an issue's impact (影响范围)", () => {
  it('is an attribute of its own, a line of text like the other fields', () => {
    expect(checkAttributeValue('issue', 'impact', IMPACT)).toBeNull()
    expect(checkAttributeValue('issue', 'impact', 'x'.repeat(100_000))).toMatch(/impact/)
    expect(checkAttributeValue('issue', 'impact', { toString: 'x' })).toMatch(/impact/)
  })

  it('is shown by the HTML, Markdown and Word exports, named in the report locale', async () => {
    expect(renderReportHtml(input(report(IMPACT)))).toContain('影响范围')
    expect(renderReportHtml(input(report(IMPACT)))).toContain(IMPACT)
    expect(renderReportMarkdown(input(report(IMPACT), 'en'))).toMatch(/Impact: 华东区企业客户/)
    const docx = unzipSync(await renderReportDocx(input(report(IMPACT))))
    const xml = strFromU8(docx['word/document.xml']!)
    expect(xml).toContain('影响范围')
    expect(xml).toContain('华东区企业客户')
    expect(renderReportHtml(input(report(null)))).not.toContain('影响范围')
  })

  it('is compared by the diff, with its label', () => {
    const { changes } = diffReports({ content: report('华东区'), kpis: [] }, { content: report(IMPACT), kpis: [] }, 'zh-CN')
    expect(changes).toEqual([expect.objectContaining({ kind: 'fieldChanged', field: 'impact', before: '华东区', after: IMPACT })])
    expect(changes[0]!.summary).toContain('影响范围')
  })

  it('comes along when an open issue is carried into next month', () => {
    const base = doc(section('problem_analysis', '问题分析'))
    const { content } = carryOver(base, { reportId: 'raaaaaaaaaaaaaaaaaaaa', period: '2026-10', version: '1', content: report(IMPACT) }, 'zh-CN')
    const carried = content.content![0]!.content!.find((n) => n.type === 'issue')!
    expect(carried.attrs?.impact).toBe(IMPACT)
  })
})
