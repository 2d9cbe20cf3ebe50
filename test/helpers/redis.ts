/**
 * A private redis-server for a test, on a free port, with the settings
 * cluster mode requires (appendonly yes, appendfsync always, noeviction):
 * tests may kill -9 it and restart it on the same folder.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createConnection } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './startServer'

export interface TestRedis {
  url: string
  port: number
  dir: string
  proc: ChildProcess
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>
  /** Starts redis-server again on the same port and folder (after kill or stop). */
  restart(): Promise<void>
  /** SIGTERM and wait. */
  stop(): Promise<void>
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' })
    let answer = ''
    sock.on('connect', () => sock.write('PING\r\n'))
    sock.on('data', (d) => {
      answer += d.toString()
      if (answer.includes('\r\n')) {
        sock.destroy()
        resolve(answer.startsWith('+PONG'))
      }
    })
    sock.on('error', () => resolve(false))
  })
}

export async function startRedis(options: { port?: number; dir?: string; extraArgs?: string[] } = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort())
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'ops-report-redis-'))
  let proc!: ChildProcess
  let exited!: Promise<void>
  const launch = async () => {
    proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
        '--maxmemory-policy', 'noeviction', '--dir', dir, '--logfile', path.join(dir, 'redis.log'), ...(options.extraArgs ?? [])],
      { stdio: 'ignore' },
    )
    exited = new Promise((resolve) => proc.once('exit', () => resolve()))
    const deadline = Date.now() + 10_000
    while (!(await ping(port))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited (see ${dir}/redis.log)`)
      if (Date.now() > deadline) throw new Error('redis-server did not start')
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  await launch()
  const handle: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get proc() {
      return proc
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
      await exited
    },
    async restart() {
      await launch()
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM')
      await exited
    },
  }
  return handle
}
