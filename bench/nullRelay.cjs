// The null relay: the physical limit of this machine for the fan-out. A plain
// `ws` server that forwards every frame unchanged to the other sockets of the
// same room (URL path) and does nothing else — no Yjs, no state, no answers:
// clients do not sync with it (lib/framing.ts `relay`). Run as its own
// process, pinned like the servers. Prints "listening on <port>".
'use strict'
const http = require('node:http')
const { WebSocketServer } = require('ws')

const port = Number(process.env.PORT || 0)
/** room path → its sockets */
const rooms = new Map()
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('null relay\n')
})
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const name = new URL(req.url, 'http://localhost').pathname
    let room = rooms.get(name)
    if (!room) rooms.set(name, (room = new Set()))
    room.add(ws)
    ws.on('message', (data, isBinary) => {
      for (const other of room) if (other !== ws) other.send(data, { binary: isBinary })
    })
    ws.on('close', () => {
      room.delete(ws)
      if (room.size === 0) rooms.delete(name)
    })
    ws.on('error', () => ws.terminate())
  })
})
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`)
})
const stop = () => {
  for (const ws of wss.clients) ws.terminate()
  server.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
