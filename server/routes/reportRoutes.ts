import { Hono, type Context } from 'hono'
import { reportsApi, type ReportDetail } from '@schema/api/reportsApi'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import type { Role } from '@schema/roles'
import { previousPeriod, type PreviousReport } from '@schema/templates/carryOver'
import type { TokenService } from '../auth/TokenService'
import { readReport } from '../collab/readReport'
import type { OpenSockets } from '../collab/OpenSockets'
import type { Room } from '../collab/Room'
import type { RoomManager } from '../collab/RoomManager'
import { conflict, gone, locked, notFound, storageFailed } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { jsonBody, paramsOf, queryOf, reply } from '../http/validation'
import { requireUser } from '../http/requireUser'
import { audit } from '../meta/audit'
import type { MetaStore, ReportRecord, UserRecord } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { createReport } from '../reports/createReport'
import { userReader } from '../reports/seriesAccess'
import { documentFromJson } from '../reports/documentFromJson'
import { isArchived, isRestorable, restorableUntil } from '../reports/archivedReport'
import { effectiveRole } from '../reports/effectiveRole'
import { replaceBody } from '../reports/replaceBody'
import { reportAccess } from '../reports/reportAccess'
import type { ReportLocks } from '../reports/ReportLocks'
import type { SeriesHistory } from '../versions/SeriesHistory'
import { VersionDamagedError, type VersionStore } from '../versions/VersionStore'
import type { DocStore } from '../storage/DocStore'
import { chargeUser } from '../quotas/chargeUser'
import type { QuotaFactory } from '../quotas/QuotaCounter'
import { memoryQuotas } from '../quotas/RollingQuota'

export interface ReportRouteDeps {
  meta: MetaStore
  store: DocStore
  rooms: RoomManager
  tokens: TokenService
  versions: VersionStore
  history: SeriesHistory
  locks: ReportLocks
  /** Open sockets: closed at once when their user loses access to the report. */
  sockets: OpenSockets
  /** The per-user quotas' counters (shared by every process in cluster mode); in memory when omitted. */
  quotas?: QuotaFactory
  env: { MAX_NESTING_DEPTH: number; MAX_UPDATE_STRUCTS: number; REPORTS_PER_USER_PER_DAY: number; MEMBER_CHANGES_PER_USER_PER_HOUR: number; ARCHIVE_RESTORE_DAYS: number }
  /** Recomputes a room's KPI blocks and trend charts now (never into a locked report). */
  flushKpis(room: Room): void
}

const HOUR_MS = 3600 * 1000
const DAY_MS = 24 * HOUR_MS

export function reportRoutes({ meta, store, rooms, tokens, versions, history, locks, sockets, env, flushKpis, quotas = memoryQuotas }: ReportRouteDeps) {
  const limits = { maxDepth: env.MAX_NESTING_DEPTH, maxStructs: env.MAX_UPDATE_STRUCTS }
  /** Every report rewrites the metadata file for everyone: a user (not an admin) creates a bounded number per day. */
  const creations = quotas('creations', env.REPORTS_PER_USER_PER_DAY, DAY_MS)
  /** Each member change rewrites the metadata file and adds an audit entry: a user (not an admin) makes a bounded number per hour. */
  const memberChanges = quotas('member-changes', env.MEMBER_CHANGES_PER_USER_PER_HOUR, HOUR_MS)
  const chargeMemberChange = (c: Context<AppEnv>) =>
    chargeUser(c, memberChanges, `You changed members ${memberChanges.limit} times within the last hour, the most allowed (MEMBER_CHANGES_PER_USER_PER_HOUR)`)
  /**
   * Last month's published report of the series that the creator may read
   * (a member of it, or admin): the monthly cycle never leaks another team's
   * report, and a report the creator may not read never takes its team's place.
   */
  const previousReport = async (series: string, period: string, user: UserRecord): Promise<PreviousReport | undefined> => {
    const prevPeriod = previousPeriod(period)
    const found = history.published(series, prevPeriod, userReader(meta, user))
    if (!found) return undefined
    const v = await versions.get(found.reportId, found.version).catch((err: unknown) => {
      if (!(err instanceof VersionDamagedError)) throw err
      throw storageFailed(`Last month's published version (${prevPeriod} v${found.version}) is damaged on disk; nothing was created. Restore the file, then try again.`)
    })
    return v && { reportId: v.reportId, period: prevPeriod, version: v.version, content: v.content }
  }

  const access = (c: Context<AppEnv>, needed: Role, options?: { archived?: boolean }) => reportAccess(meta, c, needed, options)

  /** The live document of a report, read, loading its room for the call if needed. */
  const liveDocument = (reportId: string) => rooms.withRoom(reportId, readReport)

  /** A report as the API answers it; users are never deleted, but a member without a record still shows (by id). */
  const describe = (report: ReportRecord, role: Role): ReportDetail => ({
    ...report,
    role,
    members: meta.membersOf(report.id).map((m) => {
      const user = meta.userById(m.userId)
      const shown = user ? publicUser(user) : { id: m.userId, username: m.userId, displayName: m.userId, color: '#868e96', admin: false, active: false }
      return { ...shown, userId: m.userId, role: m.role }
    }),
  })

  const ownerCount = (reportId: string) => meta.membersOf(reportId).filter((m) => m.role === 'owner').length

  /** Gives `userId` the role `role` on the report (adding them if needed), checked again at the moment of the write; audited. */
  const setMember = async (c: Context<AppEnv>, recheck: () => { report: ReportRecord }, userId: string, role: Role) => {
    if (!meta.userById(userId)) throw notFound('User')
    const { report } = recheck()
    if (role !== 'owner' && meta.roleOf(report.id, userId) === 'owner' && ownerCount(report.id) === 1) {
      throw conflict('last_owner', 'A report keeps at least one owner.')
    }
    // The role they already have: nothing to write or audit.
    if (meta.roleOf(report.id, userId) === role) return { reportId: report.id, userId, role }
    const giveBack = await chargeMemberChange(c)
    await meta
      .update((data) => {
        const existing = data.members.find((m) => m.reportId === report.id && m.userId === userId)
        if (existing) existing.role = role
        else data.members.push({ reportId: report.id, userId, role })
        audit(data, {
          userId: c.var.user.id,
          action: 'member.set',
          reportId: report.id,
          detail: { userId, role },
        })
      })
      .catch((err: unknown) => {
        giveBack() // nothing was changed
        throw err
      })
    await redrawTrends(report.id)
    return { reportId: report.id, userId, role }
  }

  /** Trend charts show what every owner may read (seriesAccess.ts): an open draft is redrawn for its new owners at once. */
  const redrawTrends = async (reportId: string) => {
    if (!rooms.openRoom(reportId)) return
    await rooms.withRoom(reportId, (room) => flushKpis(room)).catch((err: unknown) => {
      console.error(`[kpi] report ${reportId}: trend charts not redrawn after a member change:`, err)
    })
  }

  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .post('/', jsonBody(reportsApi.create.body), async (c) => {
      const input = c.req.valid('json')
      const previous = await previousReport(input.series, input.period, c.var.user)
      // Admins are exempt (chargeUser.ts).
      const giveBack = await chargeUser(c, creations, `You created ${creations.limit} reports within the last 24 hours, the most allowed (REPORTS_PER_USER_PER_DAY)`)
      const report = await createReport(meta, store, input, c.var.user.id, { previous, limits }).catch((err: unknown) => {
        giveBack() // nothing was created
        throw err
      })
      if (previous) {
        // The team of last month's report carries over with its roles.
        await meta.update((data) => {
          for (const m of data.members.filter((x) => x.reportId === previous.reportId && x.userId !== c.var.user.id)) {
            data.members.push({ reportId: report.id, userId: m.userId, role: m.role })
          }
        })
      }
      return reply(c, reportsApi.create, describe(report, 'owner'))
    })
    .get('/', queryOf(reportsApi.list.query), (c) => {
      const user = c.var.user
      // `?archived=1`: the archived reports the caller owns that can still be restored; otherwise the live ones.
      const archived = c.req.valid('query').archived === '1'
      const list = meta.data.reports
        .filter((r) => (archived ? isRestorable(r, env.ARCHIVE_RESTORE_DAYS) : !isArchived(r)))
        .map((r) => ({ report: r, role: effectiveRole(meta, r.id, user) }))
        .filter((x): x is { report: ReportRecord; role: Role } => x.role !== undefined && (!archived || x.role === 'owner'))
        .map(({ report, role }) => ({ ...report, role, restorableUntil: restorableUntil(report, env.ARCHIVE_RESTORE_DAYS) }))
        .sort((a, b) => b.period.localeCompare(a.period) || b.createdAt.localeCompare(a.createdAt))
      return reply(c, reportsApi.list, list)
    })
    .get('/:id', (c) => {
      const { report, role } = access(c, 'viewer')
      return reply(c, reportsApi.get, describe(report, role))
    })
    .post('/:id/archive', jsonBody(reportsApi.archive.body), async (c) => {
      const { recheck } = access(c, 'owner')
      const { report } = recheck()
      const at = new Date().toISOString()
      await meta.update((data) => {
        const r = data.reports.find((x) => x.id === report.id)!
        r.archived = { at, by: c.var.user.id }
        audit(data, { at, userId: c.var.user.id, action: 'report.archive', reportId: report.id })
      })
      // Every open editor of the report closes now; REST answers 410 from now on.
      sockets.recheckReport(report.id)
      return reply(c, reportsApi.archive, {
        reportId: report.id,
        archived: { at, by: c.var.user.id },
        restorableUntil: restorableUntil(meta.report(report.id)!, env.ARCHIVE_RESTORE_DAYS),
      })
    })
    .post('/:id/restore-archived', jsonBody(reportsApi.restoreArchived.body), async (c) => {
      const { recheck } = access(c, 'owner', { archived: true })
      const { report } = recheck()
      if (!isArchived(report)) throw conflict('not_archived', 'The report is not archived.')
      if (!isRestorable(report, env.ARCHIVE_RESTORE_DAYS)) {
        throw gone('archive_expired', `The report was archived more than ${env.ARCHIVE_RESTORE_DAYS} days ago and can no longer be restored (ARCHIVE_RESTORE_DAYS).`)
      }
      await meta.update((data) => {
        const r = data.reports.find((x) => x.id === report.id)!
        r.archived = null
        audit(data, { userId: c.var.user.id, action: 'report.unarchive', reportId: report.id })
      })
      return reply(c, reportsApi.restoreArchived, describe(meta.report(report.id)!, 'owner'))
    })
    .put('/:id/members/:userId', paramsOf(reportsApi.setMember.params), jsonBody(reportsApi.setMember.body), async (c) => {
      const { recheck } = access(c, 'owner')
      const { userId } = c.req.valid('param')
      const { role } = c.req.valid('json')
      return reply(c, reportsApi.setMember, await setMember(c, recheck, userId, role))
    })
    .post('/:id/members', jsonBody(reportsApi.addMember.body), async (c) => {
      const { recheck } = access(c, 'owner')
      const { username, role } = c.req.valid('json')
      const user = meta.userByName(username)
      if (!user) throw notFound('User')
      return reply(c, reportsApi.addMember, await setMember(c, recheck, user.id, role))
    })
    .delete('/:id/members/:userId', paramsOf(reportsApi.removeMember.params), async (c) => {
      const { report } = access(c, 'owner')
      const { userId } = c.req.valid('param')
      const member = meta.roleOf(report.id, userId)
      if (!member) throw notFound('Member')
      if (member === 'owner' && ownerCount(report.id) === 1) throw conflict('last_owner', 'A report keeps at least one owner.')
      const giveBack = await chargeMemberChange(c)
      await meta
        .update((data) => {
          data.members = data.members.filter((m) => !(m.reportId === report.id && m.userId === userId))
          audit(data, { userId: c.var.user.id, action: 'member.remove', reportId: report.id, detail: { userId } })
        })
        .catch((err: unknown) => {
          giveBack() // nothing was changed
          throw err
        })
      // Their sockets on this report close now; their REST calls are refused from now on (roles are read live).
      sockets.recheck(userId)
      await redrawTrends(report.id)
      return reply(c, reportsApi.removeMember, { reportId: report.id, userId, removed: true })
    })
    .get('/:id/content', async (c) => {
      const { report } = access(c, 'viewer')
      return reply(c, reportsApi.getContent, (await liveDocument(report.id)).json)
    })
    .put('/:id/content', jsonBody(reportsApi.putContent.body), async (c) => {
      const { report, recheck } = access(c, 'editor')
      if (locks.isLocked(report.id)) throw locked()
      const json = c.req.valid('json')
      // The socket's limits (nesting of nodes and of attribute values, size) before anything reads it recursively,
      // then every attribute value against its block's schema and the structure against the report schema.
      const doc = documentFromJson(json, limits)
      await rooms.withRoom(report.id, async (room) => {
        if (locks.isLocked(report.id)) throw locked() // published while the body was being read
        recheck() // demoted, removed or signed out while the body was being read
        replaceBody(room, doc)
        await room.persistence.flush()
      })
      return reply(c, reportsApi.putContent, (await liveDocument(report.id)).json)
    })
    .get('/:id/kpis', async (c) => {
      const { report } = access(c, 'viewer')
      const values = computeReportKpis((await liveDocument(report.id)).node, report.period, report.locale)
      return reply(c, reportsApi.kpis, { reportId: report.id, period: report.period, computedAt: new Date().toISOString(), values })
    })
}
