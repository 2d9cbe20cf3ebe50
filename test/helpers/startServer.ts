/**
 * Starts the real server as a child process (`node <serverNodeFlags> --import tsx server/index.ts`, as `npm start` does)
 * on 127.0.0.1 with a fresh DATA_DIR, so tests can kill -9 it and restart it
 * on the same data.
 *
 * With TEST_CLUSTER=1 in the test process (`npm run test:cluster`), a server
 * started without its own DATABASE_URL runs in cluster mode: the run's
 * private Redis and a database derived from its DATA_DIR (clusterSwitch.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { clusterEnvFor, clusterSwitchOn } from './clusterSwitch'

export const ADMIN_PASSWORD = 'admin-password-1'
const ROOT = path.resolve(import.meta.dirname, '..', '..')

export interface TestServer {
  url: string
  wsUrl: string
  port: number
  dataDir: string
  proc: ChildProcess
  /** Everything the process printed so far. */
  output(): string
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>
  /** SIGKILL (a crash) and wait. */
  kill(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'ops-report-test-'))
}

/** The node flags `npm start` runs the server with (package.json `config.serverNodeFlags`), so tests and benchmarks run it the same way. */
function serverNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { config?: { serverNodeFlags?: string } }
  return pkg.config?.serverNodeFlags?.split(/\s+/).filter(Boolean) ?? []
}

/** `root`: another checkout of this repository to run (bench/ab.ts compares two commits). */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; port?: number; root?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir()
  const port = options.port ?? (await freePort())
  let out = ''
  const cwd = options.root ?? ROOT
  const cluster = clusterSwitchOn() && !options.env?.DATABASE_URL && !options.root ? await clusterEnvFor(dataDir) : {}
  const proc = spawn(process.execPath, [...serverNodeFlags(cwd), '--import', 'tsx', 'server/index.ts'], {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      SEED_DEMO: 'true',
      ...cluster,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))

  const deadline = Date.now() + 30_000
  // Not the inspector's "Debugger listening on ws://…" (NODE_OPTIONS=--inspect): the server's own line.
  while (!/listening on http/.test(out)) {
    if (proc.exitCode !== null) throw new Error(`server exited during start:\n${out}`)
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    port,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      return exited
    },
    kill: async () => {
      if (proc.exitCode === null) proc.kill('SIGKILL')
      await exited
    },
  }
}
