// Hocuspocus 3.x (@hocuspocus/server) as a peer, with its Database extension
// (@hocuspocus/extension-database) storing documents in SQLite through sql.js
// (SQLite compiled to wasm: no native build). Server defaults otherwise,
// notably the store debounce (2 s after the last change, at most 10 s).
//
// sql.js keeps a database in memory and can only write it out whole, so each
// document has its own database file (DB_DIR/<name>.sqlite): a store then
// writes about what SQLite itself would for one document's row (its pages),
// and never the other documents'. The table and statements are those of
// @hocuspocus/extension-sqlite. Files are replaced atomically (temp + rename,
// as SQLite's journal makes a commit atomic) but, like the peers in general,
// without fsync. Prints "listening on <port>".
'use strict'
const { mkdirSync, readFileSync, existsSync } = require('node:fs')
const { writeFile, rename } = require('node:fs/promises')
const path = require('node:path')
const { Server } = require('@hocuspocus/server')
const { Database } = require('@hocuspocus/extension-database')
const initSqlJs = require('sql.js')

const SCHEMA = 'CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))'
const SELECT = 'SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC'
const UPSERT = 'INSERT INTO "documents" ("name", "data") VALUES ($name, $data) ON CONFLICT(name) DO UPDATE SET data = $data'

async function main() {
  const dir = process.env.DB_DIR
  if (!dir) throw new Error('DB_DIR is required')
  mkdirSync(dir, { recursive: true })
  const SQL = await initSqlJs()
  const fileOf = (name) => path.join(dir, `${encodeURIComponent(name)}.sqlite`)
  const open = (name) => {
    const file = fileOf(name)
    const db = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database()
    db.run(SCHEMA)
    return db
  }
  const server = new Server({
    port: Number(process.env.PORT || 0),
    address: '127.0.0.1',
    quiet: true,
    extensions: [
      new Database({
        fetch: async ({ documentName }) => {
          if (!existsSync(fileOf(documentName))) return null
          const db = open(documentName)
          try {
            const rows = db.exec(SELECT, { $name: documentName })
            return rows[0]?.values[0]?.[0] ?? null
          } finally {
            db.close()
          }
        },
        store: async ({ documentName, state }) => {
          const db = open(documentName)
          let bytes
          try {
            db.run(UPSERT, { $name: documentName, $data: state })
            bytes = db.export()
          } finally {
            db.close()
          }
          const file = fileOf(documentName)
          await writeFile(`${file}.tmp`, bytes)
          await rename(`${file}.tmp`, file)
        },
      }),
    ],
  })
  await server.listen()
  console.log(`listening on ${server.address.port}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
