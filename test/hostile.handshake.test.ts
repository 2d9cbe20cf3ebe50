/**
 * Time to authenticate. The socket authenticates at the HTTP upgrade (token
 * or cookie), so an unauthenticated socket never opens; what is left is a
 * client that opens TCP and never finishes its request. With
 * HANDSHAKE_TIMEOUT_MS set low (500 ms), such connections — silent, partial
 * headers, a slowloris trickle, a partial upgrade, a body that never comes —
 * are closed within the limit (plus Node's check interval), while normal
 * clients connect, and upgraded websockets live on past it.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph } from './helpers/doc'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod } from './helpers/wait'

const HANDSHAKE_TIMEOUT_MS = 500
/** Node looks for timed-out requests every HANDSHAKE_TIMEOUT_MS / 4 here (server/index.ts); plus scheduling slack. */
const CLOSED_WITHIN_MS = HANDSHAKE_TIMEOUT_MS + 125 + 600

let server: TestServer
let admin: Api
let reportId: string

beforeAll(async () => {
  server = await startServer({ env: { HANDSHAKE_TIMEOUT_MS: String(HANDSHAKE_TIMEOUT_MS) } })
  admin = await Api.login(server.url)
  reportId = await admin.createReport('Handshake')
})

afterAll(() => stopAndRemove(server))

/**
 * Opens a TCP connection and runs `talk` on it; resolves with how long the
 * server kept it open and what it answered.
 */
function stall(talk: (socket: net.Socket) => void): Promise<{ openMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1')
    let answer = ''
    let start = 0
    socket.on('connect', () => {
      start = performance.now()
      talk(socket)
    })
    socket.on('data', (d) => (answer += d.toString('latin1')))
    socket.on('error', () => undefined)
    socket.on('close', () => (start ? resolve({ openMs: performance.now() - start, answer }) : reject(new Error('no connection'))))
  })
}

describe(`a client that never finishes its request is closed after HANDSHAKE_TIMEOUT_MS (${HANDSHAKE_TIMEOUT_MS} ms)`, () => {
  const cases: [string, (s: net.Socket) => void][] = [
    ['a connection that sends nothing', () => undefined],
    ['a request line without headers', (s) => s.write('GET /api/health HTTP/1.1\r\n')],
    ['headers that never end', (s) => s.write('GET /api/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')],
    [
      'a websocket upgrade that never ends',
      (s) => s.write(`GET /collab/${'r' + 'a'.repeat(20)} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n`),
    ],
    [
      'a slowloris: one header byte every 50 ms, forever',
      (s) => {
        s.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ')
        const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('a')), 50)
        s.on('close', () => clearInterval(timer))
      },
    ],
    ['a body that never comes (Content-Length 1000, 10 bytes sent)', (s) => s.write('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"usernam')],
  ]

  for (const [name, talk] of cases) {
    it(`${name}: closed within ${CLOSED_WITHIN_MS} ms`, async () => {
      const { openMs, answer } = await stall(talk)
      expect(openMs, `open for ${Math.round(openMs)} ms`).toBeLessThan(CLOSED_WITHIN_MS)
      expect(openMs).toBeGreaterThan(HANDSHAKE_TIMEOUT_MS * 0.8)
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 408/)
    })
  }

  it('200 silent connections at once are all closed, and a normal client is served meanwhile', async () => {
    const t0 = performance.now()
    const all = Array.from({ length: 200 }, () => stall(() => undefined))
    await quietPeriod(100, 'the silent connections are established before the normal client comes')
    const client = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    await client.waitSynced()
    expect((await admin.call('GET', `/api/reports/${reportId}`)).status).toBe(200)
    const results = await Promise.all(all)
    expect(Math.max(...results.map((r) => r.openMs))).toBeLessThan(CLOSED_WITHIN_MS + 500)
    expect(performance.now() - t0).toBeLessThan(CLOSED_WITHIN_MS + 1000)
    await client.end()
  })
})

describe('what the timeout does not touch', () => {
  it('an upgraded websocket stays open and working well past HANDSHAKE_TIMEOUT_MS', async () => {
    const client = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    await client.waitSynced()
    await quietPeriod(HANDSHAKE_TIMEOUT_MS * 4, 'a handshake timer that wrongly covered upgraded sockets would have fired by now')
    expect(client.isOpen).toBe(true)
    const index = client.edit((d) => appendParagraph(d, 'still connected'))
    await client.waitSaved(index)
    expect(client.close).toBeNull()
    await client.end()
  })

  it('a keep-alive HTTP client making requests at a normal pace is served', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await admin.call('GET', '/api/auth/me')).status).toBe(200)
      await quietPeriod(200, 'a normal pace: the idle gaps between requests are what the test is about')
    }
  })
})
