/**
 * The two servers under test, each in its own process pinned to CPU 0:
 * ours (test/helpers/startServer: the real server, temp DATA_DIR, fsync) and
 * the reference (bench/refServer.cjs: y-websocket 1.5.4 in memory).
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { Api } from '../../test/helpers/api'
import { startServer } from '../../test/helpers/startServer'
import { canPin, pin, track, trackDir, withTimeout } from './proc'

/** `ours-nokpi`: our server with the automatic KPI recompute switched off (KPI_RECOMPUTE=off). */
export type ServerKind = 'ours' | 'ours-nokpi' | 'reference'

export interface BenchServer {
  kind: ServerKind
  pid: number
  pinned: boolean
  /** A new, empty-ish document: ours creates a report (template body), the reference a fresh name. */
  newDoc(title: string): Promise<string>
  /** Socket URL of a document. */
  socketUrl(doc: string): string
  /** Folder holding a report's files (ours only). */
  docDir?(doc: string): string
  stop(): Promise<void>
}

const GUARD = path.join(import.meta.dirname, 'orphanGuard.mjs')
const nodeOptions = () => `${process.env.NODE_OPTIONS ?? ''} --import ${GUARD}`.trim()

export async function startOurs(env: Record<string, string> = {}): Promise<BenchServer> {
  const s = await startServer({ env: { SEED_DEMO: 'false', NODE_OPTIONS: nodeOptions(), ...env } })
  track(s.proc)
  trackDir(s.dataDir)
  const pid = s.proc.pid!
  const pinned = pin(pid, 0)
  const api = await Api.login(s.url)
  const token = encodeURIComponent(api.token!)
  return {
    kind: env.KPI_RECOMPUTE === 'off' ? 'ours-nokpi' : 'ours',
    pid,
    pinned,
    newDoc: (title) => api.createReport(title, '2026-11'),
    socketUrl: (doc) => `${s.wsUrl}/${doc}?token=${token}`,
    docDir: (doc) => path.join(s.dataDir, 'reports', doc),
    stop: async () => {
      try {
        await withTimeout(s.stop(), 15_000, 'our server to stop')
      } catch {
        await s.kill()
      }
    },
  }
}

export async function startReference(): Promise<BenchServer> {
  const script = path.join(import.meta.dirname, '..', 'refServer.cjs')
  const pinned = canPin()
  const [cmd, args] = pinned ? ['taskset', ['-c', '0', process.execPath, script]] : [process.execPath, [script]]
  const proc = spawn(cmd, args as string[], {
    cwd: path.join(import.meta.dirname, '..', '..'),
    env: { ...process.env, PORT: '0', NODE_OPTIONS: nodeOptions() },
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
    else if (proc.exitCode !== null) throw new Error(`reference server exited:\n${out}`)
    else if (Date.now() > deadline) throw new Error(`reference server did not start:\n${out}`)
    else await new Promise((r) => setTimeout(r, 20))
  }
  let n = 0
  return {
    kind: 'reference',
    pid: proc.pid!,
    pinned,
    newDoc: async (title) => `${title.replace(/\W+/g, '-')}-${++n}-${Date.now().toString(36)}`,
    socketUrl: (doc) => `ws://127.0.0.1:${port}/${doc}`,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM')
      try {
        await withTimeout(exited, 5_000, 'reference server to stop')
      } catch {
        proc.kill('SIGKILL')
        await exited
      }
    },
  }
}

export function startBenchServer(kind: ServerKind): Promise<BenchServer> {
  if (kind === 'ours-nokpi') return startOurs({ KPI_RECOMPUTE: 'off' })
  return kind === 'ours' ? startOurs() : startReference()
}
