/**
 * Scenario 5, disk, for the servers that persist (ours: append-only log,
 * group commit, fdatasync; Hocuspocus: its Database extension on SQLite,
 * storing the whole document 2 s after the last change, at most every 10 s,
 * no fsync). The two run side by side (their counters are per process, and
 * a few typists do not load a CPU).
 *
 * Bytes per keystroke, from /proc/<pid>/io before/after a typing run of
 * known length (cursors on), read once every write is stored (ours: all
 * acknowledged as fsynced, MESSAGE_SAVED; Hocuspocus: its debounced store
 * has run):
 *   - files: bytes passed to write(2) minus what the server wrote to the
 *     clients' sockets (counted on the client side): the log records (ours),
 *     the database file (Hocuspocus);
 *   - write_bytes: what the process caused to be sent to the block device
 *     (page-granular: an fsync of a 40-byte append still writes a 4 KiB page;
 *     journal writes by jbd2 are not charged to the process);
 *   - ours also: the growth of the report's folder (the log).
 *
 * Crash: typists type, the server is killed with SIGKILL mid-typing, started
 * again on the same data, and a fresh client counts the keystrokes that
 * survived (each keystroke adds one to its typist's Yjs clock). Lost
 * acknowledged edits must be 0 for ours (acknowledged = MESSAGE_SAVED, on
 * disk). Hocuspocus gives no durable acknowledgement: its SyncStatus only
 * says "applied in memory"; its lost edits are counted against what the
 * clients had sent.
 *
 *   npx tsx bench/disk.ts [--quick] [--reps N]   → JSON on stdout
 */
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { LightClient, openClients } from './lib/client'
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { io, sleep, waitForQuiet, waitUntil, withTimeout } from './lib/proc'
import { startBenchServer, type BenchServer, type ServerKind } from './lib/servers'
import { distribution, round, type Distribution } from './lib/stats'
import { seedDoc } from './lib/template'
import { Typist, typeOnSchedule } from './lib/typing'

export interface DiskScenario {
  name: string
  typists: number
  rate: number
}

export interface DiskOptions {
  scenarios: DiskScenario[]
  durationMs: number
  reps: number
  /** Crash test: typists, rate, typing before the kill (the kill lands at a random point of its last second). */
  crashTypists: number
  crashRate: number
  crashAfterMs: number
  kinds: ServerKind[]
}

export const DISK_DEFAULTS: DiskOptions = {
  scenarios: [
    { name: '1 typist @ 5 chars/s', typists: 1, rate: 5 },
    { name: '10 typists @ 5 chars/s', typists: 10, rate: 5 },
  ],
  // Longer than Hocuspocus' maxDebounce (10 s), so its periodic store is in the window.
  durationMs: 11_000,
  reps: 1,
  crashTypists: 10,
  crashRate: 5,
  crashAfterMs: 4000,
  kinds: ['ours', 'hocuspocus'],
}

export const DISK_QUICK: Partial<DiskOptions> = { durationMs: 4000, crashAfterMs: 3000 }

/** Hocuspocus' default store debounce (2 s after the last change) plus time for the store itself. */
const HOCUSPOCUS_STORE_WAIT_MS = 3000
/** Ours unloads a room 2 s after its last client left (compaction + snapshot): keep that out of the next scenario's counters. */
const OURS_UNLOAD_WAIT_MS = 3500

export interface DiskRun {
  server: ServerKind
  scenario: string
  keystrokes: number
  avgUpdateBytes: number
  /** Bytes written to files (write(2) minus socket bytes) per keystroke. */
  fileBytesPerKey: number
  writeBytesPerKey: number
  /** Ours: growth of the report's folder (the log) per keystroke; null for Hocuspocus (its file is rewritten, not appended). */
  logBytesPerKey: number | null
  /** write(2) calls (files + sockets) per keystroke. */
  syscwPerKey: number
  writeBytesZero: boolean
  /** Ours: send → MESSAGE_SAVED (fsynced); Hocuspocus: send → SyncStatus (applied in memory). */
  ackLatency: Distribution
}

export interface CrashRun {
  server: ServerKind
  keystrokesSent: number
  /** Ours: covered by MESSAGE_SAVED; Hocuspocus: covered by SyncStatus (memory only). */
  acknowledged: number
  survived: number
  lost: number
  /** Acknowledged keystrokes missing after the restart. */
  lostAcknowledged: number
  /** Whether `acknowledged` means on disk. */
  durableAck: boolean
  killedAfterMs: number
}

const isOurs = (kind: ServerKind) => kind === 'ours' || kind === 'ours-nokpi'

function folderBytes(dir: string): number {
  let total = 0
  for (const name of readdirSync(dir)) total += statSync(path.join(dir, name)).size
  return total
}

/** Writes acknowledged (ours: saved; Hocuspocus: applied) of every client. */
const acked = (kind: ServerKind, c: LightClient) => (isOurs(kind) ? c.saved : c.applied)

async function bytesRun(server: BenchServer, scenario: DiskScenario, o: DiskOptions): Promise<DiskRun> {
  const doc = await server.newDoc('disk')
  const acks: number[] = []
  const pending = new Map<LightClient, { index: number; t: number }[]>()
  const onAck = (client: LightClient, count: number, t: number) => {
    const q = pending.get(client)
    while (q && q.length > 0 && q[0]!.index <= count) acks.push(t - q.shift()!.t)
  }
  const clients = await openClients(server.endpoint(doc), scenario.typists, {
    onSaved: onAck,
    onApplied: (client, t) => onAck(client, client.applied, t),
  })
  seedDoc(server, clients[0]!)
  const typists = clients.map((c, i) => new Typist(c, i))
  try {
    for (const t of typists) {
      t.setup()
      pending.set(t.client, [])
    }
    const allAcked = () => clients.every((c) => acked(server.kind, c) >= c.writesSent)
    await waitUntil(allAcked, 'setup writes to be acknowledged')
    // Setup (and the seeded body) stored before counting starts.
    await sleep(isOurs(server.kind) ? 300 : HOCUSPOCUS_STORE_WAIT_MS)
    const socketBytes = () => clients.reduce((sum, c) => sum + c.bytesIn, 0)
    const dir = server.docDir?.(doc)
    const io0 = io(server.pid)
    const dir0 = dir ? folderBytes(dir) : 0
    const sock0 = socketBytes()
    let bytes = 0
    const keys = await typeOnSchedule(typists, scenario.rate, o.durationMs, (ks, typist) => {
      bytes += ks.bytes
      pending.get(typist.client)!.push({ index: ks.writeIndex, t: ks.t })
    })
    await waitUntil(allAcked, 'every keystroke to be acknowledged')
    await sleep(isOurs(server.kind) ? 300 : HOCUSPOCUS_STORE_WAIT_MS)
    const io1 = io(server.pid)
    const sock1 = socketBytes()
    return {
      server: server.kind,
      scenario: scenario.name,
      keystrokes: keys,
      avgUpdateBytes: round(bytes / keys, 1),
      fileBytesPerKey: round((io1.wchar - io0.wchar - (sock1 - sock0)) / keys, 1),
      writeBytesPerKey: round((io1.write_bytes - io0.write_bytes) / keys, 1),
      logBytesPerKey: dir ? round((folderBytes(dir) - dir0) / keys, 1) : null,
      syscwPerKey: round((io1.syscw - io0.syscw) / keys, 2),
      writeBytesZero: io1.write_bytes === io0.write_bytes,
      ackLatency: distribution(acks),
    }
  } finally {
    for (const t of typists) t.destroy()
    await Promise.all(clients.map((c) => c.close()))
  }
}

async function bytesRuns(kind: ServerKind, o: DiskOptions, log: (s: string) => void): Promise<DiskRun[]> {
  const runs: DiskRun[] = []
  const server = await startBenchServer(kind)
  try {
    for (let rep = 1; rep <= o.reps; rep++) {
      for (const scenario of o.scenarios) {
        const run = await bytesRun(server, scenario, o)
        runs.push(run)
        log(
          `[disk] ${kind.padEnd(10)} rep ${rep} ${scenario.name.padEnd(24)} ${run.keystrokes} keys: files ${run.fileBytesPerKey} B/key, ` +
            `write_bytes ${run.writeBytesPerKey} B/key${run.logBytesPerKey !== null ? `, log ${run.logBytesPerKey} B/key` : ''}, ack p50 ${run.ackLatency.p50} ms`,
        )
        if (isOurs(kind)) await sleep(OURS_UNLOAD_WAIT_MS)
      }
    }
  } finally {
    await server.stop()
  }
  return runs
}

async function crashRun(kind: ServerKind, o: DiskOptions, log: (s: string) => void): Promise<CrashRun> {
  let server = await startBenchServer(kind)
  const dataDir = server.dataDir!
  let typists: Typist[] = []
  let clients: LightClient[] = []
  try {
    const doc = await server.newDoc('crash')
    clients = await openClients(server.endpoint(doc), o.crashTypists)
    seedDoc(server, clients[0]!)
    typists = clients.map((c, i) => new Typist(c, i, false))
    for (const t of typists) t.setup()
    await waitUntil(() => clients.every((c) => acked(kind, c) >= c.writesSent), 'setup to be acknowledged')
    // The paragraphs are stored before typing, so what the crash loses is typing only.
    await sleep(isOurs(kind) ? 300 : HOCUSPOCUS_STORE_WAIT_MS)
    const clockAtSetup = new Map(typists.map((t) => [t.client.doc.clientID, Y.getState(t.client.doc.store, t.client.doc.clientID)]))
    const sentIndex = new Map<LightClient, number[]>(clients.map((c) => [c, []]))
    const killAt = o.crashAfterMs - Math.random() * 1000
    const t0 = performance.now()
    let killed = false
    let ackedAtKill = 0
    let sentAtKill = 0
    const typing = typeOnSchedule(typists, o.crashRate, o.crashAfterMs + 1000, (ks, typist) => {
      if (killed) return
      sentIndex.get(typist.client)!.push(ks.writeIndex)
    })
    await sleep(killAt)
    // Acknowledgements and sends as the server dies: read them in the same tick as the kill.
    for (const c of clients) {
      const idx = sentIndex.get(c)!
      sentAtKill += idx.length
      ackedAtKill += idx.filter((i) => i <= acked(kind, c)).length
    }
    killed = true
    const killing = server.kill()
    await killing
    const killedAfterMs = performance.now() - t0
    await typing
    await Promise.all(clients.map((c) => c.close()))
    server = await startBenchServer(kind, { dataDir })
    const probe = new LightClient(server.endpoint(doc))
    await withTimeout(probe.synced, 30_000, 'probe join after the restart')
    let survived = 0
    for (const [client, clock0] of clockAtSetup) survived += Math.max(0, Y.getState(probe.doc.store, client) - clock0)
    await probe.close()
    const run: CrashRun = {
      server: kind,
      keystrokesSent: sentAtKill,
      acknowledged: ackedAtKill,
      survived,
      lost: Math.max(0, sentAtKill - survived),
      lostAcknowledged: Math.max(0, ackedAtKill - survived),
      durableAck: isOurs(kind),
      killedAfterMs: round(killedAfterMs, 0),
    }
    log(`[disk] ${kind.padEnd(10)} kill -9 after ${run.killedAfterMs} ms: sent ${run.keystrokesSent}, acknowledged ${run.acknowledged}, survived ${run.survived}, lost ${run.lost} (acknowledged: ${run.lostAcknowledged})`)
    return run
  } finally {
    for (const t of typists) t.destroy()
    await Promise.all(clients.map((c) => c.close()))
    await server.stop()
  }
}

export interface DiskBenchResult {
  options: DiskOptions
  runs: Partial<Record<ServerKind, DiskRun[]>>
  crash: Partial<Record<ServerKind, CrashRun>>
}

/** `quiet: false` skips waiting for a quiet machine (bench/run.ts runs the awareness count meanwhile, on purpose). */
export async function runDisk(o: DiskOptions = DISK_DEFAULTS, log = console.log, { quiet = true } = {}): Promise<DiskBenchResult> {
  const out: DiskBenchResult = { options: o, runs: {}, crash: {} }
  if (quiet) await waitForQuiet(undefined, log)
  const bytes = await Promise.all(o.kinds.map((k) => bytesRuns(k, o, log)))
  o.kinds.forEach((k, i) => (out.runs[k] = bytes[i]))
  const crashes = await Promise.all(o.kinds.map((k) => crashRun(k, o, log)))
  o.kinds.forEach((k, i) => (out.crash[k] = crashes[i]))
  return out
}

if (isMain(import.meta.url)) await runScenarioCommand('disk', { defaults: DISK_DEFAULTS, quick: DISK_QUICK, reps: true }, runDisk)
