/**
 * Security headers of every answer (hono/secure-headers), with a
 * Content-Security-Policy per kind of answer:
 *
 * - the app (index.html and the built client's files): scripts only from this
 *   origin (Vite emits no inline script), connections only to this origin (the
 *   REST API and the socket: CSP3 `'self'` covers ws/wss to the same host),
 *   images and fonts from here or `data:`. Styles also `'unsafe-inline'`:
 *   TipTap injects its stylesheet, carets and React views set style
 *   attributes, and the print window (HistoryDrawer) writes an export with
 *   its inline stylesheet into a blank window that inherits this policy. No
 *   load can leave the origin, so an injected style cannot carry data away.
 * - the exports (`…/export.html`, opened in a tab of their own): self-contained
 *   HTML with an inline stylesheet and inline SVG; nothing else may load or
 *   run, and the page is sandboxed (opaque origin: no cookie, no API access).
 * - the JSON API: nothing at all (a response opened as a page renders inert).
 *
 * Nothing may frame any of them (`frame-ancestors 'none'`, and
 * `X-Frame-Options: DENY` for browsers without CSP 2): no clickjacking.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const NO_FRAMING = { frameAncestors: ["'none'"], baseUri: ["'none'"] }

export const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  ...NO_FRAMING,
}

export const EXPORT_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ['data:'],
  fontSrc: ['data:'],
  formAction: ["'none'"],
  sandbox: [] as string[],
  ...NO_FRAMING,
}

export const API_CSP = { defaultSrc: ["'none'"], formAction: ["'none'"], ...NO_FRAMING }

/** One middleware for the whole app: picks the policy by path. */
export function securityHeaders(): MiddlewareHandler {
  const common = { xFrameOptions: 'DENY' } as const
  const app = secureHeaders({ ...common, contentSecurityPolicy: APP_CSP })
  const api = secureHeaders({ ...common, contentSecurityPolicy: API_CSP })
  const exports = secureHeaders({ ...common, contentSecurityPolicy: EXPORT_CSP })
  return (c, next) => {
    const p = c.req.path
    if (!p.startsWith('/api/')) return app(c, next)
    return (p.endsWith('/export.html') ? exports : api)(c, next)
  }
}
