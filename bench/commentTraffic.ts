/**
 * Traffic of comment changes (issue 13): 8 editors have a report with 26
 * short comment threads open; one user makes N changes (resolve / reopen,
 * one at a time); every editor reacts as the web app's CommentsController
 * does at that commit — before: each `comments` event is only a signal, so
 * it fetches `GET …/comments` (the whole list); after: the event carries the
 * thread, merged without a request. Measured: bytes the editors receive
 * (socket frames + list answers) for the N changes.
 *
 *   npx tsx bench/commentTraffic.ts [--before <rev>] [--changes 200] [--clients 8] [--threads 26]
 *
 * `--before` (default: the merge base with main) runs in a temporary git
 * worktree of that commit; the after side is this checkout.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ReportEvent } from '@schema/reportEvent'
import { Api } from '../test/helpers/api'
import { RawClient } from '../test/helpers/rawClient'
import { startServer } from '../test/helpers/startServer'
import { waitUntil } from '../test/helpers/wait'

const ROOT = path.resolve(import.meta.dirname, '..')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}

const CHANGES = Number(arg('changes', '200'))
const CLIENTS = Number(arg('clients', '8'))
const THREADS = Number(arg('threads', '26'))
const before = arg('before', execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: ROOT, encoding: 'utf8' }).trim())

interface Result {
  label: string
  socketBytes: number
  listFetches: number
  listBytes: number
  ms: number
}

async function measure(label: string, root: string): Promise<Result> {
  const server = await startServer({ root })
  try {
    const admin = await Api.login(server.url)
    const reportId = await admin.createReport('评论流量')
    const content = (await admin.call<{ content: { type: string; attrs: { id: string } }[] }>('GET', `/api/reports/${reportId}/content`)).body
    const blockId = content.content.find((n) => n.type === 'reportSection')!.attrs.id
    const threadIds: string[] = []
    for (let i = 0; i < THREADS; i++) {
      const res = await admin.call<{ id: string }>('POST', `/api/reports/${reportId}/comments`, {
        anchor: { blockId, quote: '重要事件' },
        body: `第 ${i + 1} 条意见：请核对本月数据。`,
      })
      threadIds.push(res.body.id)
    }
    const clients: { raw: RawClient; api: Api; bytes: number; fetches: number; fetchBytes: number; pending: Promise<void>[] }[] = []
    for (let i = 0; i < CLIENTS; i++) {
      const user = await admin.createUser(`traffic-${i}`)
      await admin.setRole(reportId, user.id, 'editor')
      const raw = RawClient.connect(server.wsUrl, reportId, { token: user.api.token })
      await raw.waitSynced()
      const client = { raw, api: user.api, bytes: 0, fetches: 0, fetchBytes: 0, pending: [] as Promise<void>[] }
      raw.ws.on('message', (data: ArrayBuffer) => (client.bytes += data.byteLength))
      clients.push(client)
    }
    // React to events as that commit's web app does.
    const eventsSeen = clients.map(() => 0)
    clients.forEach((client, i) => {
      const events = client.raw.events
      const push = events.push.bind(events)
      events.push = (...items: ReportEvent[]) => {
        for (const event of items) {
          if (event.type !== 'comments') continue
          eventsSeen[i]!++
          if (!('thread' in event)) {
            client.pending.push(
              fetch(`${server.url}/api/reports/${reportId}/comments`, { headers: { authorization: `Bearer ${client.api.token}` } })
                .then((r) => r.arrayBuffer())
                .then((b) => {
                  client.fetches++
                  client.fetchBytes += b.byteLength
                }),
            )
          }
        }
        return push(...items)
      }
    })
    for (const client of clients) client.bytes = 0
    const started = performance.now()
    for (let n = 0; n < CHANGES; n++) {
      const threadId = threadIds[n % THREADS]!
      await admin.call('PATCH', `/api/reports/${reportId}/comments/${threadId}`, { resolved: Math.floor(n / THREADS) % 2 === 0 })
    }
    await waitUntil(() => eventsSeen.every((n) => n >= CHANGES), 'every event received', 60_000)
    for (const client of clients) await Promise.all(client.pending)
    const ms = performance.now() - started
    const result: Result = {
      label,
      socketBytes: clients.reduce((n, c) => n + c.bytes, 0),
      listFetches: clients.reduce((n, c) => n + c.fetches, 0),
      listBytes: clients.reduce((n, c) => n + c.fetchBytes, 0),
      ms,
    }
    await Promise.all(clients.map((c) => c.raw.end()))
    return result
  } finally {
    await server.stop()
    rmSync(server.dataDir, { recursive: true, force: true })
  }
}

function worktreeAt(rev: string): { dir: string; remove(): void } {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'comment-traffic-')), 'before')
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, rev], { cwd: ROOT })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  return {
    dir,
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' })
      rmSync(path.dirname(dir), { recursive: true, force: true })
    },
  }
}

const mib = (b: number) => (b / 1024 / 1024).toFixed(2)
const kib = (b: number) => (b / 1024).toFixed(1)

const tree = worktreeAt(before)
const results: Result[] = []
try {
  results.push(await measure(`before (${before.slice(0, 7)})`, tree.dir))
  results.push(await measure('after (this checkout)', ROOT))
} finally {
  tree.remove()
}
console.log(`${CLIENTS} editors, ${THREADS} threads, ${CHANGES} changes (resolve/reopen, one at a time)`)
console.log('| side | socket bytes | list fetches | list bytes | total | per change | time |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  const total = r.socketBytes + r.listBytes
  console.log(
    `| ${r.label} | ${mib(r.socketBytes)} MiB | ${r.listFetches} | ${mib(r.listBytes)} MiB | ${mib(total)} MiB | ${kib(total / CHANGES)} KiB | ${(r.ms / 1000).toFixed(1)} s |`,
  )
}
