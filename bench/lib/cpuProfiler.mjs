// Preloaded into a benchmark server (NODE_OPTIONS=--import) when
// BENCH_CPU_PROF_DIR is set: V8's CPU profiler on the main thread from start
// to exit, written to <dir>/CPU.<pid>.cpuprofile. Node refuses --cpu-prof in
// NODE_OPTIONS, and the servers are started by helpers that own their
// command line; the inspector does the same from inside.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import path from 'node:path'

const dir = process.env.BENCH_CPU_PROF_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROF_INTERVAL_US || 200) })
  session.post('Profiler.start')
  process.on('exit', () => {
    // A same-thread inspector session answers synchronously, so this works in 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    })
  })
}
