/**
 * Every report block survives the trip the editor and the server make with
 * it: ProseMirror JSON → schema check → Y.XmlFragment → Yjs update bytes →
 * a fresh Y.Doc → ProseMirror again, with its id and every field exactly as
 * typed (strings stay strings: '12,5x' is not a number, '' is not null).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import type { Node as PmNode } from '@tiptap/pm/model'
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { action, doc, feedback, goal, h, issue, kpi, metric, metrics, p, quarantine, section, theme, trend } from '../docBuilder'
import { BLOCK_TYPES } from '../reportExtensions'
import { BODY_FIELD, reportSchema } from '../reportSchema'
import { buildReportContent } from '../templates/buildReportContent'
import { LOCALES } from '../templates/ReportTemplate'
import { templates } from '../templates/templates'

/** JSON → check → Y.Doc → update bytes → fresh Y.Doc → ProseMirror node. */
function throughYjs(json: JSONContent): { checked: PmNode; back: PmNode } {
  const checked = reportSchema.nodeFromJSON(json)
  checked.check()
  const source = prosemirrorJSONToYDoc(reportSchema, json, BODY_FIELD)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source))
  const back = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(BODY_FIELD), reportSchema)
  source.destroy()
  copy.destroy()
  return { checked, back }
}

/** The first node of `type` in a document, depth first. */
function find(root: JSONContent, type: string): JSONContent | undefined {
  if (root.type === type) return root
  for (const child of root.content ?? []) {
    const hit = find(child, type)
    if (hit) return hit
  }
  return undefined
}

/** Attribute names the schema declares for a node type. */
const declaredAttrs = (type: string) => Object.keys(reportSchema.nodes[type]!.spec.attrs ?? {}).sort()

/**
 * One document per block type, every field of the block set (Chinese text,
 * numbers as people type them, odd-looking strings that must not be coerced).
 */
const cases: { type: string; block: JSONContent; wrap: (b: JSONContent) => JSONContent }[] = [
  {
    type: 'reportSection',
    block: section('problem_analysis', '问题分析', '本月首次响应时长上升，主要集中在夜班。'),
    wrap: (b) => doc(h(1, '2026年11月 运营服务月报'), b),
  },
  {
    type: 'metricsTable',
    block: {
      ...metrics(metric({ key: 'service_volume', name: '服务量', current: '1,286,000' }), metric({ key: 'csat', name: '满意度', current: '4.52' })),
      attrs: { id: 'mt-数据-1', title: '核心指标（11月）' },
    },
    wrap: (b) => doc(section('data_statistics', '数据统计', b)),
  },
  {
    type: 'metricRow',
    block: metric({
      id: 'row-fcr',
      key: 'fcr',
      name: '一次解决率',
      unit: '%',
      current: '12,5x',
      previous: '0',
      target: ' 92.1% ',
      direction: 'lower',
      source: '工单系统 / CRM',
      definition: '首次联系即解决的工单数 ÷ 工单总数（不含重复来电）',
      note: '',
    }),
    wrap: (b) => doc(section('data_statistics', '数据统计', metrics(b))),
  },
  {
    type: 'issue',
    block: issue(
      { id: 'issue-01', title: '夜班首次响应超时', severity: 'critical', owner: '王芳', status: 'monitoring', category: '响应速度', impact: '华东区夜间来电', rootCause: '排班不足；\n知识库过期', carriedFrom: 'raaaaaaaaaaaaaaaaaaaa@1#issue-00' },
      '11月夜班首响 p90 达 45 分钟。',
      p('影响 ', { type: 'text', marks: [{ type: 'bold' }], text: '1,234' }, ' 张工单。'),
    ),
    wrap: (b) => doc(section('problem_analysis', '问题分析', b)),
  },
  {
    type: 'actionItem',
    block: action({ id: 'act-7', owner: '李娜', due: '2026-12-15', status: 'blocked', issueId: 'issue-01', carriedFrom: 'r_2026-10' }, '夜班增加两名坐席，更新 FAQ。'),
    wrap: (b) => doc(section('improvements', '改进措施', b)),
  },
  {
    type: 'goal',
    block: goal(
      { id: 'goal-csat', metricKey: 'csat', unit: '%', baseline: '80', target: '85', direction: 'higher', deadline: '2026-12-31', owner: '张伟', status: 'at_risk' },
      '12月客户满意度从 80% 提升到 85%。',
    ),
    wrap: (b) => doc(section('goals', '目标设定', b)),
  },
  {
    type: 'feedbackSummary',
    block: feedback(
      { id: 'fb-1', responses: '8420', csat: '4.6', promoters: '4630', passives: '2610', detractors: '1180', complaints: '1236', complaintsResolved: '1198' },
      [theme({ sentiment: 'negative', channel: '电话', count: '312' }, '等待时间长')],
      '整体满意度稳定，投诉集中在等待时长。',
    ),
    wrap: (b) => doc(section('customer_feedback', '客户反馈', b)),
  },
  {
    type: 'feedbackTheme',
    block: theme({ id: 'th-9', sentiment: 'positive', channel: '微信 公众号', count: '1e3' }, '客服态度好 👍'),
    wrap: (b) => doc(section('customer_feedback', '客户反馈', feedback({}, [b], ''))),
  },
  {
    type: 'kpiBlock',
    block: kpi({
      id: 'kpi-summary',
      scope: 'summary',
      values: JSON.stringify({ nps: { value: 40.97, formula: '(promoters − detractors) / responses × 100' }, 说明: '—' }),
      computedAt: '2026-11-30T08:00:00.000Z',
    }),
    wrap: (b) => doc(section('data_statistics', '数据统计', b)),
  },
  {
    type: 'trendChart',
    block: trend({
      id: 'trend-csat',
      metricKey: 'csat',
      months: '12',
      series: JSON.stringify({ metricKey: 'csat', name: '满意度', unit: '分', points: [{ period: '2026-10', value: 4.52, display: '4.52', draft: false, version: '1' }] }),
    }),
    wrap: (b) => doc(section('data_statistics', '数据统计', b)),
  },
  {
    type: 'quarantine',
    block: quarantine({ id: 'q-1', originalType: 'legacyTable', raw: '<legacyTable rows="2"><cell>旧数据 & "引号"</cell></legacyTable>', quarantinedAt: '2026-11-02T03:04:05Z' }),
    wrap: (b) => doc(section('other', '其他重要事项', b)),
  },
]

describe('every report block round-trips through Yjs unchanged', () => {
  it('covers every block type of the schema', () => {
    expect(cases.map((c) => c.type).sort()).toEqual([...BLOCK_TYPES].sort())
  })

  it.each(cases)('$type: fields, id and content survive exactly as typed', ({ type, block, wrap }) => {
    // The case sets every field the schema declares, so a new field is not silently untested.
    expect(Object.keys(block.attrs ?? {}).sort(), `fields of ${type} set by this test`).toEqual(declaredAttrs(type))

    const json = wrap(block)
    const { checked, back } = throughYjs(json)
    expect(back.toJSON()).toEqual(checked.toJSON())

    // The block itself: exactly the fields the builder was given, nothing filled in or normalised.
    const after = find(back.toJSON() as JSONContent, type)!
    expect(after.attrs).toEqual(block.attrs)
    expect(after.content).toEqual(find(checked.toJSON() as JSONContent, type)!.content)
    for (const [field, value] of Object.entries(block.attrs ?? {})) {
      expect(typeof after.attrs![field], `${type}.${field}`).toBe(typeof value)
    }
    expect(after.attrs!.id).toBe(block.attrs!.id)
  })

  it('keeps the odd-looking values of a metric row as strings', () => {
    const { block, wrap } = cases.find((c) => c.type === 'metricRow')!
    const row = find(throughYjs(wrap(block)).back.toJSON() as JSONContent, 'metricRow')!
    expect(row.attrs).toMatchObject({ current: '12,5x', previous: '0', target: ' 92.1% ', note: '' })
  })

  it('keeps a block id given by the builder and makes a new one when none is given', () => {
    const a = issue({ title: 'A' })
    const b = issue({ title: 'B' })
    expect(a.attrs!.id).toEqual(expect.any(String))
    expect(a.attrs!.id).not.toBe(b.attrs!.id)
    const { back } = throughYjs(doc(section('problem_analysis', '问题分析', a, b)))
    const ids = (back.toJSON() as JSONContent).content![0]!.content!.slice(1).map((n) => n.attrs!.id)
    expect(ids).toEqual([a.attrs!.id, b.attrs!.id])
  })

  /*
   * y-tiptap stores no Yjs attribute for a null value, and reading back fills
   * in the schema default; so every field defaults to null (the builder gives
   * new blocks their initial values), and a cleared field stays cleared.
   */
  it('keeps a cleared (null) field null even when its default is not', () => {
    const json = doc(
      section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', direction: null }))),
      section('problem_analysis', '问题分析', issue({ severity: null, status: null })),
    )
    const { checked, back } = throughYjs(json)
    expect(back.toJSON()).toEqual(checked.toJSON())
  })
})

describe('report templates give every block a unique id', () => {
  const combos = Object.values(templates).flatMap((template) => LOCALES.map((locale) => ({ template, locale })))

  it.each(combos.map((c) => [c.template.key, c.locale, c] as const))('%s in %s: valid, and every block has its own id, also after Yjs', (_k, _l, { template, locale }) => {
    const json = buildReportContent(template, locale, '2026年11月 运营服务月报')
    const { checked, back } = throughYjs(json)
    expect(back.toJSON()).toEqual(checked.toJSON())

    const blocks: { type: string; id: unknown }[] = []
    back.descendants((node) => {
      if (BLOCK_TYPES.has(node.type.name)) blocks.push({ type: node.type.name, id: node.attrs.id })
    })
    // The template holds at least one of each block it seeds.
    expect(new Set(blocks.map((b) => b.type))).toEqual(new Set(['reportSection', 'metricsTable', 'metricRow', 'issue', 'actionItem', 'goal', 'feedbackSummary', 'kpiBlock', 'trendChart']))
    for (const b of blocks) expect(b.id, `${b.type} id`).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/))
    expect(new Set(blocks.map((b) => b.id)).size).toBe(blocks.length)
  })

  it('gives two reports built from one template different ids', () => {
    const ids = (json: JSONContent) => {
      const out: unknown[] = []
      reportSchema.nodeFromJSON(json).descendants((n) => {
        if (BLOCK_TYPES.has(n.type.name)) out.push(n.attrs.id)
      })
      return out
    }
    const template = Object.values(templates)[0]!
    const a = ids(buildReportContent(template, 'zh-CN', 'A'))
    const b = ids(buildReportContent(template, 'zh-CN', 'B'))
    expect(a.length).toBe(b.length)
    expect(a.filter((id) => b.includes(id))).toEqual([])
  })
})
