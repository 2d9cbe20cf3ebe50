/**
 * Builds report documents as ProseMirror JSON, so templates, the demo and
 * tests read as the document they make: `doc(section('goals', h2('目标设定'), goal({...}, '…')))`.
 * Every block gets a new id unless one is given.
 */
import type { JSONContent } from '@tiptap/core'
import { newBlockId } from './blockId'
import type { MetricField } from './blocks/metricsTable/MetricRow'

type Attrs = Record<string, string | null | undefined>
type Child = JSONContent | string

const withId = (attrs: Attrs = {}) => ({ ...attrs, id: attrs.id ?? newBlockId() })
const inline = (children: Child[]): JSONContent[] =>
  children.flatMap((c) => (typeof c === 'string' ? (c === '' ? [] : [{ type: 'text', text: c }]) : [c]))
/** Paragraphs from strings; nodes pass through. */
const blocks = (children: Child[]): JSONContent[] => children.map((c) => (typeof c === 'string' ? p(c) : c))

export const doc = (...children: JSONContent[]): JSONContent => ({ type: 'doc', content: children })
export const p = (...children: Child[]): JSONContent => {
  const content = inline(children)
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' }
}
export const h = (level: number, text: string): JSONContent => ({ type: 'heading', attrs: { level }, content: inline([text]) })
export const ul = (...items: string[]): JSONContent => ({ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [p(t)] })) })

/** A template section: its heading first, then blocks (strings become paragraphs). */
export const section = (key: string, title: string, ...children: Child[]): JSONContent => ({
  type: 'reportSection',
  attrs: withId({ key }),
  content: [h(2, title), ...blocks(children.length > 0 ? children : [''])],
})

export const metrics = (...rows: JSONContent[]): JSONContent => ({ type: 'metricsTable', attrs: withId(), content: rows })
export const metric = (fields: Partial<Record<MetricField | 'id', string | null>>): JSONContent => ({
  type: 'metricRow',
  attrs: withId({ direction: 'higher', ...fields }),
})

export const issue = (attrs: Attrs, ...description: Child[]): JSONContent => ({
  type: 'issue',
  attrs: withId({ severity: 'medium', status: 'open', ...attrs }),
  content: blocks(description.length > 0 ? description : ['']),
})
export const action = (attrs: Attrs, text = ''): JSONContent => ({
  type: 'actionItem',
  attrs: withId({ status: 'todo', ...attrs }),
  content: [p(text)],
})
export const goal = (attrs: Attrs, statement = ''): JSONContent => ({
  type: 'goal',
  attrs: withId({ direction: 'higher', status: 'planned', ...attrs }),
  content: [p(statement)],
})
export const theme = (attrs: Attrs, text = ''): JSONContent => ({
  type: 'feedbackTheme',
  attrs: withId({ sentiment: 'neutral', ...attrs }),
  content: inline([text]),
})
export const feedback = (attrs: Attrs, themes: JSONContent[], ...summary: Child[]): JSONContent => ({
  type: 'feedbackSummary',
  attrs: withId(attrs),
  content: [...themes, ...blocks(summary.length > 0 ? summary : [''])],
})
export const kpi = (attrs: Attrs = {}): JSONContent => ({ type: 'kpiBlock', attrs: withId({ scope: 'summary', ...attrs }) })
export const trend = (attrs: Attrs = {}): JSONContent => ({ type: 'trendChart', attrs: withId({ months: '6', ...attrs }) })
export const quarantine = (attrs: Attrs): JSONContent => ({ type: 'quarantine', attrs: withId(attrs) })
