/**
 * The review-and-publish cycle over REST: check, publish (owner), unlock
 * (owner, with a reason), published versions (frozen bytes) and their exports.
 */
import { Hono } from 'hono'
import type { z } from 'zod'
import { checkFailedBody, versionsApi } from '@schema/api/versionsApi'
import { renderReportMarkdown } from '@schema/export/renderReportMarkdown'
import { DOCX_CONTENT_TYPE, renderReportDocx } from '@schema/export/renderReportDocx'
import type { ReportRenderInput } from '@schema/export/renderReportHtml'
import { migratePublishedVersion } from '@schema/versions/migratePublishedVersion'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { notFound, storageFailed } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { contentDisposition } from '../http/contentDisposition'
import { jsonBody, paramsOf, queryOf, reply } from '../http/validation'
import { requireUser } from '../http/requireUser'
import type { TokenService } from '../auth/TokenService'
import { checkLiveReport } from '../reports/checkLiveReport'
import { CheckFailedError, publishReport, unlockReport, type PublishDeps } from '../reports/publishReport'
import { reportAccess } from '../reports/reportAccess'
import { VersionDamagedError } from '../versions/VersionStore'
import { chargeUser } from '../quotas/chargeUser'
import { renderChartPng } from '../export/renderChartPng'
import type { QuotaFactory } from '../quotas/QuotaCounter'
import { memoryQuotas } from '../quotas/RollingQuota'

const DAY_MS = 24 * 3600 * 1000

export function versionRoutes(deps: PublishDeps & { tokens: TokenService; quotas?: QuotaFactory; env: { UNLOCKS_PER_USER_PER_DAY: number; TIMEZONE: string } }) {
  const { meta, rooms, versions } = deps
  /** Versions are kept forever and each amendment needs an unlock: a user (not an admin) unlocks a bounded number per day. */
  const unlocks = (deps.quotas ?? memoryQuotas)('unlocks', deps.env.UNLOCKS_PER_USER_PER_DAY, DAY_MS)

  /** The verified bytes of a version (its label well-formed: paramsOf); a damaged file answers 500 storage_failed (it and its exports), nothing else. */
  const version = async (reportId: string, label: string): Promise<Buffer> => {
    let bytes: Buffer | undefined
    try {
      bytes = await versions.read(reportId, label)
    } catch (err) {
      if (err instanceof VersionDamagedError) {
        console.error(`[versions] ${err.message}`)
        throw storageFailed(`Version ${label} is damaged on disk (its bytes do not match the sha256 recorded at publish); it is not served.`)
      }
      throw err
    }
    if (!bytes) throw notFound('Version')
    return bytes
  }

  /** A published version as the exports render it: its stored body, title and KPIs, times in the instance's zone. */
  const published = async (reportId: string, label: string): Promise<{ v: PublishedVersion; input: ReportRenderInput }> => {
    // Read by today's code: a version published with an older schema is migrated (the file is not).
    const v = migratePublishedVersion(JSON.parse((await version(reportId, label)).toString('utf8')) as PublishedVersion)
    const input = {
      content: v.content,
      title: v.title,
      period: v.period,
      locale: v.locale,
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy.displayName,
      kpis: v.kpis,
      timeZone: deps.env.TIMEZONE,
      schemaVersion: v.schemaVersion,
    }
    return { v, input }
  }

  return new Hono<AppEnv>()
    .use(requireUser(deps.tokens, meta))
    // `?locale=`: the messages in the reader's UI language; the report's own language when absent.
    .post('/:id/check', queryOf(versionsApi.check.query), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const { locale } = c.req.valid('query')
      const { problems } = await rooms.withRoom(report.id, (room) => checkLiveReport(room, report, deps, 'check', locale))
      return reply(c, versionsApi.check, { ok: !problems.some((p) => p.severity === 'error'), problems })
    })
    .post('/:id/publish', jsonBody(versionsApi.publish.body), async (c) => {
      const { report, recheck } = reportAccess(meta, c, 'owner')
      const { note } = c.req.valid('json')
      recheck() // the role once the body has arrived
      try {
        const v = await publishReport(deps, report, c.var.user, note ?? null)
        return reply(c, versionsApi.publish, { version: v.version, revision: v.revision, sha256: v.sha256, publishedAt: v.publishedAt })
      } catch (err) {
        if (err instanceof CheckFailedError) {
          const refused: z.infer<typeof checkFailedBody> = { error: { code: 'check_failed', message: err.message }, ok: false, problems: err.problems }
          return c.json(refused, 422)
        }
        throw err
      }
    })
    .post('/:id/unlock', jsonBody(versionsApi.unlock.body), async (c) => {
      const { report, recheck } = reportAccess(meta, c, 'owner')
      const { reason } = c.req.valid('json')
      recheck() // the role once the body has arrived
      const giveBack = await chargeUser(c, unlocks, `You unlocked ${unlocks.limit} published reports within the last 24 hours, the most allowed (UNLOCKS_PER_USER_PER_DAY)`)
      const updated = await unlockReport(deps, report, c.var.user, reason).catch((err: unknown) => {
        giveBack() // nothing was unlocked
        throw err
      })
      return reply(c, versionsApi.unlock, { status: updated.status, revision: updated.revision })
    })
    .get('/:id/versions', async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      return reply(c, versionsApi.list, await versions.list(report.id))
    })
    .get('/:id/versions/:v', paramsOf(versionsApi.get.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      // The stored bytes, as written at publish time: identical on every fetch.
      const bytes = await version(report.id, c.req.valid('param').v)
      return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/json; charset=utf-8' })
    })
    .get('/:id/versions/:v/export.html', paramsOf(versionsApi.exportHtml.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const v = JSON.parse((await version(report.id, c.req.valid('param').v)).toString('utf8')) as PublishedVersion
      c.header('content-disposition', contentDisposition('inline', `${v.title} v${v.version}`, '.html', `${report.id}-v${v.version}`))
      return c.html(v.html)
    })
    .get('/:id/versions/:v/export.md', paramsOf(versionsApi.exportMd.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const { v, input } = await published(report.id, c.req.valid('param').v)
      const md = renderReportMarkdown(input)
      c.header('content-disposition', contentDisposition('attachment', `${v.title} v${v.version}`, '.md', `${report.id}-v${v.version}`))
      return c.body(md, 200, { 'content-type': 'text/markdown; charset=utf-8' })
    })
    .get('/:id/versions/:v/export.docx', paramsOf(versionsApi.exportDocx.params), async (c) => {
      const { report } = reportAccess(meta, c, 'viewer')
      const { v, input } = await published(report.id, c.req.valid('param').v)
      const docx = await renderReportDocx({ ...input, chartPng: renderChartPng })
      c.header('content-disposition', contentDisposition('attachment', `${v.title} v${v.version}`, '.docx', `${report.id}-v${v.version}`))
      return c.body(docx, 200, { 'content-type': DOCX_CONTENT_TYPE })
    })
}
