// The reference: y-websocket 1.5.4's own server code (`setupWSConnection`),
// in memory, behind a bare http + ws server. Run as its own process so its CPU
// is measured apart from the load generator. Prints "listening on <port>".
'use strict'
const http = require('node:http')
const { WebSocketServer } = require('ws')
const { setupWSConnection } = require('y-websocket-server-ref/bin/utils')

const port = Number(process.env.PORT || 0)
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('reference y-websocket server\n')
})
const wss = new WebSocketServer({ noServer: true })
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const docName = new URL(req.url, 'http://localhost').pathname.slice(1)
    setupWSConnection(ws, req, { docName })
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
