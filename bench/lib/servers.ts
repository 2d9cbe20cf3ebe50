/**
 * The servers under test, each in its own process pinned to CPU 0 (the load
 * generator is pinned to CPU 1):
 *   - `ours`: test/helpers/startServer, the real server (temp DATA_DIR,
 *     fsync); `ours-nokpi` the same with KPI_RECOMPUTE=off;
 *   - `reference`: bench/refServer.cjs, y-websocket 1.5.4's server, in memory;
 *   - `hocuspocus`: bench/hocuspocusServer.cjs, Hocuspocus 3.x with its
 *     Database extension on SQLite (sql.js), default store debounce;
 *   - `null-relay`: bench/nullRelay.cjs, a plain `ws` forwarder, the floor.
 * Every server gets the orphan guard (stops when the benchmark dies) and the
 * full-state encode counter (lib/encodeCounter.mjs) preloaded.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Api } from '../../test/helpers/api'
import { startServer } from '../../test/helpers/startServer'
import { hocuspocusFraming, relayFraming, yWebsocketFraming } from './framing'
import type { Endpoint } from './client'
import { canPin, pin, sleep, track, trackDir, withTimeout } from './proc'

/** `ours-nokpi`: our server with the automatic KPI recompute switched off (KPI_RECOMPUTE=off). */
export type ServerKind = 'ours' | 'ours-nokpi' | 'reference' | 'hocuspocus' | 'null-relay'

/** The peers ours is compared with, in table order. */
export const PEERS = ['reference', 'hocuspocus', 'null-relay'] as const
export type PeerKind = (typeof PEERS)[number]

export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: 'ours',
  'ours-nokpi': 'ours (KPI off)',
  reference: 'y-websocket 1.5.4',
  hocuspocus: 'Hocuspocus 3.x + SQLite',
  'null-relay': 'null relay',
}

export interface EncodeCounts {
  fullStateEncodes: number
  diffEncodes: number
}

export interface BenchServer {
  kind: ServerKind
  pid: number
  pinned: boolean
  /** Keeps documents on disk across a restart (ours, Hocuspocus). */
  persists: boolean
  /** Holds document state and answers sync (all but the null relay). */
  syncs: boolean
  /** Where the server keeps its files (ours: DATA_DIR; Hocuspocus: its SQLite files). */
  dataDir?: string
  /**
   * A new document: ours creates a report through the REST API (the template
   * body), the others take a fresh name (an empty document; see
   * lib/template.ts to give it the same body).
   */
  newDoc(title: string): Promise<string>
  /** Socket URL and framing of a document. */
  endpoint(doc: string): Endpoint
  /** Folder holding a report's files (ours only). */
  docDir?(doc: string): string
  /** Full-state encodes so far (lib/encodeCounter.mjs); null when not counted. */
  encodeCounts(): Promise<EncodeCounts | null>
  /** SIGTERM (the server saves) and wait. */
  stop(): Promise<void>
  /** SIGKILL, a crash; the data stays for a restart. */
  kill(): Promise<void>
}

export interface StartOptions {
  /** Restart on the data of a killed server. */
  dataDir?: string
  env?: Record<string, string>
  /** Ours only: run the server of another checkout (bench/ab.ts). */
  root?: string
}

const GUARD = path.join(import.meta.dirname, 'orphanGuard.mjs')
const COUNTER = path.join(import.meta.dirname, 'encodeCounter.mjs')
const PROFILER = path.join(import.meta.dirname, 'cpuProfiler.mjs')
const ROOT = path.join(import.meta.dirname, '..', '..')
/** Preloads of every server: the orphan guard, the encode counter, and the CPU profiler (inert unless BENCH_CPU_PROF_DIR is set, see bench/profile.ts). */
export const benchNodeOptions = () => `${process.env.NODE_OPTIONS ?? ''} --import ${GUARD} --import ${COUNTER} --import ${PROFILER}`.trim()

/**
 * Limits that protect a production server from one user (connections per user
 * and per report, messages per second) would cut the benchmark's single user
 * off; they are raised, not removed (the checks still run).
 */
export const BENCH_LIMITS: Record<string, string> = {
  MAX_CONNECTIONS_PER_USER: '100000',
  MAX_CONNECTIONS_PER_REPORT: '100000',
  MAX_MESSAGES_PER_SECOND: '1000000',
}

let counterFiles: string | null = null
function counterFile(kind: string): string {
  counterFiles ??= mkdtempSync(path.join(os.tmpdir(), 'bench-counters-'))
  trackDir(counterFiles)
  return path.join(counterFiles, `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.json`)
}

/** Asks the server for its encode counts (SIGUSR2) and reads them. */
async function readCounts(pid: number, file: string): Promise<EncodeCounts | null> {
  const read = () => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as EncodeCounts & { seq: number }
    } catch {
      return null
    }
  }
  const before = read()?.seq ?? 0
  try {
    process.kill(pid, 'SIGUSR2')
  } catch {
    return null
  }
  const deadline = Date.now() + 2000
  for (;;) {
    const now = read()
    if (now && now.seq > before) return { fullStateEncodes: now.fullStateEncodes, diffEncodes: now.diffEncodes }
    if (Date.now() > deadline) return null
    await sleep(5)
  }
}

export async function startOurs(env: Record<string, string> = {}, options: StartOptions = {}): Promise<BenchServer> {
  const counters = counterFile('ours')
  const s = await startServer({
    dataDir: options.dataDir,
    root: options.root,
    env: { SEED_DEMO: 'false', ...BENCH_LIMITS, NODE_OPTIONS: benchNodeOptions(), BENCH_COUNTERS_FILE: counters, BENCH_COUNT_ENCODES: 'esm', ...env, ...options.env },
  })
  track(s.proc)
  trackDir(s.dataDir)
  const pid = s.proc.pid!
  const pinned = pin(pid, 0)
  const api = await Api.login(s.url)
  const headers = { authorization: `Bearer ${api.token!}` }
  return {
    kind: env.KPI_RECOMPUTE === 'off' ? 'ours-nokpi' : 'ours',
    pid,
    pinned,
    persists: true,
    syncs: true,
    dataDir: s.dataDir,
    newDoc: (title) => api.createReport(title, '2026-11'),
    endpoint: (doc) => ({ url: `${s.wsUrl}/${doc}`, framing: yWebsocketFraming, headers }),
    docDir: (doc) => path.join(s.dataDir, 'reports', doc),
    encodeCounts: () => readCounts(pid, counters),
    stop: async () => {
      try {
        await withTimeout(s.stop(), 15_000, 'our server to stop')
      } catch {
        await s.kill()
      }
    },
    kill: () => s.kill(),
  }
}

/** Starts one of the .cjs peers (it prints "listening on <port>"). */
async function startScript(kind: Exclude<ServerKind, 'ours' | 'ours-nokpi'>, script: string, env: Record<string, string>, countMode: 'cjs' | null): Promise<BenchServer & { port: number }> {
  const pinned = canPin()
  const file = path.join(import.meta.dirname, '..', script)
  const [cmd, args] = pinned ? ['taskset', ['-c', '0', process.execPath, file]] : [process.execPath, [file]]
  const counters = counterFile(kind)
  const proc = spawn(cmd, args as string[], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NODE_OPTIONS: benchNodeOptions(), ...(countMode ? { BENCH_COUNTERS_FILE: counters, BENCH_COUNT_ENCODES: countMode } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  track(proc)
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  const deadline = Date.now() + 15_000
  let port = 0
  while (!port) {
    const m = /listening on (\d+)/.exec(out)
    if (m) port = Number(m[1])
    else if (proc.exitCode !== null) throw new Error(`${kind} server exited:\n${out}`)
    else if (Date.now() > deadline) throw new Error(`${kind} server did not start:\n${out}`)
    else await sleep(20)
  }
  const alive = () => proc.exitCode === null && proc.signalCode === null
  let n = 0
  return {
    kind,
    pid: proc.pid!,
    pinned,
    port,
    persists: false,
    syncs: true,
    newDoc: async (title) => `${title.replace(/\W+/g, '-')}-${++n}-${Date.now().toString(36)}`,
    endpoint: (doc) => ({ url: `ws://127.0.0.1:${port}/${doc}`, framing: yWebsocketFraming }),
    encodeCounts: () => (countMode ? readCounts(proc.pid!, counters) : Promise.resolve(null)),
    stop: async () => {
      if (alive()) proc.kill('SIGTERM')
      try {
        await withTimeout(exited, 10_000, `${kind} server to stop`)
      } catch {
        proc.kill('SIGKILL')
        await exited
      }
    },
    kill: async () => {
      if (alive()) proc.kill('SIGKILL')
      await exited
    },
  }
}

export function startReference(): Promise<BenchServer> {
  return startScript('reference', 'refServer.cjs', {}, 'cjs')
}

export async function startHocuspocus(options: StartOptions = {}): Promise<BenchServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bench-hocuspocus-'))
  trackDir(dataDir)
  const s = await startScript('hocuspocus', 'hocuspocusServer.cjs', { DB_DIR: dataDir, ...options.env }, 'cjs')
  return {
    ...s,
    persists: true,
    dataDir,
    // The document name travels in every message; the URL path only keeps sockets apart in logs.
    endpoint: (doc) => ({ url: `ws://127.0.0.1:${s.port}/${doc}`, framing: hocuspocusFraming(doc) }),
  }
}

export async function startNullRelay(): Promise<BenchServer> {
  const s = await startScript('null-relay', 'nullRelay.cjs', {}, null)
  return { ...s, syncs: false, endpoint: (doc) => ({ url: `ws://127.0.0.1:${s.port}/${doc}`, framing: relayFraming }) }
}

export function startBenchServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  switch (kind) {
    case 'ours':
      return startOurs({}, options)
    case 'ours-nokpi':
      return startOurs({ KPI_RECOMPUTE: 'off' }, options)
    case 'reference':
      return startReference()
    case 'hocuspocus':
      return startHocuspocus(options)
    case 'null-relay':
      return startNullRelay()
  }
}

/** Starts several servers (one after the other: startup compiles and reads files on CPU 0 too). */
export async function startServers<K extends ServerKind>(kinds: readonly K[], options: StartOptions = {}): Promise<Record<K, BenchServer>> {
  const out = {} as Record<K, BenchServer>
  for (const kind of kinds) out[kind] = await startBenchServer(kind, options)
  return out
}

export async function stopServers(servers: Partial<Record<ServerKind, BenchServer>>): Promise<void> {
  await Promise.all(Object.values(servers).map((s) => s?.stop()))
}

/** Resident set size of a process, bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : Number.NaN
}

/** Removes a data folder kept for a restart. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
