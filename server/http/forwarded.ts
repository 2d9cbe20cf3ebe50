/**
 * What a request says about where it came from, per TRUST_PROXY: the
 * protocol the client used and the client's address.
 *
 * Off (the default), `X-Forwarded-*` headers are ignored — any client can
 * send them — and both come from the connection itself. On, the server
 * stands behind exactly one reverse proxy that terminates TLS and writes
 * `X-Forwarded-Proto` and appends the client's address to `X-Forwarded-For`:
 * the protocol is that header's, the client is the right-most entry of
 * `X-Forwarded-For` (the one our proxy wrote; entries to its left came from
 * the client and prove nothing).
 */
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { Context } from 'hono'

/** The Node request under a Hono context (@hono/node-server and @hono/node-ws put it in `c.env.incoming`). */
function incomingOf(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined
  return env?.incoming
}

/** `http` or `https`: how the client reached us. */
export function requestProtocol(c: Context, trustProxy: boolean): 'http' | 'https' {
  if (trustProxy) {
    // A proxy that received it from another proxy may have listed several: the first is the client's.
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    if (forwarded === 'https' || forwarded === 'http') return forwarded
  }
  const socket = incomingOf(c)?.socket as TLSSocket | undefined
  if (socket) return socket.encrypted ? 'https' : 'http'
  return new URL(c.req.url).protocol === 'https:' ? 'https' : 'http'
}

/** The client's address (for throttling and logs); `unknown` when there is no socket (in-process requests). */
export function requestClientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (last) return last
  }
  return incomingOf(c)?.socket?.remoteAddress ?? 'unknown'
}

/** `protocol://host[:port]` the client addressed (its `Host` header), or null when the header is not a host. */
export function requestOrigin(c: Context, trustProxy: boolean): string | null {
  const host = c.req.header('host')
  if (!host) return null
  const candidate = `${requestProtocol(c, trustProxy)}://${host}`
  if (!URL.canParse(candidate)) return null
  const url = new URL(candidate)
  // `Host: a.example.com/x`, `user@host` or `host?x` parse into more than a host: not one.
  const onlyHost = url.pathname === '/' && !url.username && !url.password && !url.search && !url.hash && !candidate.endsWith('/')
  return onlyHost ? url.origin : null
}
