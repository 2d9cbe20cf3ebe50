/**
 * Disk bytes per keystroke on our server: /proc/<pid>/io before/after a typing
 * run of known length (cursors on), after every write is acknowledged as
 * fsynced (MESSAGE_SAVED). Three figures per keystroke:
 *   - log growth: bytes the report folder grew (the append-only log records),
 *   - write_bytes: what the process caused to be sent to the block device
 *     (page-granular: an fsync of a 40-byte append still writes a 4 KiB page;
 *     journal writes by jbd2 are not charged to the process),
 *   - wchar − socket bytes: bytes passed to write(2) minus what the server
 *     wrote to the clients' sockets (counted on the client side).
 *
 *   npx tsx bench/disk.ts [--quick] [--reps N]
 */
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { LightClient, openClients } from './lib/client'
import { isMain, parseArgs } from './lib/args'
import { installCleanup, io, machine, pinSelf, sleep, waitForQuiet, waitUntil } from './lib/proc'
import { startOurs } from './lib/servers'
import { distribution, round, type Distribution } from './lib/stats'
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
}

export const DISK_DEFAULTS: DiskOptions = {
  scenarios: [
    { name: '1 typist @ 5 chars/s', typists: 1, rate: 5 },
    { name: '1 typist @ 20 chars/s', typists: 1, rate: 20 },
    { name: '10 typists @ 5 chars/s', typists: 10, rate: 5 },
  ],
  durationMs: 10_000,
  reps: 3,
}

export interface DiskRun {
  scenario: string
  keystrokes: number
  avgUpdateBytes: number
  logBytesPerKey: number
  writeBytesPerKey: number
  wcharFilePerKey: number
  /** write(2) calls (files + sockets) per keystroke. */
  syscwPerKey: number
  writeBytesZero: boolean
  saveAckLatency: Distribution
}

const UNLOAD_WAIT_MS = 3500

function folderBytes(dir: string): number {
  let total = 0
  for (const name of readdirSync(dir)) total += statSync(path.join(dir, name)).size
  return total
}

export async function runDisk(o: DiskOptions = DISK_DEFAULTS, log = console.log): Promise<Record<string, DiskRun[]>> {
  const out: Record<string, DiskRun[]> = {}
  for (const s of o.scenarios) out[s.name] = []
  for (let rep = 1; rep <= o.reps; rep++) {
    const server = await startOurs()
    try {
      for (const scenario of o.scenarios) {
        await waitForQuiet(server.pid, log)
        const reportId = await server.newDoc('disk')
        const dir = server.docDir!(reportId)
        const acks: number[] = []
        const pending = new Map<LightClient, { index: number; t: number }[]>()
        const clients = await openClients(server.socketUrl(reportId), scenario.typists, {
          onSaved(client, count, t) {
            const q = pending.get(client)
            while (q && q.length > 0 && q[0]!.index <= count) acks.push(t - q.shift()!.t)
          },
        })
        const typists = clients.map((c, i) => new Typist(c, i))
        try {
          for (const t of typists) {
            t.setup()
            pending.set(t.client, [])
          }
          const allSaved = () => clients.every((c) => c.saved >= c.writesSent)
          await waitUntil(allSaved, 'setup writes to be saved')
          await sleep(300)
          const socketBytes = () => clients.reduce((sum, c) => sum + c.bytesIn, 0)
          const io0 = io(server.pid)
          const dir0 = folderBytes(dir)
          const sock0 = socketBytes()
          let bytes = 0
          const keys = await typeOnSchedule(typists, scenario.rate, o.durationMs, (ks, typist) => {
            bytes += ks.bytes
            pending.get(typist.client)!.push({ index: ks.writeIndex, t: ks.t })
          })
          await waitUntil(allSaved, 'every keystroke to be saved')
          await sleep(300)
          const io1 = io(server.pid)
          const dir1 = folderBytes(dir)
          const sock1 = socketBytes()
          const run: DiskRun = {
            scenario: scenario.name,
            keystrokes: keys,
            avgUpdateBytes: round(bytes / keys, 1),
            logBytesPerKey: round((dir1 - dir0) / keys, 1),
            writeBytesPerKey: round((io1.write_bytes - io0.write_bytes) / keys, 1),
            wcharFilePerKey: round((io1.wchar - io0.wchar - (sock1 - sock0)) / keys, 1),
            syscwPerKey: round((io1.syscw - io0.syscw) / keys, 2),
            writeBytesZero: io1.write_bytes === io0.write_bytes,
            saveAckLatency: distribution(acks),
          }
          out[scenario.name]!.push(run)
          log(
            `[disk] rep ${rep} ${scenario.name.padEnd(24)} ${keys} keys: log ${run.logBytesPerKey} B/key, ` +
              `write_bytes ${run.writeBytesPerKey} B/key, wchar−sockets ${run.wcharFilePerKey} B/key, ack p50 ${run.saveAckLatency.p50} ms`,
          )
        } finally {
          for (const t of typists) t.destroy()
          await Promise.all(clients.map((c) => c.close()))
        }
        // The room unloads 2 s after its last client and writes a snapshot then:
        // let that happen before the next scenario's counters start.
        if (scenario !== o.scenarios.at(-1)) await sleep(UNLOAD_WAIT_MS)
      }
    } finally {
      await server.stop()
    }
  }
  return out
}

if (isMain(import.meta.url)) {
  installCleanup(10 * 60_000)
  pinSelf()
  const args = parseArgs(process.argv.slice(2))
  const o: DiskOptions = { ...DISK_DEFAULTS, ...(args.quick ? { durationMs: 3000, reps: 1 } : {}), ...(args.reps ? { reps: args.reps } : {}) }
  const result = await runDisk(o)
  console.log(JSON.stringify({ machine: machine(), disk: result }, null, 2))
  process.exit(0)
}
