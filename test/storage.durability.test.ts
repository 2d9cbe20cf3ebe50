/**
 * What the server says is saved survives: a clean stop, a kill -9 in the
 * middle of typing, a torn last log record. Data it cannot read is refused
 * (500 storage_failed / close 4500) and never overwritten.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { CLOSE_LOAD_FAILED } from '@schema/wire'
import { Api } from './helpers/api'
import { appendParagraph, paragraphsOf, pmText, textOf, type PmNode } from './helpers/doc'
import { hashesOf, reportDir } from './helpers/files'
import { createRng, seedFromEnv } from './helpers/prng'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod, sleep, waitUntil } from './helpers/wait'

const servers: TestServer[] = []
const dataDirs = new Set<string>()

async function start(options: { dataDir?: string; port?: number } = {}): Promise<TestServer> {
  const server = await startServer(options)
  servers.push(server)
  dataDirs.add(server.dataDir)
  return server
}

afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill()
})

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

async function contentOf(api: Api, reportId: string): Promise<PmNode> {
  const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

const logFiles = (dir: string) => readdirSync(dir).filter((n) => /^log-\d+\.bin$/.test(n))

describe('durability of saved edits', () => {
  it('edits survive a clean restart (SIGTERM → exit 0 → same DATA_DIR)', async () => {
    const server = await start()
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Clean restart')
    const writer = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    const observer = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await writer.waitSynced()
    await observer.waitSynced()
    for (let i = 0; i < 5; i++) writer.edit((d) => appendParagraph(d, `clean-${i}`, i % 3))
    // Stop as soon as the server has applied the edits (the observer got them),
    // without waiting for them to be acknowledged: the shutdown must flush them.
    await waitUntil(() => observer.doc.getXmlFragment('default').toString().includes('clean-4'), 'observer saw the edits')
    expect(await server.stop()).toBe(0)
    await writer.waitClosed()
    await observer.waitClosed()

    // The shutdown folded the log into a snapshot.
    const dir = reportDir(server.dataDir, reportId)
    expect(readdirSync(dir).filter((n) => /^snap-\d+\.bin$/.test(n))).toHaveLength(1)
    for (const log of logFiles(dir)) expect(statSync(path.join(dir, log)).size, log).toBe(0)

    await start({ dataDir: server.dataDir, port: server.port })
    const text = pmText(await contentOf(api, reportId))
    for (let i = 0; i < 5; i++) expect(text).toContain(`clean-${i}`)
    writer.doc.destroy()
    observer.doc.destroy()
  })

  it('kill -9 while two clients type: every acknowledged edit is there after the restart', async () => {
    const seed = seedFromEnv()
    const rng = createRng(seed)
    let server = await start()
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Crash while typing')
    /** Tokens typed, in order, per client; and how many of them are acknowledged. */
    const typed: string[][] = [[], []]
    const acked: number[] = [0, 0]

    for (let round = 0; round < 3; round++) {
      const clients = [0, 1].map(() => RawClient.connect(server.wsUrl, reportId, { token: api.token }))
      const tokenOfWrite = clients.map(() => new Map<number, number>()) // write index → position in typed[c]
      for (const c of clients) await c.waitSynced()
      clients.forEach((c, i) => {
        // Each client types into its own paragraph (section i), creating it in round 0.
        if (round === 0) {
          const index = c.edit((d) => appendParagraph(d, `[c${i}]`, i))
          tokenOfWrite[i]!.set(index, -1)
        }
      })
      const crashAfter = rng.between(150, 1200)
      const started = Date.now()
      let typing = true
      const loops = clients.map(async (c, i) => {
        await c.waitSaved(c.writesSent)
        while (typing && c.isOpen) {
          const token = `<${i}.${typed[i]!.length}>`
          const position = typed[i]!.length
          const index = c.edit((d) => {
            const p = paragraphsOf(d).find((x) => x.toString().includes(`[c${i}]`))
            if (!p) throw new Error(`paragraph of client ${i} is missing`)
            const t = textOf(p)
            t.insert(t.length, token)
          })
          typed[i]!.push(token)
          tokenOfWrite[i]!.set(index, position)
          await sleep(rng.int(4))
        }
      })
      await sleep(crashAfter - (Date.now() - started))
      await server.kill()
      typing = false
      await Promise.all(loops)
      for (const c of clients) await c.waitClosed()
      // Acknowledgements that arrived before the socket closed were sent after an fsync.
      clients.forEach((c, i) => {
        for (const [index, position] of tokenOfWrite[i]!) if (index <= c.saved) acked[i] = Math.max(acked[i]!, position + 1)
        c.doc.destroy()
      })

      server = await start({ dataDir: server.dataDir, port: server.port })
      const text = pmText(await contentOf(api, reportId))
      for (const i of [0, 1]) {
        const line = text.split('\n').find((l) => l.startsWith(`[c${i}]`)) ?? ''
        const recovered = line.slice(`[c${i}]`.length)
        const missing = typed[i]!.slice(0, acked[i]).filter((t) => !recovered.includes(t))
        const msg = `SEED=${seed} round ${round} client ${i}: ${acked[i]} of ${typed[i]!.length} acknowledged`
        expect(missing, msg).toEqual([])
        // What is there is what was typed, in order, without holes (the log is cut only at its end).
        expect(typed[i]!.join('').startsWith(recovered), msg).toBe(true)
        // Carry on from what survived.
        typed[i]!.length = recovered.length === 0 ? 0 : recovered.split('>').length - 1
        acked[i] = typed[i]!.length
      }
    }
    expect(acked[0]! + acked[1]!, `SEED=${seed}: too few edits were acknowledged to prove anything`).toBeGreaterThan(20)
  })
})

describe('a torn last log record', () => {
  it('is dropped on load, saved aside, and the log keeps working', async () => {
    let server = await start()
    const api = await Api.login(server.url)
    // Three reports, three kinds of torn tail.
    const tails: [string, Buffer][] = [
      ['a few garbage bytes', Buffer.from([0xde, 0xad, 0xbe])],
      ['a partial record (header says 50 bytes, 10 follow)', Buffer.concat([u32(50), u32(0x12345678), Buffer.alloc(10, 7)])],
      ['a whole record with a wrong checksum', Buffer.concat([u32(4), u32(0), Buffer.from([1, 2, 3, 4])])],
    ]
    const reports: string[] = []
    for (const [name] of tails) {
      const reportId = await api.createReport(name)
      reports.push(reportId)
      const c = RawClient.connect(server.wsUrl, reportId, { token: api.token })
      await c.waitSynced()
      for (let i = 0; i < 3; i++) c.edit((d) => appendParagraph(d, `valid-${i}`))
      await c.waitSaved()
      await c.end()
    }
    // Crash before the rooms unload (2 s), so the edits are in the logs, not a snapshot.
    await server.kill()

    const lengths: number[] = []
    reports.forEach((reportId, k) => {
      const dir = reportDir(server.dataDir, reportId)
      const logs = logFiles(dir)
      expect(logs, `logs of report ${k}`).toHaveLength(1)
      const file = path.join(dir, logs[0]!)
      lengths.push(statSync(file).size)
      expect(lengths[k]).toBeGreaterThan(0)
      appendFileSync(file, tails[k]![1])
    })

    server = await start({ dataDir: server.dataDir, port: server.port })
    for (const [k, reportId] of reports.entries()) {
      const label = tails[k]![0]
      const text = pmText(await contentOf(api, reportId))
      for (let i = 0; i < 3; i++) expect(text, label).toContain(`valid-${i}`)
      const dir = reportDir(server.dataDir, reportId)
      const logs = logFiles(dir)
      const log = path.join(dir, logs[0]!)
      expect(statSync(log).size, `${label}: log cut back to its valid records`).toBe(lengths[k])
      const torn = readdirSync(dir).filter((n) => n.startsWith(`${logs[0]}.torn-`))
      expect(torn, label).toHaveLength(1)
      expect(readFileSync(path.join(dir, torn[0]!)), `${label}: torn bytes saved aside`).toEqual(tails[k]![1])
    }

    // Appends after the repair follow valid records: more edits, another crash, all there.
    const c = RawClient.connect(server.wsUrl, reports[1]!, { token: api.token })
    await c.waitSynced()
    c.edit((d) => appendParagraph(d, 'after-repair'))
    await c.waitSaved()
    await server.kill()
    await c.waitClosed()
    c.doc.destroy()
    server = await start({ dataDir: server.dataDir, port: server.port })
    const text = pmText(await contentOf(api, reports[1]!))
    expect(text).toContain('valid-2')
    expect(text).toContain('after-repair')
  })
})

describe('a zero-filled log tail (a crash after the file grew, before its data reached the disk)', () => {
  // 8 zero bytes would decode as a valid empty record (and Y.mergeUpdates then
  // throw); the record codec treats an empty record as torn.
  it('loads like a torn tail, with the valid edits', async () => {
    const server = await start()
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Zero tail')
    const c = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await c.waitSynced()
    c.edit((d) => appendParagraph(d, 'before-the-zeros'))
    await c.waitSaved()
    await c.end()
    await server.kill()
    const dir = reportDir(server.dataDir, reportId)
    appendFileSync(path.join(dir, logFiles(dir)[0]!), Buffer.alloc(64))
    await start({ dataDir: server.dataDir, port: server.port })
    expect(pmText(await contentOf(api, reportId))).toContain('before-the-zeros')
  })
})

describe('a report whose files cannot be read', () => {
  it('answers 500 storage_failed and closes sockets with 4500, leaving every file byte-identical', async () => {
    let server = await start()
    const api = await Api.login(server.url)

    // A damaged snapshot: written by a clean stop, then one payload byte flipped.
    const snapReport = await api.createReport('Damaged snapshot')
    // Damage in the middle of a log: two records, the first one flipped.
    const logReport = await api.createReport('Damaged log')
    for (const reportId of [snapReport, logReport]) {
      const c = RawClient.connect(server.wsUrl, reportId, { token: api.token })
      await c.waitSynced()
      c.edit((d) => appendParagraph(d, 'first'))
      await c.waitSaved()
      c.edit((d) => appendParagraph(d, 'second'))
      await c.waitSaved()
      await c.end()
    }
    await server.kill() // keeps the logs
    server = await start({ dataDir: server.dataDir, port: server.port })
    // Load and unload snapReport cleanly: its log is folded into a snapshot.
    await contentOf(api, snapReport)
    expect(await server.stop()).toBe(0)

    const snapDir = reportDir(server.dataDir, snapReport)
    const snaps = readdirSync(snapDir).filter((n) => /^snap-\d+\.bin$/.test(n))
    expect(snaps).toHaveLength(1)
    expect(logFiles(snapDir).every((n) => statSync(path.join(snapDir, n)).size === 0)).toBe(true)
    flipByte(path.join(snapDir, snaps[0]!), 8 + 20)

    const logDir = reportDir(server.dataDir, logReport)
    const logs = logFiles(logDir)
    expect(logs).toHaveLength(1)
    const logFile = path.join(logDir, logs[0]!)
    const firstRecordLength = readFileSync(logFile).readUInt32LE(0)
    expect(statSync(logFile).size).toBeGreaterThan(8 + firstRecordLength) // a second record follows
    flipByte(logFile, 8 + Math.floor(firstRecordLength / 2))

    const before = { [snapReport]: hashesOf(snapDir), [logReport]: hashesOf(logDir) }
    server = await start({ dataDir: server.dataDir, port: server.port })

    for (const reportId of [snapReport, logReport]) {
      // Every route that loads the report's room answers the same (app.onError maps the load error).
      const calls: [string, string][] = [
        ['GET', 'content'],
        ['GET', 'content'],
        ['GET', 'kpis'],
        ['POST', 'check'],
        ['POST', 'publish'],
        ['GET', 'diff?from=live&to=live'],
      ]
      for (const [method, route] of calls) {
        const res = await api.call(method, `/api/reports/${reportId}/${route}`, method === 'POST' ? {} : undefined)
        expect(res.status, `${method} ${route}`).toBe(500)
        expect(res.body).toMatchObject({ error: { code: 'storage_failed', message: expect.any(String) } })
      }
      const c = RawClient.connect(server.wsUrl, reportId, { token: api.token })
      const close = await c.waitClosed(5000)
      expect(close.code).toBe(CLOSE_LOAD_FAILED)
      expect(c.updatesReceived).toHaveLength(0)
      c.doc.destroy()
      // The metadata is still served.
      expect((await api.call('GET', `/api/reports/${reportId}`)).status).toBe(200)
    }
    await quietPeriod(2500, 'past the unload delay: nothing may be written later either')
    expect(hashesOf(snapDir)).toEqual(before[snapReport])
    expect(hashesOf(logDir)).toEqual(before[logReport])

    expect(await server.stop()).toBe(0)
    expect(hashesOf(snapDir)).toEqual(before[snapReport])
    expect(hashesOf(logDir)).toEqual(before[logReport])
    expect(existsSync(snapDir) && existsSync(logDir)).toBe(true)
  })
})

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}

function flipByte(file: string, offset: number): void {
  const buf = readFileSync(file)
  if (offset >= buf.length) throw new Error(`${file} has only ${buf.length} bytes`)
  buf[offset] = buf[offset]! ^ 0x5a
  writeFileSync(file, buf)
}
