/**
 * HTTP requests with the path sent byte for byte (fetch and `ws` normalize
 * `..` and friends before sending; a hostile client does not).
 */
import http from 'node:http'
import WebSocket from 'ws'
import { RawClient, type RawClientOptions } from './rawClient'

export interface RawResponse {
  status: number
  body: unknown
  text: string
}

export function rawRequest(baseUrl: string, method: string, rawPath: string, token?: string, body?: unknown): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method,
        path: rawPath,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text })
        })
      },
    )
    req.on('error', reject)
    if (payload) req.write(payload)
    req.end()
  })
}

/** A RawClient whose upgrade request carries `rawPath` exactly (e.g. `/collab/../x`). */
export function rawPathClient(wsUrl: string, rawPath: string, options: RawClientOptions = {}): RawClient {
  const origin = new URL(wsUrl).origin.replace(/^http/, 'ws')
  const fullPath = options.token === undefined ? rawPath : `${rawPath}${rawPath.includes('?') ? '&' : '?'}token=${encodeURIComponent(options.token)}`
  const wsOptions: WebSocket.ClientOptions = {
    ...options.wsOptions,
    finishRequest: (req) => {
      req.path = fullPath
      req.end()
    },
  }
  return new RawClient(`${origin}/collab/placeholder`, { ...options, token: undefined, wsOptions })
}

/**
 * A request whose body is sent in parts, under the test's control: the
 * headers (with the final Content-Length) go out with the first part.
 * `send` resolves once the part has left this process entirely (the socket
 * drained): with a part larger than the kernel's socket buffers, that means
 * the server has started reading the body, so its handler has begun.
 */
export interface SlowRequest {
  send(part: string): Promise<void>
  /** Sends the last part and waits for the answer. */
  finish(part: string): Promise<RawResponse>
}

export function slowRequest(baseUrl: string, method: string, path: string, token: string | undefined, contentLength: number): SlowRequest {
  const { hostname, port } = new URL(baseUrl)
  let resolveResponse!: (res: RawResponse) => void
  let rejectResponse!: (err: unknown) => void
  const response = new Promise<RawResponse>((resolve, reject) => {
    resolveResponse = resolve
    rejectResponse = reject
  })
  const req = http.request(
    {
      host: hostname,
      port,
      method,
      path,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
        'content-length': contentLength,
      },
    },
    (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          /* not JSON */
        }
        resolveResponse({ status: res.statusCode ?? 0, body: parsed, text })
      })
    },
  )
  req.on('error', rejectResponse)
  return {
    send: (part) =>
      new Promise<void>((resolve, reject) => {
        req.once('error', reject)
        if (req.write(part)) resolve()
        else req.once('drain', () => resolve())
      }),
    finish: (part) => {
      req.end(part)
      return response
    },
  }
}
