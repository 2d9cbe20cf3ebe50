/**
 * Imported first by main.tsx. The shared block schemas (schema/nodes/*) are zod
 * schemas, and zod 4 probes whether it may compile parsers with `new Function`:
 * under the app's Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval')
 * that probe is a CSP violation. Jitless parsing needs no eval; the client parses
 * only single field values, so the compiled fast path would gain nothing.
 */
import { z } from 'zod'

z.config({ jitless: true })
