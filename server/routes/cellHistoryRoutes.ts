/**
 * `GET /api/reports/:id/blocks/:blockId/history`: the recorded changes of one
 * block's fields, oldest first (cellHistory/cellHistoryRecorder.ts). Anyone
 * who may read the report may read it: 400 malformed ids, 404 unknown report.
 * A block the report never had, or one without recorded changes, answers [].
 */
import { Hono } from 'hono'
import { cellHistoryApi } from '@schema/api/cellHistoryApi'
import type { TokenService } from '../auth/TokenService'
import type { CellHistoryStore } from '../cellHistory/CellHistoryStore'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { paramsOf, reply } from '../http/validation'
import type { MetaStore } from '../meta/MetaStore'
import { reportAccess } from '../reports/reportAccess'

export interface CellHistoryRouteDeps {
  meta: MetaStore
  tokens: TokenService
  cellHistory: CellHistoryStore
}

export function cellHistoryRoutes({ meta, tokens, cellHistory }: CellHistoryRouteDeps) {
  return new Hono<AppEnv>().get('/:id/blocks/:blockId/history', requireUser(tokens, meta), paramsOf(cellHistoryApi.block.params), async (c) => {
    const { report } = reportAccess(meta, c, 'viewer')
    return reply(c, cellHistoryApi.block, await cellHistory.read(report.id, c.req.valid('param').blockId))
  })
}
