import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { action, doc, goal, issue, metric, metrics, section } from '../docBuilder'
import { reportSchema } from '../reportSchema'
import { parseReportDocument } from '../parseReportDocument'
import { buildReportContent } from './buildReportContent'
import { carryOver, parseCarriedFrom, previousPeriod } from './carryOver'
import { monthlyOps } from './monthlyOps'
import { blockDefinitions } from '../blocks/blockRegistry'

const PREV_ID = 'raaaaaaaaaaaaaaaaaaaa'

const previous = doc(
  section('data_statistics', '数据统计', metrics(
    metric({ key: 'fcr', name: '一次解决率', unit: '%', current: '92', target: '90', definition: '一次接触解决的工单占比' }),
    metric({ key: 'own_metric', name: '自定义指标', unit: '个', current: '17' }),
  )),
  section('problem_analysis', '问题分析',
    issue({ id: 'i-open', title: '夜班排队过长', severity: 'high', owner: '李娜', status: 'open', rootCause: '夜班排班不足' }, '夜班平均等待 6 分钟'),
    issue({ id: 'i-watch', title: '退款话术', severity: 'low', status: 'monitoring' }, '观察中'),
    issue({ id: 'i-done', title: '已解决的问题', severity: 'medium', status: 'resolved' }, '不再出现'),
  ),
  section('improvements', '改进措施',
    action({ id: 'a-open', owner: '李娜', due: '2026-10-20', status: 'doing', issueId: 'i-open' }, '夜班增加两名坐席'),
    action({ id: 'a-blocked', owner: '王强', status: 'blocked' }, '更新知识库'),
    action({ id: 'a-done', owner: '张伟', status: 'done' }, '已完成的事'),
  ),
  section('goals', '目标设定', goal({ metricKey: 'fcr', baseline: '92', target: '95', unit: '%', deadline: '2026-11-30' }, '一次解决率提升到 95%')),
)

const nodes = (d: JSONContent): JSONContent[] => [d, ...(d.content ?? []).flatMap(nodes)]

describe('carryOver', () => {
  const base = buildReportContent(monthlyOps, 'zh-CN', '十一月')
  const { content, carried } = carryOver(base, { reportId: PREV_ID, period: '2026-10', version: '1', content: previous }, 'zh-CN')
  const all = nodes(content)

  it('keeps the result valid for the schema and leaves the template untouched', () => {
    expect(() => reportSchema.nodeFromJSON(content).check()).not.toThrow()
    expect(JSON.stringify(base)).not.toContain('夜班')
  })

  it('fills previous values by metric key and appends the series’ own metrics', () => {
    const fcr = all.filter((n) => n.type === 'metricRow' && n.attrs?.key === 'fcr')
    expect(fcr).toHaveLength(1)
    expect(fcr[0]!.attrs).toMatchObject({ previous: '92', current: null, target: '90', definition: '一次接触解决的工单占比' })
    const own = all.find((n) => n.attrs?.key === 'own_metric')
    expect(own?.attrs).toMatchObject({ previous: '17', current: null, name: '自定义指标' })
    expect(carried.metrics).toBe(2)
  })

  it('carries open and blocked actions with a link to where they came from, not done ones', () => {
    const acts = all.filter((n) => n.type === 'actionItem' && n.attrs?.carriedFrom)
    expect(acts.map((a) => a.attrs!.status)).toEqual(['doing', 'blocked'])
    expect(parseCarriedFrom(acts[0]!.attrs!.carriedFrom as string)).toEqual({ reportId: PREV_ID, version: '1', blockId: 'a-open' })
    expect(acts[0]!.attrs!.id).not.toBe('a-open') // a new block, with its own id
    expect(JSON.stringify(content)).not.toContain('已完成的事')
    expect(carried.actions).toBe(2)
  })

  it('carries open and monitored issues, marked with where they came from, and keeps carried actions linked to them', () => {
    const carriedIssues = all.filter((n) => n.type === 'issue' && n.attrs?.carriedFrom)
    expect(carriedIssues.map((i) => [i.attrs!.title, i.attrs!.status])).toEqual([['夜班排队过长', 'open'], ['退款话术', 'monitoring']])
    expect(carriedIssues[0]!.attrs).toMatchObject({ severity: 'high', owner: '李娜', rootCause: '夜班排班不足' })
    expect(JSON.stringify(carriedIssues[0]!.content)).toContain('夜班平均等待 6 分钟')
    expect(parseCarriedFrom(carriedIssues[0]!.attrs!.carriedFrom as string)).toEqual({ reportId: PREV_ID, version: '1', blockId: 'i-open' })
    expect(carriedIssues[0]!.attrs!.id).not.toBe('i-open')
    expect(JSON.stringify(content)).not.toContain('已解决的问题')
    const linked = all.find((n) => n.type === 'actionItem' && n.attrs?.carriedFrom && n.attrs.status === 'doing')!
    expect(linked.attrs!.issueId).toBe(carriedIssues[0]!.attrs!.id)
    const problems = content.content!.find((n) => n.attrs?.key === 'problem_analysis')!
    expect(problems.content![0]!.type).toBe('heading')
    expect(carried.issues).toBe(2)
  })

  it('lists last month’s goals in 总结与展望 for assessment', () => {
    const outlook = content.content!.find((n) => n.attrs?.key === 'summary_outlook')!
    const text = JSON.stringify(outlook)
    expect(text).toContain('上月目标达成评估')
    expect(text).toContain('一次解决率提升到 95%')
    expect(text).toContain('92 → 95%')
    expect(carried.goals).toBe(1)
  })

  it('computes the previous period across a year', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12')
    expect(previousPeriod('2026-11')).toBe('2026-10')
  })
})

describe('carryOver from a version holding values the schema refuses', () => {
  it('never throws and carries only values this month may store', () => {
    const hostile = { toString: 'x' } as unknown as string
    const damaged = doc(
      section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', name: hostile, current: ['92'] as unknown as string, direction: 'sideways' }))),
      section('problem_analysis', '问题分析', issue({ id: 'i-1', title: hostile, severity: 'sideways', status: 'open', rootCause: ['x'] as unknown as string }, '夜班')),
      section('improvements', '改进措施', action({ id: 'a-1', owner: hostile, due: 'x'.repeat(100), status: 'doing' }, '夜班')),
      section('goals', '目标设定', goal({ metricKey: hostile, baseline: hostile, target: '95' }, '目标')),
    )
    const base = buildReportContent(monthlyOps, 'zh-CN', '十一月')
    const { content, carried } = carryOver(base, { reportId: PREV_ID, period: '2026-10', version: '1', content: damaged }, 'zh-CN')
    expect(carried).toEqual({ metrics: 1, issues: 1, actions: 1, goals: 1 })
    expect(() => parseReportDocument(content)).not.toThrow()
    const row = nodes(content).find((n) => n.type === 'metricRow' && n.attrs?.key === 'fcr')!
    expect(row.attrs).toMatchObject({ previous: null, direction: 'higher' })
  })
})

describe('the blocks’ carry-overs', () => {
  it('are those of metric rows, issues, actions and goals, issues before the actions that link to them', () => {
    const names = blockDefinitions.filter((d) => d.carryOver).map((d) => d.name)
    expect(names).toEqual(['metricRow', 'issue', 'actionItem', 'goal'])
  })

  it('each count what they carried under their own counter', () => {
    const onlyGoals = doc(section('goals', '目标设定', goal({}, '目标')))
    const { carried } = carryOver(buildReportContent(monthlyOps, 'en', 'x'), { reportId: PREV_ID, period: '2026-10', version: '1', content: onlyGoals }, 'en')
    expect(carried).toEqual({ metrics: 0, issues: 0, actions: 0, goals: 1 })
    expect(Object.fromEntries(blockDefinitions.filter((d) => d.carryOver).map((d) => [d.name, d.carryOver!.counts]))).toEqual({
      metricRow: 'metrics',
      issue: 'issues',
      actionItem: 'actions',
      goal: 'goals',
    })
  })
})
