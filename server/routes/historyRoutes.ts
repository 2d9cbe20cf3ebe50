/**
 * A report's history over REST: published versions and autosaved snapshots
 * of the draft, a snapshot read-only (JSON or rendered HTML), the diff of
 * any two states in report terms, and restoring a snapshot as a new state
 * of the draft (the replaced body is snapshotted first: nothing is lost).
 */
import { Hono } from 'hono'
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { historyApi } from '@schema/api/historyApi'
import { diffReports, type DiffInput } from '@schema/diff/diffReports'
import { renderReportHtml } from '@schema/export/renderReportHtml'
import { DOCX_CONTENT_TYPE, renderReportDocx } from '@schema/export/renderReportDocx'
import { exportLabels } from '@schema/export/exportLabels'
import { computeReportKpis, type KpiValue } from '@schema/kpi/computeReportKpis'
import { reportSchema } from '@schema/reportSchema'
import type { TokenService } from '../auth/TokenService'
import { readReport, type ReportReading } from '../collab/readReport'
import type { RoomManager } from '../collab/RoomManager'
import { AppError, locked, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { paramsOf, queryOf, reply } from '../http/validation'
import { audit } from '../meta/audit'
import type { MetaStore, ReportRecord } from '../meta/MetaStore'
import { documentFromJson } from '../reports/documentFromJson'
import { replaceBody } from '../reports/replaceBody'
import { reportAccess } from '../reports/reportAccess'
import type { ReportLocks } from '../reports/ReportLocks'
import type { VersionStore } from '../versions/VersionStore'
import type { AutoSnapshot } from '../history/autoSnapshot'
import { contentHash, type Snapshot } from '../history/SnapshotStore'
import { chargeUser } from '../quotas/chargeUser'
import { contentDisposition } from '../http/contentDisposition'
import { formatLocalTime } from '@schema/time/formatLocalTime'
import type { QuotaFactory } from '../quotas/QuotaCounter'
import { memoryQuotas } from '../quotas/RollingQuota'
import { renderChartPng } from '../export/renderChartPng'

export interface HistoryRouteDeps {
  meta: MetaStore
  rooms: RoomManager
  tokens: TokenService
  versions: VersionStore
  locks: ReportLocks
  snapshots: AutoSnapshot
  /** The per-user quotas' counters (shared by every process in cluster mode); in memory when omitted. */
  quotas?: QuotaFactory
  env: { RESTORES_PER_USER_PER_HOUR: number; MAX_NESTING_DEPTH: number; MAX_UPDATE_STRUCTS: number; TIMEZONE: string }
}

const HOUR_MS = 3600 * 1000

/** How often a restore re-snapshots the body when people keep typing during the snapshot's write. */
const RESTORE_CAPTURE_ATTEMPTS = 3

/** A snapshot's KPIs, computed as they would have been then; none when the body no longer fits the schema. */
function kpisOf(content: JSONContent, report: ReportRecord): KpiValue[] {
  try {
    return computeReportKpis(reportSchema.nodeFromJSON(content), report.period, report.locale)
  } catch {
    return []
  }
}

export function historyRoutes(deps: HistoryRouteDeps) {
  const { meta, rooms, versions, locks, snapshots } = deps
  const store = snapshots.store
  /**
   * A restore writes a snapshot, replaces the body (sent whole to every open
   * editor) and adds an audit entry: a user (not an admin) restores a bounded number per hour.
   */
  const restores = (deps.quotas ?? memoryQuotas)('restores', deps.env.RESTORES_PER_USER_PER_HOUR, HOUR_MS)
  const limits = { maxDepth: deps.env.MAX_NESTING_DEPTH, maxStructs: deps.env.MAX_UPDATE_STRUCTS }

  /** A snapshot by a well-formed id (paramsOf, or the diff's ref): 404 unknown. */
  const snapshot = async (reportId: string, id: string): Promise<Snapshot> => {
    const found = await store.get(reportId, id)
    if (!found) throw notFound('Snapshot')
    return found
  }

  const liveReading = (reportId: string): Promise<ReportReading> => rooms.withRoom(reportId, readReport)

  /** One side of a diff: its body and its KPI values. */
  const side = async (report: ReportRecord, ref: string): Promise<DiffInput> => {
    if (ref === 'live') {
      const { json, node } = await liveReading(report.id)
      return { content: json, kpis: computeReportKpis(node, report.period, report.locale) }
    }
    if (ref.startsWith('v:')) {
      const v = await versions.get(report.id, ref.slice(2))
      if (!v) throw notFound(`Version ${ref.slice(2)}`)
      // The values frozen with the version, not a recomputation with today's formulas.
      return { content: v.content, kpis: v.kpis }
    }
    const s = await snapshot(report.id, ref.slice(2))
    return { content: s.content, kpis: kpisOf(s.content, report) }
  }

  return new Hono<AppEnv>()
    .use(requireUser(deps.tokens, meta))
    .get('/:id/history', async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const [published, autosaved] = await Promise.all([versions.list(report.id), store.list(report.id)])
      return reply(c, historyApi.list, { versions: published, snapshots: autosaved })
    })
    .get('/:id/snapshots/:sid', paramsOf(historyApi.snapshot.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      return reply(c, historyApi.snapshot, await snapshot(report.id, c.req.valid('param').sid))
    })
    .get('/:id/snapshots/:sid/export.html', paramsOf(historyApi.snapshotHtml.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const s = await snapshot(report.id, c.req.valid('param').sid)
      const html = renderReportHtml({
        content: s.content,
        title: report.title,
        period: report.period,
        locale: report.locale,
        version: null,
        kpis: kpisOf(s.content, report),
        timeZone: deps.env.TIMEZONE,
        schemaVersion: s.schemaVersion,
      })
      c.header('content-disposition', contentDisposition('inline', `${report.title} ${formatLocalTime(s.at, deps.env.TIMEZONE).replace(':', '')}`, '.html', `${report.id}-${s.id}`))
      return c.html(html)
    })
    .get('/:id/export.docx', async (c) => {
      // The live draft as a Word file: the body every editor sees now, its KPIs computed as the editor shows them.
      const { report } = reportAccess(meta, c, 'viewer')
      const { json, node, schemaVersion } = await liveReading(report.id)
      const docx = await renderReportDocx({
        content: json,
        title: report.title,
        period: report.period,
        locale: report.locale,
        version: null,
        kpis: computeReportKpis(node, report.period, report.locale),
        timeZone: deps.env.TIMEZONE,
        schemaVersion,
        chartPng: renderChartPng,
      })
      c.header('content-disposition', contentDisposition('attachment', `${report.title} ${exportLabels(report.locale).header.draft}`, '.docx', `${report.id}-draft`))
      return c.body(docx, 200, { 'content-type': DOCX_CONTENT_TYPE })
    })
    .get('/:id/diff', queryOf(historyApi.diff.query), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const { from, to } = c.req.valid('query')
      const [before, after] = await Promise.all([side(report, from), side(report, to)])
      return reply(c, historyApi.diff, { from, to, ...diffReports(before, after, report.locale) })
    })
    .post('/:id/snapshots/:sid/restore', paramsOf(historyApi.restore.params), async (c) => {
      const { report, recheck } = reportAccess(meta, c, 'editor')
      if (locks.isLocked(report.id)) throw locked()
      const s = await snapshot(report.id, c.req.valid('param').sid)
      const giveBack = await chargeUser(c, restores, `You restored ${restores.limit} snapshots within the last hour, the most allowed (RESTORES_PER_USER_PER_HOUR)`)
      let doc: PMNode
      try {
        // A snapshot is stored JSON: the limits of any document written from outside apply to it too.
        doc = documentFromJson(
          s.content,
          limits,
          (message) => new AppError(422, 'snapshot_incompatible', `The snapshot does not fit the current report schema: ${message}`),
        )
      } catch (err) {
        giveBack() // nothing was restored
        // The stored snapshot is what does not fit (past the limits too), not the request: 422 either way.
        if (err instanceof AppError && err.status === 400) {
          throw new AppError(422, 'snapshot_incompatible', `The snapshot cannot be restored: ${err.message}`)
        }
        throw err
      }
      const content = await rooms
        .withRoom(report.id, async (room) => {
          // The body being replaced goes into the history first, durably, so a
          // restore never loses a state. Edits arriving while that snapshot is
          // written would miss it: snapshot again until the body held still.
          for (let attempt = 1; ; attempt++) {
            if (locks.isLocked(report.id)) throw locked()
            recheck() // the role now: a snapshot write may have taken a while
            if (attempt === RESTORE_CAPTURE_ATTEMPTS) {
              // Still typing: capture and replace in one tick, then wait for the snapshot.
              const saved = snapshots.takeNow(room, 'before_restore')
              replaceBody(room, doc)
              await saved
              break
            }
            const saved = await snapshots.takeNow(room, 'before_restore')
            if (locks.isLocked(report.id)) throw locked() // published while the snapshot was written
            recheck()
            if (contentHash(readReport(room).json) === saved.sha256) {
              replaceBody(room, doc)
              break
            }
          }
          await room.persistence.flush()
          return readReport(room).json
        })
      await meta.update((data) => {
        audit(data, {
          userId: c.var.user.id,
          action: 'report.restore',
          reportId: report.id,
          detail: { snapshotId: s.id, snapshotAt: s.at },
        })
      })
      return reply(c, historyApi.restore, content)
    })
}
