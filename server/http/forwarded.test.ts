import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { requestClientAddress, requestOrigin, requestProtocol } from './forwarded'
import { originVerdict } from './originPolicy'

/** What forwarded.ts / originPolicy.ts read from a request, with a fake Node socket under it. */
async function probe(headers: Record<string, string>, options: { trustProxy: boolean; encrypted?: boolean; allowed?: string[] }) {
  const app = new Hono().get('/', (c) =>
    c.json({
      protocol: requestProtocol(c, options.trustProxy),
      address: requestClientAddress(c, options.trustProxy),
      origin: requestOrigin(c, options.trustProxy),
      verdict: originVerdict(c, { allowedOrigins: options.allowed ?? [], trustProxy: options.trustProxy }),
    }),
  )
  const incoming = { socket: { remoteAddress: '10.0.0.7', encrypted: options.encrypted ?? false } }
  const res = await app.request('http://localhost/', { headers }, { incoming })
  return (await res.json()) as { protocol: string; address: string; origin: string | null; verdict: string }
}

describe('forwarded headers count only with TRUST_PROXY', () => {
  const forwarded = { host: 'ops.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }

  it('off: the protocol and the address are the connection\'s, whatever the headers say', async () => {
    expect(await probe(forwarded, { trustProxy: false })).toMatchObject({ protocol: 'http', address: '10.0.0.7', origin: 'http://ops.example.com' })
    expect(await probe({ host: 'ops.example.com' }, { trustProxy: false, encrypted: true })).toMatchObject({ protocol: 'https' })
  })

  it('on: X-Forwarded-Proto, and the right-most X-Forwarded-For entry (the one our proxy appended)', async () => {
    expect(await probe(forwarded, { trustProxy: true })).toMatchObject({ protocol: 'https', address: '203.0.113.9', origin: 'https://ops.example.com' })
    // Without the headers (or with nonsense), the connection's.
    expect(await probe({ host: 'ops.example.com', 'x-forwarded-proto': 'gopher' }, { trustProxy: true })).toMatchObject({ protocol: 'http', address: '10.0.0.7' })
  })

  it('a Host that is not a host gives no own origin', async () => {
    for (const host of ['a.example.com/x', 'user@a.example.com', 'a.example.com?x', '']) {
      expect((await probe({ host }, { trustProxy: false })).origin, host).toBeNull()
    }
  })
})

describe('originVerdict', () => {
  const host = { host: '127.0.0.1:8787' }
  it('the own origin and the allowed ones pass, every other origin (and "null") is refused; none is "absent"', async () => {
    const allowed = ['https://ops.example.com']
    const cases: [Record<string, string>, string][] = [
      [host, 'absent'],
      [{ ...host, origin: 'http://127.0.0.1:8787' }, 'allowed'],
      [{ ...host, origin: 'https://ops.example.com' }, 'allowed'],
      [{ ...host, origin: 'http://127.0.0.1:8788' }, 'refused'],
      [{ ...host, origin: 'http://localhost:8787' }, 'refused'],
      [{ ...host, origin: 'https://127.0.0.1:8787' }, 'refused'],
      [{ ...host, origin: 'https://evil.ops.example.com' }, 'refused'],
      [{ ...host, origin: 'null' }, 'refused'],
      [{ ...host, origin: '' }, 'refused'],
    ]
    for (const [headers, verdict] of cases) expect((await probe(headers, { trustProxy: false, allowed })).verdict, JSON.stringify(headers)).toBe(verdict)
  })

  it('behind a trusted proxy the own origin is https per X-Forwarded-Proto; untrusted, it is not', async () => {
    const headers = { host: 'ops.example.com', origin: 'https://ops.example.com', 'x-forwarded-proto': 'https' }
    expect((await probe(headers, { trustProxy: true })).verdict).toBe('allowed')
    expect((await probe(headers, { trustProxy: false })).verdict).toBe('refused')
  })
})
