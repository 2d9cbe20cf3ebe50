/**
 * Process plumbing for the benchmarks: child processes that die with us
 * (also on errors, signals and the watchdog), CPU pinning, /proc readers.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import os from 'node:os'

const children = new Set<ChildProcess>()
const tempDirs = new Set<string>()
let installed = false

/** Kills `proc` (SIGKILL) when this process exits for any reason. */
export function track(proc: ChildProcess): void {
  children.add(proc)
  proc.once('exit', () => children.delete(proc))
}

/** Removes `dir` when this process exits. */
export function trackDir(dir: string): void {
  tempDirs.add(dir)
}

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL')
      } catch {
        /* already gone */
      }
    }
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
}

/** Exit handlers and a watchdog; call once at the start of a command. */
export function installCleanup(timeoutMs: number): void {
  if (installed) return
  installed = true
  process.on('exit', killAll)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`[bench] ${sig}: stopping`)
      process.exit(130)
    })
  }
  process.on('uncaughtException', (err) => {
    console.error('[bench] failed:', err)
    process.exit(1)
  })
  process.on('unhandledRejection', (err) => {
    console.error('[bench] failed (unhandled rejection):', err)
    process.exit(1)
  })
  setTimeout(() => {
    console.error(`[bench] watchdog: still running after ${Math.round(timeoutMs / 1000)} s, giving up`)
    process.exit(2)
  }, timeoutMs).unref()
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 10_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
    }),
  ])
}

let tasksetChecked: boolean | null = null
/** `taskset` exists and there are at least two CPUs. */
export function canPin(): boolean {
  tasksetChecked ??= os.availableParallelism() >= 2 && spawnSync('which', ['taskset'], { stdio: 'ignore' }).status === 0
  return tasksetChecked
}

/** Pins every thread of `pid` (threads created later inherit it) to `cpu`. */
export function pin(pid: number, cpu: number): boolean {
  if (!canPin()) return false
  try {
    execFileSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

let clkTck = 0
function ticksPerSecond(): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
    } catch {
      clkTck = 100
    }
  }
  return clkTck
}

/** User + system CPU time of a process (all its threads), in ms; resolution 1/CLK_TCK s. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / ticksPerSecond()
}

export interface IoCounters {
  wchar: number
  write_bytes: number
  syscw: number
}

export function io(pid: number): IoCounters {
  const out: Record<string, number> = {}
  for (const line of readFileSync(`/proc/${pid}/io`, 'utf8').split('\n')) {
    const [k, v] = line.split(':')
    if (k && v) out[k.trim()] = Number(v.trim())
  }
  return { wchar: out.wchar ?? 0, write_bytes: out.write_bytes ?? 0, syscw: out.syscw ?? 0 }
}

export interface MachineInfo {
  nproc: number
  cpuModel: string
  node: string
  platform: string
  pinned: boolean
}

export function machine(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown'
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (m?.[1]) cpuModel = m[1].trim()
  } catch {
    /* not Linux */
  }
  let nproc = os.availableParallelism()
  try {
    nproc = Number(execFileSync('nproc').toString().trim()) || nproc
  } catch {
    /* keep */
  }
  return { nproc, cpuModel, node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, pinned: canPin() }
}

/** Pins this process (the load generator) to CPU 1, leaving CPU 0 to the server. */
export function pinSelf(): boolean {
  return pin(process.pid, 1)
}
