/**
 * `npm run migrate-to-postgres -- --from ./data`: the one-time import of an
 * embedded data folder (DATA_DIR) into the PostgreSQL database of
 * DATABASE_URL, for moving a server to cluster mode. Stop the server of the
 * folder first; the cluster may be started once this answers 0.
 *
 * Idempotent: it imports only what PostgreSQL lacks and never overwrites
 * anything there (rules: importEmbedded.ts); a second run changes nothing
 * and says so. Then it verifies, on stores opened anew, every report's
 * content and every version's sha256 read back from PostgreSQL
 * (verifyImport.ts), and prints a summary.
 *
 * Exit codes: 0 imported (or nothing to import) and verified; 1 not run
 * (usage, unreadable folder, database unreachable); 2 conflicts, nothing
 * written; 3 written but the verification failed.
 */
import path from 'node:path'
import { EmbeddedFolder } from './EmbeddedFolder'
import { importEmbedded, KINDS, type Counts } from './importEmbedded'
import { openPostgresSide } from './PostgresSide'
import { verifyImport } from './verifyImport'

const USAGE = 'usage: DATABASE_URL=postgres://… npm run migrate-to-postgres -- --from <data folder>'

function fromArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--from') return argv[i + 1]
    if (a.startsWith('--from=')) return a.slice('--from='.length)
  }
  return undefined
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(DATABASE_URL)'
  }
}

const line = (counts: Counts, of?: Counts) => KINDS.map((k) => `${counts[k]}${of ? `/${of[k]}` : ''} ${k}`).join(', ')

async function main(): Promise<number> {
  const from = fromArg(process.argv.slice(2))
  const url = process.env.DATABASE_URL
  if (!from) {
    console.error(`migrate-to-postgres: say which data folder to import with --from <dir>.\n${USAGE}`)
    return 1
  }
  if (!url) {
    console.error(`migrate-to-postgres: DATABASE_URL is not set; set it to the PostgreSQL database of the cluster.\n${USAGE}`)
    return 1
  }
  const dataDir = path.resolve(from)
  console.log(`Importing ${dataDir} into ${shown(url)}`)
  const folder = await EmbeddedFolder.open(dataDir)
  try {
    const pg = await openPostgresSide(url)
    let result
    try {
      result = await importEmbedded(folder, pg, (l) => console.log(l))
    } finally {
      await pg.close()
    }
    for (const k of result.kept) console.log(`  kept: ${k}`)
    if (result.conflicts.length > 0) {
      for (const c of result.conflicts) console.error(`  conflict: ${c}`)
      console.error(`${result.conflicts.length} conflict(s): nothing was written. Resolve them (or import into a fresh database) and run again.`)
      return 2
    }
    const written = KINDS.reduce((n, k) => n + result.imported[k], 0) + result.lockStatesSet + result.tokensRevoked + (result.tokenSecretImported ? 1 : 0)
    if (written === 0) console.log(`Nothing to import: PostgreSQL already holds everything in ${dataDir}; no changes made.`)
    else {
      console.log(`Imported: ${line(result.imported)}${result.tokenSecretImported ? ', the token secret' : ''}${result.lockStatesSet ? `, ${result.lockStatesSet} lock states` : ''}${result.tokensRevoked ? `, ${result.tokensRevoked} API token revocations` : ''}.`)
    }

    const check = await openPostgresSide(url)
    let verification
    try {
      verification = await verifyImport(folder, check)
    } finally {
      await check.close()
    }
    for (const f of verification.failures) console.error(`  verification failed: ${f}`)
    const v = verification.verified
    const f = result.inFolder
    console.log(
      `Summary: reports ${v.reports}/${f.reports} (content verified ${v.documents}/${f.documents}${verification.documentsAhead ? `, ${verification.documentsAhead} with later edits in PostgreSQL` : ''}), ` +
        `versions ${v.versions}/${f.versions} (sha256 verified), comments ${v.comments}/${f.comments}, snapshots ${v.snapshots}/${f.snapshots}, ` +
        `users ${v.users}/${f.users}, members ${v.members}/${f.members}, audit entries ${v.audit}/${f.audit}, ` +
        `API tokens ${v.apiTokens}/${f.apiTokens} (by id and hash).`,
    )
    if (verification.failures.length > 0) {
      console.error(`Verification FAILED (${verification.failures.length} problem(s)); do not start the cluster on this database yet.`)
      return 3
    }
    console.log('Verified: everything in the folder is in PostgreSQL.')
    return 0
  } finally {
    await folder.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`migrate-to-postgres failed: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
