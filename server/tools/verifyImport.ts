/**
 * The check after the import (migrateToPostgres), on stores opened anew so
 * that everything is read back from PostgreSQL:
 * - every report's document holds the folder's content: the same Yjs
 *   snapshot (state vector and delete set) and the same body and meta, or
 *   (edited in cluster mode since) every update of the folder and more; its
 *   lock state is `published` exactly when the report is published;
 * - every published version read back through PgVersionStore (which checks
 *   it against the digest recorded in the metadata) has the sha256 of the
 *   folder's file, itself checked against the folder's recorded digest;
 * - every user, report and member is there (or removed in PostgreSQL since),
 *   the audit log begins with the folder's, every comment record is the
 *   folder's (or a later change of it), every snapshot is there with its sha256.
 * Answers what was checked and every failure.
 */
import { membersTable } from '../meta/metaTables'
import { fileDigest } from '../versions/VersionStore'
import { compareDocuments } from './compareDocuments'
import type { EmbeddedFolder } from './EmbeddedFolder'
import { zeroCounts, type Counts } from './importEmbedded'
import { tombstonesOf, type PostgresSide } from './PostgresSide'
import { auditText, commentText } from './recordText'

export interface Verification {
  verified: Counts
  /** Documents PostgreSQL holds with later edits than the folder's (verified as containing the folder's). */
  documentsAhead: number
  failures: string[]
}

export async function verifyImport(folder: EmbeddedFolder, pg: PostgresSide): Promise<Verification> {
  const verified = zeroCounts()
  const failures: string[] = []
  let documentsAhead = 0
  const tombstones = await tombstonesOf(pg.pool)
  const data = folder.meta.data

  for (const u of data.users) {
    if (pg.meta.userById(u.id) || tombstones.has(`user ${u.id}`)) verified.users++
    else failures.push(`user ${u.username} (${u.id}) is not in PostgreSQL`)
  }
  for (const r of data.reports) {
    if (pg.meta.report(r.id) || tombstones.has(`report ${r.id}`)) verified.reports++
    else failures.push(`report ${r.id} is not in PostgreSQL`)
  }
  const pgMembers = new Set(pg.meta.data.members.map((m) => membersTable.key(m)))
  for (const m of data.members) {
    const key = membersTable.key(m)
    if (pgMembers.has(key) || tombstones.has(`member ${key}`) || tombstones.has(`report ${m.reportId}`)) verified.members++
    else failures.push(`the membership of user ${m.userId} in report ${m.reportId} is not in PostgreSQL`)
  }
  const pgAudit = pg.meta.data.audit
  data.audit.forEach((e, i) => {
    if (pgAudit[i] && auditText(pgAudit[i]) === auditText(e)) verified.audit++
    else failures.push(`audit entry ${i + 1} (${e.action} at ${e.at}) is not in PostgreSQL's log at its place`)
  })

  for (const r of data.reports) {
    if (tombstones.has(`report ${r.id}`)) continue
    const report = pg.meta.report(r.id)
    const row = await pg.rows.read(r.id)
    if (!row || !report) {
      failures.push(`report ${r.id}: no document in PostgreSQL`)
    } else {
      const comparison = compareDocuments(await folder.document(r.id), row.state)
      if (comparison === 'differs') failures.push(`report ${r.id}: the document in PostgreSQL lacks content of the folder's`)
      else if ((row.status === 'published') !== (report.status === 'published')) {
        failures.push(`report ${r.id}: its document is ${row.status} in PostgreSQL while the report is ${report.status}`)
      } else {
        verified.documents++
        if (comparison === 'ahead') documentsAhead++
      }
    }

    const file = await folder.commentFile(r.id)
    if (file) {
      const there = await pg.comments.read(r.id)
      if (commentText(there) === commentText(file) || (there.rev ?? 0) > (file.rev ?? 0)) verified.comments++
      else failures.push(`report ${r.id}: its comments in PostgreSQL are not the folder's`)
    }

    const snapshots = new Map((await pg.snapshots.list(r.id)).map((s) => [s.id, s.sha256]))
    for (const s of await folder.snapshotsOf(r.id)) {
      if (snapshots.get(s.id) === s.sha256) verified.snapshots++
      else failures.push(`report ${r.id}: snapshot ${s.id} is not in PostgreSQL with sha256 ${s.sha256}`)
    }

    for (const v of await folder.versionsOf(r.id)) {
      try {
        const bytes = await pg.versions.read(r.id, v.label)
        const digest = bytes && fileDigest(bytes)
        if (digest === v.digest) verified.versions++
        else failures.push(`report ${r.id}: version ${v.label} has sha256 ${digest ?? '(missing)'} in PostgreSQL, ${v.digest} in the folder`)
      } catch (err) {
        failures.push(`report ${r.id}: version ${v.label} cannot be read back from PostgreSQL (${(err as Error).message})`)
      }
    }
  }
  for (const t of await folder.apiTokens()) {
    const there = await pg.apiTokens.byId(t.id)
    if (!there || there.hash !== t.hash) failures.push(`API token ${t.id} "${t.name}" is not in PostgreSQL with its secret hash`)
    else if (t.revokedAt !== null && there.revokedAt === null) failures.push(`API token ${t.id} "${t.name}" is revoked in the folder but live in PostgreSQL`)
    else verified.apiTokens++
  }
  return { verified, documentsAhead, failures }
}
