// Preloaded into benchmark servers (NODE_OPTIONS=--import) when
// BENCH_COUNTERS_FILE is set: counts the full-state encodes the server does
// (Y.encodeStateAsUpdate with no or an empty state vector), so the join storm
// can report "encodes per storm" for every server alike, without touching
// their code. On SIGUSR2 the counts are written to BENCH_COUNTERS_FILE.
//   BENCH_COUNT_ENCODES=esm: the server imports yjs as ESM (ours, via tsx):
//     a load hook rewrites yjs.mjs' encodeStateAsUpdate to call the counter.
//   BENCH_COUNT_ENCODES=cjs: the server requires yjs.cjs (the reference,
//     Hocuspocus): its exports object is patched (y-protocols reads it live).
import { writeFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import path from 'node:path'

const file = process.env.BENCH_COUNTERS_FILE
const mode = process.env.BENCH_COUNT_ENCODES
if (file && mode) {
  const counts = { seq: 0, fullStateEncodes: 0, diffEncodes: 0 }
  globalThis.__benchCountEncode = (sv) => {
    if (!sv || (sv.length === 1 && sv[0] === 0)) counts.fullStateEncodes++
    else counts.diffEncodes++
  }
  if (mode === 'esm') {
    register('./encodeCounterHooks.mjs', import.meta.url)
  } else if (mode === 'cjs') {
    const require = createRequire(path.join(process.cwd(), 'index.cjs'))
    const Y = require('yjs')
    const encode = Y.encodeStateAsUpdate
    Y.encodeStateAsUpdate = (doc, sv) => {
      globalThis.__benchCountEncode(sv)
      return encode(doc, sv)
    }
  }
  process.on('SIGUSR2', () => {
    counts.seq++
    writeFileSync(file, JSON.stringify(counts))
  })
}
