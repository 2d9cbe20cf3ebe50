import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { ROLES, type Role } from '@schema/roles'
import { LOCALES } from '@schema/templates/ReportTemplate'
import { previousPeriod, type PreviousReport } from '@schema/templates/carryOver'
import { DEFAULT_TEMPLATE, templates } from '@schema/templates/templates'
import type { TokenService } from '../auth/TokenService'
import { roomBody } from '../collab/bodyToProseMirror'
import type { RoomManager } from '../collab/RoomManager'
import { conflict, locked, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { readJson } from '../http/readJson'
import { requireUser } from '../http/requireUser'
import type { MetaStore, ReportRecord, UserRecord } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { createReport } from '../reports/createReport'
import { documentFromJson } from '../reports/documentFromJson'
import { effectiveRole } from '../reports/effectiveRole'
import { replaceBody } from '../reports/replaceBody'
import { reportAccess } from '../reports/reportAccess'
import type { ReportLocks } from '../reports/ReportLocks'
import type { SeriesHistory } from '../versions/SeriesHistory'
import type { VersionStore } from '../versions/VersionStore'
import type { DocStore } from '../storage/DocStore'

const newReportSchema = z.object({
  title: z.string().trim().min(1).max(200),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period: YYYY-MM'),
  series: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'series: lowercase letters, digits, _ and -')
    .default('default'),
  template: z
    .string()
    .refine((t) => Object.hasOwn(templates, t), 'template: unknown')
    .default(DEFAULT_TEMPLATE),
  locale: z.enum(LOCALES).default('zh-CN'),
})

const memberSchema = z.object({ role: z.enum(ROLES) })

export interface ReportRouteDeps {
  meta: MetaStore
  store: DocStore
  rooms: RoomManager
  tokens: TokenService
  versions: VersionStore
  history: SeriesHistory
  locks: ReportLocks
  env: { MAX_NESTING_DEPTH: number; MAX_UPDATE_STRUCTS: number }
}

const contentSchema = z.object({ type: z.literal('doc'), content: z.array(z.unknown()).min(1) }).passthrough()

export function reportRoutes({ meta, store, rooms, tokens, versions, history, locks, env }: ReportRouteDeps) {
  const limits = { maxDepth: env.MAX_NESTING_DEPTH, maxStructs: env.MAX_UPDATE_STRUCTS }
  /**
   * Last month's published report of the series, when the creator may read it
   * (a member of it, or admin): the monthly cycle never leaks another team's report.
   */
  const previousReport = async (series: string, period: string, user: UserRecord): Promise<PreviousReport | undefined> => {
    const prevPeriod = previousPeriod(period)
    const found = history.published(series, prevPeriod)
    if (!found || !effectiveRole(meta, found.reportId, user)) return undefined
    const v = await versions.get(found.reportId, found.version)
    return v && { reportId: v.reportId, period: prevPeriod, version: v.version, content: v.content }
  }

  const access = (c: Context<AppEnv>, needed: Role) => reportAccess(meta, c, needed)

  /** The live document of a report as ProseMirror, loading its room for the call if needed. */
  const liveDocument = (reportId: string) =>
    rooms.withRoom(reportId, roomBody)

  const describe = (report: ReportRecord, role: Role) => ({
    ...report,
    role,
    members: meta.membersOf(report.id).map((m) => {
      const user = meta.userById(m.userId)
      return { ...(user ? publicUser(user) : { id: m.userId }), userId: m.userId, role: m.role }
    }),
  })

  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .post('/', async (c) => {
      const input = await readJson(c, newReportSchema)
      const previous = await previousReport(input.series, input.period, c.var.user)
      const report = await createReport(meta, store, input, c.var.user.id, { previous, limits })
      if (previous) {
        // The team of last month's report carries over with its roles.
        await meta.update((data) => {
          for (const m of data.members.filter((x) => x.reportId === previous.reportId && x.userId !== c.var.user.id)) {
            data.members.push({ reportId: report.id, userId: m.userId, role: m.role })
          }
        })
      }
      return c.json(describe(report, 'owner'), 201)
    })
    .get('/', (c) => {
      const user = c.var.user
      const list = meta.data.reports
        .map((r) => ({ report: r, role: effectiveRole(meta, r.id, user) }))
        .filter((x): x is { report: ReportRecord; role: Role } => x.role !== undefined)
        .map(({ report, role }) => ({ ...report, role }))
        .sort((a, b) => b.period.localeCompare(a.period) || b.createdAt.localeCompare(a.createdAt))
      return c.json(list)
    })
    .get('/:id', (c) => {
      const { report, role } = access(c, 'viewer')
      return c.json(describe(report, role))
    })
    .put('/:id/members/:userId', async (c) => {
      const { report } = access(c, 'owner')
      const { role } = await readJson(c, memberSchema)
      const userId = c.req.param('userId')
      if (!meta.userById(userId)) throw notFound('User')
      const owners = meta.membersOf(report.id).filter((m) => m.role === 'owner')
      if (role !== 'owner' && owners.length === 1 && owners[0]!.userId === userId) {
        throw conflict('last_owner', 'A report keeps at least one owner.')
      }
      await meta.update((data) => {
        const existing = data.members.find((m) => m.reportId === report.id && m.userId === userId)
        if (existing) existing.role = role
        else data.members.push({ reportId: report.id, userId, role })
        data.audit.push({
          at: new Date().toISOString(),
          userId: c.var.user.id,
          action: 'member.set',
          reportId: report.id,
          detail: { userId, role },
        })
      })
      return c.json({ reportId: report.id, userId, role })
    })
    .get('/:id/content', async (c) => {
      const { report } = access(c, 'viewer')
      return c.json((await liveDocument(report.id)).toJSON())
    })
    .put('/:id/content', async (c) => {
      const { report } = access(c, 'editor')
      if (locks.isLocked(report.id)) throw locked()
      const json = await readJson(c, contentSchema)
      // The socket's limits (nesting of nodes and of attribute values, size) before anything reads it recursively.
      const doc = documentFromJson(json, limits)
      await rooms.withRoom(report.id, async (room) => {
        if (locks.isLocked(report.id)) throw locked() // published while the body was being read
        replaceBody(room, doc)
        await room.persistence.flush()
      })
      return c.json((await liveDocument(report.id)).toJSON())
    })
    .get('/:id/kpis', async (c) => {
      const { report } = access(c, 'viewer')
      const values = computeReportKpis(await liveDocument(report.id), report.period, report.locale)
      return c.json({ reportId: report.id, period: report.period, computedAt: new Date().toISOString(), values })
    })
}
