/**
 * The body a new report starts with, for the peers: ours builds it on the
 * server when a report is created through the REST API; the reference and
 * Hocuspocus only know document names, so the first client of a document
 * sends them the same body (same builder as server/reports/createReport.ts),
 * and every server then holds documents of the same size.
 */
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { BODY_FIELD, reportSchema } from '../../schema/reportSchema'
import { buildReportContent } from '../../schema/templates/buildReportContent'
import { DEFAULT_TEMPLATE, templates } from '../../schema/templates/templates'
import type { LightClient } from './client'
import type { BenchServer } from './servers'

let state: Uint8Array | null = null

/** The template body as one Yjs update (built once). */
export function templateState(): Uint8Array {
  if (!state) {
    const ydoc = prosemirrorJSONToYDoc(reportSchema, buildReportContent(templates[DEFAULT_TEMPLATE]!, 'zh-CN', '2026年11月 运营服务月报'), BODY_FIELD)
    state = Y.encodeStateAsUpdate(ydoc)
    ydoc.destroy()
  }
  return state
}

/**
 * Gives a peer's fresh document the template body through `client` (already
 * synced). Ours has it already; the null relay keeps no state, so there is
 * nothing to give.
 */
export function seedDoc(server: BenchServer, client: LightClient): void {
  if (server.kind === 'ours' || server.kind === 'ours-nokpi' || !server.syncs) return
  if (client.doc.getXmlFragment(BODY_FIELD).length > 0) return
  client.replay(templateState())
}
