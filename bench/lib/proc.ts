/**
 * Process plumbing for the benchmarks: child processes that die with us
 * (also on errors, signals and the watchdog), CPU pinning, /proc readers.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
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
  // The machine's CPUs (os.cpus()), not those this process may use: a child of a pinned process sees one.
  tasksetChecked ??= os.cpus().length >= 2 && spawnSync('which', ['taskset'], { stdio: 'ignore' }).status === 0
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

/**
 * On-CPU time of a thread from /proc/<pid>/task/<tid>/schedstat, ns → ms:
 * nanosecond resolution, where /proc/<pid>/stat counts 10 ms ticks (too
 * coarse for a few keystrokes at N = 2). Null where the kernel lacks it.
 */
function schedstatMs(pid: number, tid: string | number): number | null {
  try {
    const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    return Number.isFinite(ns) ? ns / 1e6 : null
  } catch {
    return null
  }
}

/** User + system CPU time of a process (all its live threads), in ms. */
export function cpuMs(pid: number): number {
  const t = threadsCpuMs(pid)
  return t.main + t.others
}

function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / ticksPerSecond()
}

/** CPU time (ms) of a process's main thread and of all its other threads (libuv pool, V8 helpers), summed over live threads. */
export function threadsCpuMs(pid: number): { main: number; others: number } {
  let main = 0
  let others = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let ms = schedstatMs(pid, tid)
    if (ms === null) {
      try {
        ms = statCpuMs(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'))
      } catch {
        continue // the thread ended meanwhile
      }
    }
    if (Number(tid) === pid) main += ms
    else others += ms
  }
  return { main, others }
}

/** Machine-wide CPU time from /proc/stat, ms: busy (user+nice+system+irq+softirq) and steal (taken by the hypervisor). */
export function systemCpu(): { busyMs: number; stealMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f
  const k = 1000 / ticksPerSecond()
  return { busyMs: (user + nice + system + irq + softirq) * k, stealMs: steal * k }
}

/** A run during which other work took more than this share of one CPU (incl. steal) is repeated. */
export const FOREIGN_LIMIT_PCT = 25
/** Before a measurement, wait until other work uses less than this. */
const QUIET_PCT = 15
export const MAX_RETRIES = 2

/**
 * Extra time the whole command may spend waiting for a quiet machine and
 * repeating disturbed runs (the planned work takes about 6 minutes, the
 * watchdog is at 10). Once spent, runs are kept as they are (and flagged).
 */
const disturbance = { budgetMs: 150_000, waitedMs: 0, repeats: 0, budgetExhausted: false }

export function setDisturbanceBudget(ms: number): void {
  disturbance.budgetMs = ms
}

export function disturbanceReport(): { waitedForQuietMs: number; repeatedRuns: number; budgetExhausted: boolean } {
  return { waitedForQuietMs: Math.round(disturbance.waitedMs), repeatedRuns: disturbance.repeats, budgetExhausted: disturbance.budgetExhausted }
}

/** Whether a disturbed run that took `durationMs` may be repeated; spends the budget if so. */
export function spendRetry(durationMs: number): boolean {
  if (disturbance.budgetMs < durationMs) {
    disturbance.budgetExhausted = true
    return false
  }
  disturbance.budgetMs -= durationMs
  disturbance.repeats++
  return true
}

export interface OtherLoad {
  /** Machine-wide busy CPU minus the server's and this process's, % of one CPU. */
  foreignCpuPct: number
  stealPct: number
}

/** Starts watching how much CPU anything but `serverPid` and this process uses. */
export function watchOtherLoad(serverPid?: number): () => OtherLoad {
  const sys0 = systemCpu()
  const server0 = serverPid ? cpuMs(serverPid) : 0
  const self0 = process.cpuUsage()
  const t0 = performance.now()
  return () => {
    const wall = performance.now() - t0
    const sys1 = systemCpu()
    const self = process.cpuUsage(self0)
    const server = serverPid ? cpuMs(serverPid) - server0 : 0
    const foreign = sys1.busyMs - sys0.busyMs - server - (self.user + self.system) / 1000
    return {
      foreignCpuPct: Math.round(Math.max(0, (foreign / wall) * 100) * 10) / 10,
      stealPct: Math.round(((sys1.stealMs - sys0.stealMs) / wall) * 1000) / 10,
    }
  }
}

/** Waits (in 1 s steps, out of the disturbance budget) until nothing else keeps the machine busy. */
export async function waitForQuiet(serverPid: number | undefined, log: (s: string) => void): Promise<void> {
  let told = false
  for (;;) {
    const stop = watchOtherLoad(serverPid)
    await sleep(1000)
    const load = stop()
    if (load.foreignCpuPct + load.stealPct <= QUIET_PCT) return
    if (disturbance.budgetMs < 1000) {
      disturbance.budgetExhausted = true
      return
    }
    if (!told) log(`[bench] machine busy (other load ${load.foreignCpuPct}% of a CPU): waiting for quiet`)
    told = true
    disturbance.budgetMs -= 1000
    disturbance.waitedMs += 1000
  }
}

/** Runs `fn` after waiting for quiet, again (up to MAX_RETRIES times, within the budget) while something else loaded the machine meanwhile. */
export async function undisturbed<T>(serverPid: number, label: string, fn: () => Promise<T>, log: (s: string) => void): Promise<{ value: T; load: OtherLoad; repeated: number }> {
  for (let attempt = 0; ; attempt++) {
    await waitForQuiet(serverPid, log)
    const t0 = performance.now()
    const stop = watchOtherLoad(serverPid)
    const value = await fn()
    const load = stop()
    const disturbed = load.foreignCpuPct + load.stealPct > FOREIGN_LIMIT_PCT
    if (!disturbed || attempt >= MAX_RETRIES || !spendRetry(performance.now() - t0)) return { value, load, repeated: attempt }
    log(`${label}: other load ${load.foreignCpuPct}% + steal ${load.stealPct}% of a CPU meanwhile → repeating`)
  }
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

let machineInfo: MachineInfo | null = null

/** Read once, before this process pins itself (nproc honours the affinity mask). */
export function machine(): MachineInfo {
  machineInfo ??= readMachine()
  return machineInfo
}

function readMachine(): MachineInfo {
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
  machine()
  return pin(process.pid, 1)
}
