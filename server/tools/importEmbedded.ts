/**
 * The one-time import of an embedded data folder into PostgreSQL
 * (migrateToPostgres), in two passes: first everything is compared and
 * nothing written; then, only if nothing conflicts, what PostgreSQL lacks
 * is written. A second run finds everything there and writes nothing.
 *
 * The rules, per kind of data (PostgreSQL is never overwritten):
 * - users, reports, members: inserted when PostgreSQL has no record with
 *   that id (members: report and user); an existing record is kept, and
 *   listed when it differs (changed in cluster mode since); one removed in
 *   PostgreSQL since an earlier import (a tombstone) is not brought back. A
 *   username held by another user id is a conflict.
 * - audit: entries are appended only; PostgreSQL's log must begin with the
 *   folder's (then nothing to do) or be the beginning of it (the rest is
 *   appended); logs that diverged are a conflict.
 * - documents (`report_documents`): a missing row is created with the
 *   folder's Yjs state, its lock state `published` when the report is.
 *   An existing row is left alone when it holds the same content or every
 *   update of the folder and more (edited in cluster mode since); when the
 *   folder holds updates the row lacks, that is a conflict: nothing is
 *   merged behind the back of a running cluster (whose rooms would not see
 *   it). Stop the cluster and import into a fresh database instead, or edit
 *   on one side only.
 * - comments: a report's record is inserted when missing; an existing one
 *   with a higher change counter is kept; a different one is a conflict.
 * - snapshots, versions: inserted by id / label when missing; an existing
 *   one with another sha256 is a conflict (versions are never rewritten).
 * - API tokens (api-tokens.json → `api_tokens`): inserted by id when
 *   missing, with their hash, scope, expiry, last use and revocation as
 *   they are; one stored under the same id with another hash, or another
 *   token holding the same hash, is a conflict. A token revoked in the
 *   folder is revoked in PostgreSQL too (revocation only ever tightens);
 *   any other difference (a later last use) keeps PostgreSQL's.
 * - token secret: DATA_DIR/secret.key becomes the `token_secret` setting
 *   when there is none, so that sessions signed by the embedded server stay
 *   valid; a different existing one is kept and listed.
 * Anything the folder cannot give intact (a document that does not load, a
 * version whose bytes do not match their sha256) is a conflict as well.
 */
import type { ApiTokenRecord } from '../apiTokens/ApiTokenStore'
import { copyAuditEntries } from '../meta/audit'
import type { Snapshot } from '../history/Snapshot'
import type { AuditEntry, MemberRecord, ReportRecord, UserRecord } from '../meta/MetaStore'
import { membersTable } from '../meta/metaTables'
import { fileDigest } from '../versions/VersionStore'
import { compareDocuments } from './compareDocuments'
import type { EmbeddedFolder } from './EmbeddedFolder'
import { tombstonesOf, type PostgresSide } from './PostgresSide'
import { auditText, commentText, memberText, reportText, userText } from './recordText'

export const KINDS = ['users', 'reports', 'members', 'audit', 'documents', 'comments', 'snapshots', 'versions', 'apiTokens'] as const
export type Kind = (typeof KINDS)[number]
export type Counts = Record<Kind, number>

export const zeroCounts = (): Counts => Object.fromEntries(KINDS.map((k) => [k, 0])) as Counts

export interface ImportResult {
  /** What the folder holds, per kind. */
  inFolder: Counts
  /** What this run wrote, per kind. */
  imported: Counts
  /** Lock states set to published on rows that existed (an earlier run stopped between the two writes). */
  lockStatesSet: number
  /** API tokens revoked in PostgreSQL because they are in the folder (revoked there after an earlier import). */
  tokensRevoked: number
  tokenSecretImported: boolean
  /** PostgreSQL holds something else or more, and kept it. */
  kept: string[]
  /** Nothing was written because of these. */
  conflicts: string[]
}

interface Plan {
  users: UserRecord[]
  reports: ReportRecord[]
  members: MemberRecord[]
  audit: AuditEntry[]
  createDocuments: Set<string>
  publishDocuments: Set<string>
  comments: Set<string>
  snapshots: Map<string, Set<string>>
  versions: Map<string, Set<string>>
  apiTokens: ApiTokenRecord[]
  /** Tokens revoked in the folder, live in PostgreSQL: revoked there at the folder's time. */
  revokeTokens: { id: string; at: string }[]
  tokenSecret: string | null
}

export async function importEmbedded(folder: EmbeddedFolder, pg: PostgresSide, log: (line: string) => void): Promise<ImportResult> {
  const result: ImportResult = { inFolder: zeroCounts(), imported: zeroCounts(), lockStatesSet: 0, tokensRevoked: 0, tokenSecretImported: false, kept: [], conflicts: [] }
  const plan = await planImport(folder, pg, result, log)
  if (result.conflicts.length > 0) return result
  await applyPlan(folder, pg, plan, result, log)
  return result
}

async function planImport(folder: EmbeddedFolder, pg: PostgresSide, result: ImportResult, log: (line: string) => void): Promise<Plan> {
  const { kept, conflicts, inFolder } = result
  const plan: Plan = {
    users: [],
    reports: [],
    members: [],
    audit: [],
    createDocuments: new Set(),
    publishDocuments: new Set(),
    comments: new Set(),
    snapshots: new Map(),
    versions: new Map(),
    apiTokens: [],
    revokeTokens: [],
    tokenSecret: null,
  }
  const tombstones = await tombstonesOf(pg.pool)
  const data = folder.meta.data

  // --- metadata
  inFolder.users = data.users.length
  for (const u of data.users) {
    if (tombstones.has(`user ${u.id}`)) {
      kept.push(`user ${u.username} (${u.id}) was removed in PostgreSQL since an earlier import; not brought back`)
      continue
    }
    const there = pg.meta.userById(u.id)
    if (!there) {
      const holder = pg.meta.userByName(u.username)
      if (holder) conflicts.push(`username "${u.username}" is held in PostgreSQL by another user (${holder.id}, the folder's is ${u.id}); was a cluster server started on this database before the import?`)
      else plan.users.push(structuredClone(u))
    } else if (userText(there) !== userText(u)) {
      kept.push(`user ${u.username} (${u.id}) differs in PostgreSQL (changed there since); PostgreSQL's kept`)
    }
  }
  inFolder.reports = data.reports.length
  for (const r of data.reports) {
    if (tombstones.has(`report ${r.id}`)) {
      kept.push(`report ${r.id} was removed in PostgreSQL since an earlier import; not brought back, nor its data`)
      continue
    }
    const there = pg.meta.report(r.id)
    if (!there) plan.reports.push(structuredClone(r))
    else if (reportText(there) !== reportText(r)) kept.push(`report ${r.id} "${r.title}" differs in PostgreSQL (changed there since); PostgreSQL's kept`)
  }
  inFolder.members = data.members.length
  const pgMembers = new Map(pg.meta.data.members.map((m) => [membersTable.key(m), m]))
  for (const m of data.members) {
    const key = membersTable.key(m)
    if (tombstones.has(`member ${key}`) || tombstones.has(`report ${m.reportId}`)) continue
    const there = pgMembers.get(key)
    if (!there) plan.members.push(structuredClone(m))
    else if (memberText(there) !== memberText(m)) kept.push(`the role of user ${m.userId} in report ${m.reportId} differs in PostgreSQL; PostgreSQL's kept`)
  }
  inFolder.audit = data.audit.length
  const pgAudit = pg.meta.data.audit
  const common = Math.min(pgAudit.length, data.audit.length)
  const diverged = Array.from({ length: common }, (_, i) => i).find((i) => auditText(pgAudit[i]!) !== auditText(data.audit[i]!))
  if (diverged !== undefined) {
    conflicts.push(`the audit log in PostgreSQL differs from the folder's at entry ${diverged + 1}; audit entries are only ever appended, so neither can be brought into the other`)
  } else if (data.audit.length > pgAudit.length) {
    plan.audit = structuredClone(data.audit.slice(pgAudit.length))
  }

  // --- per report
  const reports = data.reports.filter((r) => !tombstones.has(`report ${r.id}`))
  for (const [i, r] of reports.entries()) {
    if (i > 0 && i % 100 === 0) log(`  compared ${i} of ${reports.length} reports`)
    const willBePublished = (pg.meta.report(r.id) ?? r).status === 'published'
    inFolder.documents++
    try {
      const state = await folder.document(r.id)
      const row = await pg.rows.read(r.id)
      if (!row) {
        plan.createDocuments.add(r.id)
        if (willBePublished) plan.publishDocuments.add(r.id)
      } else {
        const comparison = compareDocuments(state, row.state)
        if (comparison === 'differs') {
          conflicts.push(`report ${r.id} "${r.title}": its document in PostgreSQL lacks updates the folder holds (both were edited); left as it is`)
        } else {
          if (comparison === 'ahead') kept.push(`report ${r.id} "${r.title}": PostgreSQL's document holds the folder's and later edits; kept`)
          if (willBePublished && row.status === 'draft') plan.publishDocuments.add(r.id)
        }
      }
    } catch (err) {
      conflicts.push(`report ${r.id} "${r.title}": its document cannot be read from the folder (${(err as Error).message})`)
    }

    try {
      const file = await folder.commentFile(r.id)
      if (file) {
        inFolder.comments++
        const there = await pg.comments.read(r.id)
        const empty = there.threads.length === 0 && Object.keys(there.reads).length === 0 && !there.rev
        if (empty) plan.comments.add(r.id)
        else if (commentText(there) !== commentText(file)) {
          if ((there.rev ?? 0) > (file.rev ?? 0)) kept.push(`report ${r.id}: its comments in PostgreSQL were changed since (change ${there.rev} > ${file.rev ?? 0}); kept`)
          else conflicts.push(`report ${r.id}: its comments in PostgreSQL differ from the folder's; left as they are`)
        }
      }
    } catch (err) {
      conflicts.push(`report ${r.id}: its comments cannot be compared (${(err as Error).message})`)
    }

    try {
      const snapshots = await folder.snapshotsOf(r.id)
      inFolder.snapshots += snapshots.length
      const there = new Map((await pg.snapshots.list(r.id)).map((s) => [s.id, s.sha256]))
      const missing = new Set<string>()
      for (const s of snapshots) {
        const sha = there.get(s.id)
        if (sha === undefined) missing.add(s.id)
        else if (sha !== s.sha256) conflicts.push(`report ${r.id}: snapshot ${s.id} is stored in PostgreSQL with other content`)
      }
      if (missing.size > 0) plan.snapshots.set(r.id, missing)
    } catch (err) {
      conflicts.push(`report ${r.id}: its snapshots cannot be compared (${(err as Error).message})`)
    }

    try {
      const versions = await folder.versionsOf(r.id)
      inFolder.versions += versions.length
      const labels = new Set(await pg.versions.labels(r.id))
      const missing = new Set<string>()
      for (const v of versions) {
        if (!labels.has(v.label)) {
          missing.add(v.label)
          continue
        }
        const bytes = await pg.versions.read(r.id, v.label)
        if (!bytes || fileDigest(bytes) !== v.digest) conflicts.push(`report ${r.id}: version ${v.label} is stored in PostgreSQL with other bytes; versions are never rewritten`)
      }
      if (missing.size > 0) plan.versions.set(r.id, missing)
    } catch (err) {
      conflicts.push(`report ${r.id}: its published versions cannot be imported (${(err as Error).message})`)
    }
  }

  // --- API tokens
  try {
    const tokens = await folder.apiTokens()
    inFolder.apiTokens = tokens.length
    for (const t of tokens) {
      const there = await pg.apiTokens.byId(t.id)
      if (!there) {
        const holder = await pg.apiTokens.byHash(t.hash)
        if (holder) conflicts.push(`API token ${t.id} "${t.name}": another token (${holder.id}) holds its secret hash in PostgreSQL`)
        else plan.apiTokens.push(structuredClone(t))
      } else if (there.hash !== t.hash || there.userId !== t.userId) {
        conflicts.push(`API token ${t.id} "${t.name}" is stored in PostgreSQL with another secret or owner; left as it is`)
      } else if (t.revokedAt !== null && there.revokedAt === null) {
        plan.revokeTokens.push({ id: t.id, at: t.revokedAt })
      }
    }
  } catch (err) {
    conflicts.push(`the API tokens cannot be read from the folder (${(err as Error).message})`)
  }

  // --- token secret
  const secret = await folder.tokenSecret()
  if (secret) {
    const { rows } = await pg.pool.query<{ value: string }>(`SELECT value FROM settings WHERE name = 'token_secret'`)
    if (!rows[0]) plan.tokenSecret = secret
    else if (rows[0].value !== secret) {
      kept.push("the token secret in PostgreSQL differs from the folder's secret.key; PostgreSQL's kept (sessions of the embedded server must sign in again)")
    }
  }
  return plan
}

async function applyPlan(folder: EmbeddedFolder, pg: PostgresSide, plan: Plan, result: ImportResult, log: (line: string) => void): Promise<void> {
  const { imported } = result
  if (plan.users.length + plan.reports.length + plan.members.length + plan.audit.length > 0) {
    await pg.meta.update((d) => {
      // One by one: a spread of a long list would overflow the call stack.
      for (const u of plan.users) d.users.push(u)
      for (const r of plan.reports) d.reports.push(r)
      for (const m of plan.members) d.members.push(m)
      copyAuditEntries(d, plan.audit)
    })
    imported.users = plan.users.length
    imported.reports = plan.reports.length
    imported.members = plan.members.length
    imported.audit = plan.audit.length
    log(`  metadata: ${plan.users.length} users, ${plan.reports.length} reports, ${plan.members.length} members, ${plan.audit.length} audit entries`)
  }

  for (const reportId of plan.createDocuments) {
    await pg.rows.create(reportId, await folder.document(reportId))
    imported.documents++
  }
  for (const reportId of plan.publishDocuments) {
    // A created row starts as a draft; a published report's is locked before anything can write to it (the cluster is not running).
    await pg.rows.setStatus(reportId, 'published')
    if (!plan.createDocuments.has(reportId)) result.lockStatesSet++
  }
  if (imported.documents > 0) log(`  documents: ${imported.documents}`)

  for (const reportId of plan.comments) {
    const file = await folder.commentFile(reportId)
    if (file && (await pg.comments.importFile(reportId, file))) imported.comments++
  }

  for (const [reportId, ids] of plan.snapshots) {
    const snapshots: Snapshot[] = (await folder.snapshotsOf(reportId)).filter((s) => ids.has(s.id))
    for (const s of snapshots) if (await pg.snapshots.importSnapshot(s)) imported.snapshots++
  }

  for (const [reportId, labels] of plan.versions) {
    for (const v of await folder.versionsOf(reportId)) {
      if (!labels.has(v.label)) continue
      const stored = await pg.versions.importBytes(reportId, v.label, v.bytes)
      if (stored !== v.digest) throw new Error(`version ${v.label} of ${reportId} was stored with sha256 ${stored}, not ${v.digest}`)
      imported.versions++
    }
  }

  for (const t of plan.apiTokens) {
    await pg.apiTokens.create(t)
    imported.apiTokens++
  }
  for (const { id, at } of plan.revokeTokens) {
    await pg.apiTokens.revoke(id, at)
    result.tokensRevoked++
  }
  if (imported.apiTokens + result.tokensRevoked > 0) log(`  API tokens: ${imported.apiTokens}${result.tokensRevoked ? `, ${result.tokensRevoked} revoked as in the folder` : ''}`)

  if (plan.tokenSecret) {
    const { rowCount } = await pg.pool.query(`INSERT INTO settings (name, value) VALUES ('token_secret', $1) ON CONFLICT (name) DO NOTHING`, [plan.tokenSecret])
    result.tokenSecretImported = rowCount === 1
  }
}
