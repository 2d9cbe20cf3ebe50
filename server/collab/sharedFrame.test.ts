import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { binaryFrame, frameOnce, sharedFrameSender } from './sharedFrame'

// ws's own framing, to compare with (its Sender is not in the typings).
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, o: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] }
}

const servers: WebSocketServer[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A server socket and the client at its other end. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  servers.push(wss)
  await new Promise((r) => wss.once('listening', r))
  const accepted = new Promise<WebSocket>((r) => wss.once('connection', r))
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
  const received: Buffer[] = []
  client.on('message', (data: Buffer) => received.push(data))
  await new Promise((r) => client.once('open', r))
  return { server: await accepted, client, received }
}

describe('sharedFrame', () => {
  it('frames exactly as ws does, at every length encoding', () => {
    for (const n of [0, 1, 125, 126, 127, 65535, 65536, 70_000]) {
      const data = Buffer.alloc(n, n % 251)
      const expected = Buffer.concat(Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }))
      expect(binaryFrame(data).equals(expected), `length ${n}`).toBe(true)
    }
  })

  it('builds the frame once for consecutive sends of the same message', () => {
    const a = new Uint8Array([1, 2, 3])
    const first = frameOnce(a)
    expect(frameOnce(a)).toBe(first)
    expect(frameOnce(new Uint8Array([1, 2, 3]))).not.toBe(first)
  })

  it('delivers every message intact and in order over a real socket, mixed with ws sends', async () => {
    const { server, client, received } = await pair()
    const send = sharedFrameSender(server)
    const messages = [new Uint8Array([0]), new Uint8Array(300).fill(7), new Uint8Array(70_000).fill(9), new Uint8Array([4, 5])]
    send(messages[0]!)
    server.send(Buffer.from('between'), { binary: true })
    for (const m of messages.slice(1)) send(m)
    await new Promise<void>((resolve) => {
      const check = () => (received.length === 5 ? resolve() : setTimeout(check, 5))
      check()
    })
    expect(received.map((b) => b.length)).toEqual([1, 7, 300, 70_000, 2])
    expect(received[1]!.toString()).toBe('between')
    expect(received[3]!.every((b) => b === 9)).toBe(true)
    client.close()
  })

  it('leaves a message to ws once the socket is closing: nothing is written after the close frame', async () => {
    const { server, client, received } = await pair()
    const send = sharedFrameSender(server)
    const closed = new Promise<number>((r) => client.once('close', r))
    server.close(1000, 'bye')
    expect(server.readyState).toBe(WebSocket.CLOSING)
    const socket = (server as unknown as { _socket: { write: (...a: unknown[]) => boolean } })._socket
    const write = socket.write.bind(socket)
    let writes = 0
    socket.write = (...a: unknown[]) => (writes++, write(...a))
    send(new Uint8Array([1, 2, 3])) // ws refuses it quietly after close
    expect(writes).toBe(0)
    expect(await closed).toBe(1000)
    expect(received).toEqual([])
  })
})
