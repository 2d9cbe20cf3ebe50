/**
 * Publishing: check, freeze, lock. While it runs the report is locked in
 * memory (every body write is dropped), so the version holds exactly the
 * document the check passed. The version file is written durably before
 * the metadata says "published"; a crash in between is repaired at boot
 * (reconcilePublished).
 */
import * as Y from 'yjs'
import type { CheckProblem } from '@schema/check/CheckProblem'
import { hasErrors } from '@schema/check/checkReport'
import { renderReportHtml } from '@schema/export/renderReportHtml'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { freezeServerValues } from '@schema/versions/freezeServerValues'
import { versionLabel, type PublishedVersion } from '@schema/versions/PublishedVersion'
import { MIGRATION_ORIGIN, type RoomManager } from '../collab/RoomManager'
import { migrateYDoc } from '@schema/document/migrateDocument'
import { conflict } from '../errors'
import { audit } from '../meta/audit'
import type { MetaStore, ReportRecord, UserRecord } from '../meta/MetaStore'
import { canonicalJson, sha256Hex } from '../versions/canonicalJson'
import type { SeriesHistory } from '../versions/SeriesHistory'
import type { VersionStore } from '../versions/VersionStore'
import { checkLiveReport, type OpenThreads } from './checkLiveReport'
import { readReport } from '../collab/readReport'
import type { ReportLocks } from './ReportLocks'
import { assertPeriodFree } from './seriesAccess'
import { statusEventOf } from '@schema/reportEvent'
import type { Room } from '../collab/Room'
import type { FlushReason } from '../kpi/kpiRecompute'
import { runReportTask } from './runReportTask'

/** The check found errors: answered 422 with the problems, nothing published. */
export class CheckFailedError extends Error {
  constructor(readonly problems: CheckProblem[]) {
    super('The report does not pass the publish check.')
  }
}

export interface PublishDeps {
  meta: MetaStore
  rooms: RoomManager
  versions: VersionStore
  history: SeriesHistory
  locks: ReportLocks
  flushKpis(room: Room, reason?: FlushReason): void
  openThreads?: OpenThreads
  /** The zone the frozen HTML shows its times in (env TIMEZONE); DEFAULT_TIME_ZONE when absent. */
  env?: { TIMEZONE?: string }
}

export async function publishReport(
  deps: PublishDeps,
  report: ReportRecord,
  user: UserRecord,
  note: string | null,
): Promise<PublishedVersion> {
  if (report.status === 'published') throw conflict('already_published', 'The report is already published; unlock it to amend it.')
  if (deps.locks.isPublishing(report.id)) throw conflict('publishing', 'The report is being published.')
  // One report per series and period; checked in the same tick as the lock is taken, so of two at once one gets 409.
  assertPeriodFree(deps.meta, deps.locks, report)
  return deps.locks.during(report.id, async () => {
    const version = await deps.rooms.withRoom(report.id, async (room) => {
      const { doc, problems } = await checkLiveReport(room, report, deps, 'publish')
      if (hasErrors(problems)) throw new CheckFailedError(problems)
      const label = versionLabel(report.revision)
      const reading = readReport(room) // the body the check just read (one conversion per document version)
      // The version's own trend points are published as this version, not the draft's (BlockServerValues.frozen).
      const content = freezeServerValues(JSON.parse(canonicalJson(reading.json)) as PublishedVersion['content'], label)
      const publishedAt = new Date().toISOString()
      const kpis = computeReportKpis(doc, report.period, report.locale)
      const schemaVersion = reading.schemaVersion
      const head = { title: report.title, period: report.period, locale: report.locale, version: label, publishedAt, publishedBy: user.displayName, schemaVersion }
      const v: PublishedVersion = {
        reportId: report.id,
        version: label,
        revision: report.revision,
        title: report.title,
        period: report.period,
        series: report.series,
        template: report.template,
        locale: report.locale,
        publishedAt,
        publishedBy: { id: user.id, displayName: user.displayName },
        note,
        schemaVersion,
        content,
        kpis,
        html: renderReportHtml({ ...head, content, kpis, timeZone: deps.env?.TIMEZONE }),
        yjsState: Buffer.from(Y.encodeStateAsUpdate(room.doc)).toString('base64'),
        sha256: sha256Hex(canonicalJson(content)),
      }
      return v
    })
    const digest = await deps.versions.write(version)
    try {
      await markPublished(deps.meta, version, digest)
    } catch (err) {
      // The version is written: it is the truth now. Keep the body locked and
      // record it once the metadata can be written again (disk full, …).
      deps.locks.pin(report.id)
      retryMarkPublished(deps, version, digest)
      throw err
    }
    published(deps, version)
    return version
  })
}

function published(deps: PublishDeps, version: PublishedVersion): void {
  deps.history.record(version)
  deps.rooms.notify(version.reportId, statusEventOf(deps.meta.report(version.reportId)!))
}

function retryMarkPublished(deps: PublishDeps, version: PublishedVersion, digest: string, delayMs = 1000): void {
  setTimeout(() => {
    runReportTask(version.reportId, 'publish', () =>
      markPublished(deps.meta, version, digest).then(
        () => {
          deps.locks.unpin(version.reportId)
          published(deps, version)
        },
        () => retryMarkPublished(deps, version, digest, Math.min(delayMs * 2, 30_000)),
      ),
    )
  }, delayMs).unref()
}

/** Records a written version in the metadata: published, locked, audited, with the sha256 of its file. */
export async function markPublished(meta: MetaStore, v: PublishedVersion, fileSha256: string): Promise<void> {
  await meta.update((data) => {
    const r = data.reports.find((x) => x.id === v.reportId)
    if (!r) return
    r.status = 'published'
    r.published = { version: v.version, publishedAt: v.publishedAt, publishedBy: v.publishedBy }
    r.versionDigests = { ...r.versionDigests, [v.version]: fileSha256 }
    audit(data, {
      at: v.publishedAt,
      userId: v.publishedBy.id,
      action: 'report.publish',
      reportId: v.reportId,
      detail: { version: v.version, sha256: v.sha256, note: v.note },
    })
  })
}

/**
 * Runs at boot, before anything reads a version.
 *
 * First, version files without a recorded sha256 (published before they
 * were recorded, or written just before a crash) are adopted if they are
 * whole (VersionStore.adopt); a damaged one is logged and never served.
 *
 * Then, after a crash between writing a version and the metadata write: a
 * report whose current revision has a version file but is still a draft was
 * published.
 */
export async function reconcilePublished(meta: MetaStore, versions: VersionStore): Promise<void> {
  const adopted: { reportId: string; label: string; digest: string }[] = []
  for (const report of meta.data.reports) {
    for (const label of await versions.labels(report.id)) {
      if (report.versionDigests && Object.hasOwn(report.versionDigests, label)) continue
      const digest = await versions.adopt(report.id, label)
      if (digest) adopted.push({ reportId: report.id, label, digest })
      else console.error(`[boot] report ${report.id}: version file v${label} is damaged; it is not served (500 storage_failed)`)
    }
  }
  if (adopted.length > 0) {
    await meta.update((data) => {
      for (const { reportId, label, digest } of adopted) {
        const r = data.reports.find((x) => x.id === reportId)
        if (r) r.versionDigests = { ...r.versionDigests, [label]: digest }
      }
    })
  }
  for (const report of meta.data.reports) {
    if (report.status === 'published') continue
    const latest = await versions.latest(report.id)
    if (latest && latest.revision === report.revision) {
      console.warn(`[boot] report ${report.id}: version ${latest.version} was written but not recorded; marking it published`)
      await markPublished(meta, latest, meta.report(report.id)!.versionDigests![latest.version]!)
    }
  }
}

/**
 * Unlock: the owner starts amendment v1.(n+1) as a draft from the published
 * content (the live document is exactly that, it was locked). The reason is
 * recorded in the audit log.
 */
export async function unlockReport(deps: PublishDeps, report: ReportRecord, user: UserRecord, reason: string): Promise<ReportRecord> {
  if (report.status !== 'published') throw conflict('not_published', 'Only a published report can be unlocked.')
  await deps.meta.update((data) => {
    const r = data.reports.find((x) => x.id === report.id)!
    r.status = 'draft'
    r.revision += 1
    audit(data, {
      userId: user.id,
      action: 'report.unlock',
      reportId: report.id,
      detail: { reason, revision: r.revision, from: r.published?.version ?? null },
    })
  })
  await deps.locks.unlocked(report.id)
  const updated = deps.meta.report(report.id)!
  // A draft again: a body kept as published by older code gets today's shape now (a room loaded later does at load).
  const room = await deps.rooms.openRoom(report.id)?.catch(() => undefined)
  if (room && !room.frozen()) migrateYDoc(room.doc, MIGRATION_ORIGIN, `report ${report.id}`)
  deps.rooms.notify(report.id, statusEventOf(updated))
  return updated
}
