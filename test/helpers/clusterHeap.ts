/**
 * The heap of a server process, after a full garbage collection, read over
 * the V8 inspector: the process is started with
 * `NODE_OPTIONS=--inspect=127.0.0.1:0` (see INSPECT_ENV) and prints its
 * inspector's address; HeapProfiler.collectGarbage then
 * `process.memoryUsage()` through Runtime.evaluate. Nothing in the server
 * needs to expose memory or be started with --expose-gc.
 */
import WebSocket from 'ws'
import type { TestServer } from './startServer'

/** Environment for a process whose heap the test reads. */
export const INSPECT_ENV = { NODE_OPTIONS: '--inspect=127.0.0.1:0' }

export interface HeapFigures {
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  rss: number
}

export function inspectorUrlOf(server: TestServer): string {
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())
  if (!match) throw new Error(`no inspector address in the process output (started with ${JSON.stringify(INSPECT_ENV)}?):\n${server.output().slice(0, 1000)}`)
  return match[1]!
}

/** Full GC in the process, then its process.memoryUsage(). */
export async function heapAfterGc(server: TestServer, timeoutMs = 20_000): Promise<HeapFigures> {
  const ws = new WebSocket(inspectorUrlOf(server))
  const pending = new Map<number, (result: unknown) => void>()
  let nextId = 0
  ws.on('message', (data: WebSocket.RawData) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown }
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result)
  })
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId
      pending.set(id, (r) => Promise.resolve(r).then(resolve, reject))
      ws.send(JSON.stringify({ id, method, params }))
    })
  const timer = setTimeout(() => ws.terminate(), timeoutMs)
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
      ws.once('close', () => reject(new Error('inspector closed')))
    })
    // Twice: objects with finalizers or weak references are freed by the second.
    await call('HeapProfiler.collectGarbage')
    await call('HeapProfiler.collectGarbage')
    const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string }
    }
    return JSON.parse(result.result.value) as HeapFigures
  } finally {
    clearTimeout(timer)
    ws.close()
  }
}
