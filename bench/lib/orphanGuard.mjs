// Preloaded into benchmark servers (NODE_OPTIONS=--import): a server whose
// benchmark process died (even by SIGKILL) stops itself instead of lingering.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM')
}, 1000).unref()
