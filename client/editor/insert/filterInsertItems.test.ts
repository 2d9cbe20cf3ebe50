import { describe, expect, it } from 'vitest'
import { doc, h, section } from '@schema/docBuilder'
import { monthlyOps } from '@schema/templates/monthlyOps'
import { reportSchema } from '@schema/reportSchema'
import { filterInsertItems } from './filterInsertItems'
import { insertItems } from './insertItems'

/** A report that has only the highlights and data sections. */
const report = reportSchema.nodeFromJSON(doc(h(1, '十一月'), section('highlights', '重要事件回顾'), section('data_statistics', '数据统计')))
const keys = (query: string) => filterInsertItems(insertItems(report, monthlyOps), query).map((i) => i.key)

describe('insertItems', () => {
  it('offers every block, then the missing template sections, then the optional ones', () => {
    const all = keys('')
    expect(all.slice(0, 7)).toEqual(['metricsTable', 'issue', 'actionItem', 'goal', 'feedbackSummary', 'kpiBlock', 'trendChart'])
    expect(all).toContain('section-problem_analysis')
    expect(all).not.toContain('section-highlights')
    expect(all).not.toContain('section-data_statistics')
    expect(all.slice(-6)).toEqual(monthlyOps.optionalSections.map((s) => `section-${s.key}`))
  })

  it('builds content the schema accepts, with new ids each time', () => {
    for (const item of insertItems(report, monthlyOps)) {
      const a = reportSchema.nodeFromJSON(item.build('zh-CN'))
      a.check()
      const b = item.build('en')
      if (a.attrs.id) expect(b.attrs?.id).not.toBe(a.attrs.id)
    }
  })
})

describe('filterInsertItems', () => {
  it.each([
    ['指标', 'metricsTable'],
    ['metric', 'metricsTable'],
    ['问题', 'issue'],
    ['issue', 'issue'],
    ['行动', 'actionItem'],
    ['目标', 'goal'],
    ['客户', 'feedbackSummary'],
    ['nps', 'feedbackSummary'],
    ['KPI', 'kpiBlock'],
    ['趋势', 'trendChart'],
    ['列表', 'bulletList'],
    ['风险', 'section-risks'],
    ['risk', 'section-risks'],
    ['关键项目', 'section-key_projects'],
    ['Problem', 'section-problem_analysis'],
  ])('puts the best match for %s first', (query, key) => {
    expect(keys(query)[0]).toBe(key)
  })

  it('ranks a word start above a match inside a word', () => {
    expect(keys('chart')).toEqual(['trendChart'])
    expect(keys('指标').slice(0, 2)).toEqual(['metricsTable', 'kpiBlock'])
  })

  it('finds nothing for an unknown query', () => {
    expect(keys('没有这个')).toEqual([])
  })
})
