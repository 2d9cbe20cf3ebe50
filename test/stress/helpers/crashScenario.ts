/**
 * kill -9 at random moments of a busy server, then restart on the same data
 * and check what survived. Between two kills, at the same time:
 *
 * - two clients type without pause into their own paragraphs (tokens
 *   `<i.n>`, each one update), with COMPACT_LOG_BYTES at 2048 so the log is
 *   folded into a new snapshot every few dozen keystrokes;
 * - a REST loop creates reports, sets members and posts comments, each a
 *   rewrite of meta.json or of a comments file.
 *
 * After every restart: each acknowledged keystroke is there (MESSAGE_SAVED
 * covered it) and what is there is a prefix of what was typed; every
 * acknowledged report, role and comment is there; every report listed
 * loads (the old or the new snapshot, never neither, never a 500); meta.json
 * parsed as the crash left it; the temp files the crash left are gone and
 * were never read. Seeded: the seed is printed; replay with `SEED=<n>`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { Api } from '../../helpers/api'
import { appendParagraph, paragraphsOf, pmText, textOf, type PmNode } from '../../helpers/doc'
import { createRng } from '../../helpers/prng'
import { RawClient } from '../../helpers/rawClient'
import { startServer, type TestServer } from '../../helpers/startServer'
import { sleep } from '../../helpers/wait'

export interface CrashRunOptions {
  kills: number
  seed: number
  /** Servers started, so the caller can kill and remove them whatever happens. */
  servers: TestServer[]
}

export interface CrashRunStats {
  kills: number
  keystrokesAcked: number
  keystrokesTyped: number
  reportsCreated: number
  rolesSet: number
  comments: number
  /** What the crash left on disk, counted before each restart: evidence of where the kills landed. */
  killedDuring: { snapshotWrite: number; generationSwitch: number; metaWrite: number; commentWrite: number; tornAppend: number }
}

const ROLES = ['editor', 'reviewer', 'viewer'] as const

/** `*.tmp` files under `dir` (relative paths). */
function tempFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name)
      if (e.isDirectory()) walk(full)
      else if (e.name.endsWith('.tmp')) out.push(path.relative(dir, full))
    }
  }
  walk(dir)
  return out.sort()
}

export async function runCrashRounds({ kills, seed, servers }: CrashRunOptions): Promise<CrashRunStats> {
  const rng = createRng(seed)
  const msg = (round: number, what: string) => `SEED=${seed} kill ${round + 1}/${kills}: ${what}`
  const env = (): Record<string, string> => ({
    COMPACT_LOG_BYTES: '2048',
    // Both group-commit paths: flush at once, and a window shared by many appends.
    COMMIT_WINDOW_MS: String(rng.pick([0, 2, 20, 50])),
    MAX_MESSAGES_PER_SECOND: '10000',
    KPI_DEBOUNCE_MS: '50',
    // 50 rounds write up to ~600 comments into one report: past the default quota of 500, which is not what this run tests.
    MAX_COMMENTS_PER_REPORT: '100000',
  })
  const start = async (dataDir?: string, port?: number) => {
    const s = await startServer({ dataDir, port, env: env() })
    servers.push(s)
    return s
  }

  let server = await start()
  const admin = await Api.login(server.url)
  const reportId = await admin.createReport('Crash test', '2026-11')
  const users: string[] = []
  for (const name of ['crash-bob', 'crash-carol', 'crash-dave']) users.push((await admin.createUser(name)).id)
  const sectionId = (await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)).body.content!.find((n) => n.type === 'reportSection')!
    .attrs!.id as string

  const stats: CrashRunStats = {
    kills: 0,
    keystrokesAcked: 0,
    keystrokesTyped: 0,
    reportsCreated: 0,
    rolesSet: 0,
    comments: 0,
    killedDuring: { snapshotWrite: 0, generationSwitch: 0, metaWrite: 0, commentWrite: 0, tornAppend: 0 },
  }
  /** Tokens typed per client, in order; how many of them are acknowledged. */
  const typed: string[][] = [[], []]
  const acked = [0, 0]
  /** Reports whose creation was answered 201; every listed report must load. */
  const createdReports: string[] = [reportId]
  /** Role per `${report} ${user}`: the last one answered 200, and the one in flight at the kill (either may be stored). */
  const roles = new Map<string, { acked: string | null; inFlight: string | null }>()
  const commentIds: string[] = []
  /** Reports seen loading once (plus one random old one each round: nobody writes to the others). */
  const checkedReports = new Set<string>()
  let tornFilesBefore = 0

  for (let round = 0; round < kills; round++) {
    const clients = [0, 1].map(() => RawClient.connect(server.wsUrl, reportId, { token: admin.token }))
    const tokenOfWrite = clients.map(() => new Map<number, number>())
    for (const c of clients) await c.waitSynced(15_000).catch((err: Error) => expect.fail(msg(round, `client could not sync: ${err.message}`)))
    if (round === 0) {
      clients.forEach((c, i) => c.edit((d) => appendParagraph(d, `[c${i}]`, i)))
      for (const c of clients) await c.waitSaved()
    }

    let running = true
    const touched = new Set<string>()
    const typedBefore = typed.map((t) => t.length)
    const typing = clients.map(async (c, i) => {
      while (running && c.isOpen) {
        const position = typed[i]!.length
        const token = `<${i}.${position}>`
        const index = c.edit((d) => {
          const p = paragraphsOf(d).find((x) => x.toString().includes(`[c${i}]`))
          if (!p) throw new Error(msg(round, `paragraph of client ${i} is missing`))
          const t = textOf(p)
          t.insert(t.length, token)
        })
        typed[i]!.push(token)
        tokenOfWrite[i]!.set(index, position)
        await sleep(rng.int(3))
      }
    })
    const rest = (async () => {
      for (let n = 0; running; n++) {
        const roll = rng.next()
        try {
          if (roll < 0.3) {
            const res = await admin.call<{ id: string }>('POST', '/api/reports', { title: `Crash report ${round}.${n}`, period: '2026-10' })
            if (res.status !== 201) expect.fail(msg(round, `create report answered ${res.status} ${JSON.stringify(res.body)}`))
            createdReports.push(res.body.id)
            stats.reportsCreated++
          } else if (roll < 0.65) {
            const key = `${rng.pick(createdReports)} ${rng.pick(users)}`
            const role = rng.pick(ROLES)
            const entry = roles.get(key) ?? { acked: null, inFlight: null }
            roles.set(key, entry)
            touched.add(key)
            entry.inFlight = role
            const [rid, uid] = key.split(' ')
            const res = await admin.call('PUT', `/api/reports/${rid}/members/${uid}`, { role })
            if (res.status !== 200) expect.fail(msg(round, `set role answered ${res.status} ${JSON.stringify(res.body)}`))
            entry.acked = role
            entry.inFlight = null
            stats.rolesSet++
          } else {
            const body = `comment ${round}.${n}`
            const res = await admin.call<{ id: string }>('POST', `/api/reports/${reportId}/comments`, { anchor: { blockId: sectionId, quote: 'x' }, body })
            if (res.status !== 201) expect.fail(msg(round, `comment answered ${res.status} ${JSON.stringify(res.body)}`))
            commentIds.push(res.body.id)
            stats.comments++
          }
        } catch (err) {
          if (!running) return // the kill cut the request: not acknowledged, may or may not be stored
          throw err
        }
      }
    })()

    // Mostly in the middle of the work; sometimes right after the restart, while rooms load.
    const crashAfter = rng.chance(0.2) ? rng.int(150) : rng.between(150, 1500)
    await sleep(crashAfter)
    running = false
    await server.kill()
    stats.kills++
    await Promise.all(typing)
    await rest
    for (const c of clients) await c.waitClosed()
    clients.forEach((c, i) => {
      for (const [index, position] of tokenOfWrite[i]!) if (index <= c.saved) acked[i] = Math.max(acked[i]!, position + 1)
      c.doc.destroy()
    })

    // What the crash left, before anything reads it.
    const dataDir = server.dataDir
    const leftovers = tempFiles(dataDir)
    if (leftovers.some((f) => /^reports\/.*snap-\d+\.bin\.tmp$/.test(f))) stats.killedDuring.snapshotWrite++
    if (leftovers.some((f) => f === 'meta.json.tmp')) stats.killedDuring.metaWrite++
    if (leftovers.some((f) => f.startsWith('comments/'))) stats.killedDuring.commentWrite++
    const snaps = readdirSync(path.join(dataDir, 'reports', reportId)).filter((n) => /^snap-\d+\.bin$/.test(n))
    if (snaps.length > 1) stats.killedDuring.generationSwitch++
    expect(() => JSON.parse(readFileSync(path.join(dataDir, 'meta.json'), 'utf8')), msg(round, 'meta.json parses as the crash left it')).not.toThrow()
    const commentsFile = path.join(dataDir, 'comments', `${reportId}.json`)
    if (existsSync(commentsFile)) expect(() => JSON.parse(readFileSync(commentsFile, 'utf8')), msg(round, 'comments file parses')).not.toThrow()

    server = await start(dataDir, server.port)
    // Removed at boot, before anything could read them.
    expect(tempFiles(dataDir), msg(round, `temp files after the restart (left: ${leftovers.join(', ') || 'none'})`)).toEqual([])

    // Keystrokes: every acknowledged one, in order, nothing invented.
    const res = await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status, msg(round, `GET content: ${JSON.stringify(res.body).slice(0, 300)}`)).toBe(200)
    const text = pmText(res.body)
    for (const i of [0, 1]) {
      const line = text.split('\n').find((l) => l.startsWith(`[c${i}]`))
      expect(line, msg(round, `paragraph of client ${i}`)).toBeDefined()
      const recovered = line!.slice(`[c${i}]`.length)
      const missing = typed[i]!.slice(0, acked[i]).filter((t) => !recovered.includes(t))
      expect(missing, msg(round, `client ${i}: acknowledged keystrokes lost (${acked[i]} of ${typed[i]!.length} acknowledged)`)).toEqual([])
      expect(typed[i]!.join('').startsWith(recovered), msg(round, `client ${i}: recovered text is not a prefix of what was typed`)).toBe(true)
      const count = recovered === '' ? 0 : recovered.split('>').length - 1
      stats.keystrokesAcked += Math.max(0, acked[i]! - typedBefore[i]!)
      stats.keystrokesTyped += typed[i]!.length - typedBefore[i]!
      typed[i]!.length = count // carry on from what survived
      acked[i] = count
    }
    const torn = readdirSync(path.join(dataDir, 'reports', reportId)).filter((n) => n.includes('.torn-')).length
    if (torn > tornFilesBefore) stats.killedDuring.tornAppend++
    tornFilesBefore = torn

    // Metadata: every acknowledged report, role and comment; every listed report loads.
    const list = await admin.call<{ id: string }[]>('GET', '/api/reports')
    expect(list.status).toBe(200)
    const listed = new Set(list.body.map((r) => r.id))
    for (const id of createdReports) expect(listed.has(id), msg(round, `acknowledged report ${id} is listed`)).toBe(true)
    const unchecked = list.body.map((r) => r.id).filter((id) => !checkedReports.has(id))
    for (const id of [...unchecked, rng.pick(createdReports)]) {
      const c = await admin.call('GET', `/api/reports/${id}/content`)
      expect(c.status, msg(round, `report ${id} loads: ${JSON.stringify(c.body).slice(0, 200)}`)).toBe(200)
      checkedReports.add(id)
    }
    for (const key of touched) {
      const { acked: role, inFlight } = roles.get(key)!
      const [rid, uid] = key.split(' ')
      const report = await admin.call<{ members: { userId: string; role: string }[] }>('GET', `/api/reports/${rid}`)
      const stored = report.body.members.find((m) => m.userId === uid)?.role ?? null
      expect([role, inFlight], msg(round, `role of ${uid} on ${rid}`)).toContain(stored)
      roles.set(key, { acked: stored, inFlight: null })
    }
    const threads = await admin.call<{ threads: { id: string }[] }>('GET', `/api/reports/${reportId}/comments`)
    expect(threads.status).toBe(200)
    const threadIds = new Set(threads.body.threads.map((t) => t.id))
    for (const id of commentIds) expect(threadIds.has(id), msg(round, `acknowledged comment ${id}`)).toBe(true)
    expect(statSync(path.join(dataDir, 'meta.json')).size).toBeGreaterThan(0)
  }
  return stats
}
