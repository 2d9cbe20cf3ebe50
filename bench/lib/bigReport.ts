/**
 * The large report of the editor benchmark, built with the document builder:
 * the template's sections, each holding a metrics table and a mix of issues,
 * action items, goals and paragraphs, every block with a unique text or id
 * the browser probe can look for. It is written into a report created
 * through the REST API by one y-websocket client (the server only builds
 * reports from templates), replacing the template body.
 */
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { action, doc, goal, h, issue, metric, metrics, p, section } from '../../schema/docBuilder'
import { BODY_FIELD, reportSchema } from '../../schema/reportSchema'
import { monthlyOps } from '../../schema/templates/monthlyOps'
import { Api } from '../../test/helpers/api'
import { pmJsonOf } from '../../test/helpers/doc'
import { openProvider, waitProviderSynced } from '../../test/helpers/provider'

export interface BigReport {
  json: JSONContent
  /** Blocks counted as "the blocks" (metric rows, issues, actions, goals, paragraphs). */
  blockCount: number
  /** Ids of every block that carries one (sections, tables, rows, issues, actions, goals). */
  ids: string[]
  /** One unique text per text-carrying block, in document order. */
  markers: string[]
  /** Markers of the body paragraphs (where people type), in document order. */
  paragraphMarkers: string[]
}

const KINDS = ['issue', 'action', 'goal', 'paragraph'] as const

/**
 * `sections` sections of `perSection` blocks: one metrics table of
 * `perSection / 5` rows, then issue, action, goal, paragraph in turn.
 */
export function buildBigReport(sections = 10, perSection = 30): BigReport {
  const rowsPer = Math.floor(perSection / 5)
  const markers: string[] = []
  const paragraphMarkers: string[] = []
  const body: JSONContent[] = []
  const tpl = monthlyOps.sections
  for (let s = 0; s < sections; s++) {
    const t = tpl[s % tpl.length]!
    const rows = Array.from({ length: rowsPer }, (_, r) =>
      metric({ key: `m${s}_${r}`, name: `指标 ${s}-${r}`, unit: '%', current: String(90 + r), previous: String(88 + r), target: '95', direction: 'higher', definition: '口径：全渠道会话' }),
    )
    const blocks: JSONContent[] = [metrics(...rows)]
    for (let i = 0; i < perSection - rowsPer; i++) {
      const kind = KINDS[i % KINDS.length]!
      const marker = `〔${s + 1}-${i + 1}〕`
      markers.push(marker)
      if (kind === 'issue') blocks.push(issue({ title: `问题 ${marker}`, severity: 'high', owner: '王芳', rootCause: '排班不足' }, `${marker} 夜班首次响应 p90 达 45 分钟，影响 1,234 张工单。`))
      else if (kind === 'action') blocks.push(action({ owner: '李娜', due: '2026-12-15', status: 'doing' }, `${marker} 夜班增加两名坐席，更新 FAQ。`))
      else if (kind === 'goal') blocks.push(goal({ metricKey: 'csat', unit: '%', baseline: '80', target: '85', deadline: '2026-12-31', owner: '张伟' }, `${marker} 满意度从 80% 提升到 85%。`))
      else {
        paragraphMarkers.push(marker)
        blocks.push(p(`${marker} 本月服务量环比上升 4.2%，主要来自新产品上线后的咨询。`))
      }
    }
    body.push(section(t.key, t.title['zh-CN'], ...blocks))
  }
  const json = doc(h(1, '2026年11月 运营服务月报（性能测试）'), ...body)
  reportSchema.nodeFromJSON(json).check()
  const ids: string[] = []
  reportSchema.nodeFromJSON(json).descendants((n) => {
    if (typeof n.attrs.id === 'string') ids.push(n.attrs.id)
  })
  return { json, blockCount: sections * perSection, ids, markers, paragraphMarkers }
}

/**
 * Creates a report through the REST API and replaces its template body with
 * `json` through one y-websocket client; resolves once the server serves it.
 */
export async function createBigReport(api: Api, wsUrl: string, json: JSONContent, title: string): Promise<string> {
  const reportId = await api.createReport(title, '2026-11')
  const writer = openProvider(wsUrl, reportId, api.token!)
  try {
    await waitProviderSynced(writer)
    const scratch = new Y.Doc()
    const built = prosemirrorJSONToYXmlFragment(reportSchema, json, scratch.getXmlFragment(BODY_FIELD))
    const body = writer.doc.getXmlFragment(BODY_FIELD)
    writer.doc.transact(() => {
      body.delete(0, body.length)
      body.insert(0, built.toArray().map((n) => n.clone() as Y.XmlElement))
    })
    const expected = JSON.stringify(pmJsonOf(writer.doc))
    const deadline = Date.now() + 20_000
    for (;;) {
      const res = await api.call('GET', `/api/reports/${reportId}/content`)
      if (JSON.stringify(res.body) === expected) break
      if (Date.now() > deadline) throw new Error('the server did not serve the big report')
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    writer.destroy()
  }
  return reportId
}
