import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { BODY_FIELD, reportSchema } from '../reportSchema'
import { buildReportContent } from './buildReportContent'
import { monthlyOps } from './monthlyOps'

describe('buildReportContent (monthly-ops)', () => {
  it.each([
    ['zh-CN', ['重要事件回顾', '数据统计', '问题分析', '改进措施', '目标设定', '客户反馈', '团队协作', '市场趋势分析', '财务概况', '总结与展望']],
    ['en', ['Highlights', 'Data statistics', 'Problem analysis', 'Improvements', 'Goals', 'Customer feedback', 'Teamwork', 'Market trends', 'Financials', 'Summary and outlook']],
  ] as const)('builds every section in %s, valid for the schema and through Yjs', (locale, titles) => {
    const json = buildReportContent(monthlyOps, locale, 'T')
    const node = reportSchema.nodeFromJSON(json)
    node.check()
    const sections: { key: string; id: string; title: string }[] = []
    node.forEach((child) => {
      if (child.type.name === 'reportSection') {
        sections.push({ key: child.attrs.key as string, id: child.attrs.id as string, title: child.firstChild!.textContent })
      }
    })
    expect(sections.map((s) => s.title)).toEqual(titles)
    expect(sections.map((s) => s.key)).toEqual(monthlyOps.sections.map((s) => s.key))
    expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length)

    // JSON → Y.XmlFragment → ProseMirror gives the same document back.
    const ydoc = prosemirrorJSONToYDoc(reportSchema, json, BODY_FIELD)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
    const back = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(BODY_FIELD), reportSchema)
    expect(back.toJSON()).toEqual(node.toJSON())
  })

  it('marks the required sections of the template', () => {
    expect(monthlyOps.sections.filter((s) => s.required).map((s) => s.key)).toEqual([
      'data_statistics',
      'problem_analysis',
      'improvements',
      'goals',
      'customer_feedback',
      'summary_outlook',
    ])
  })
})
