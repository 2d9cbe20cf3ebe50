/**
 * The token secret kept in DATA_DIR/secret.key is held to the same rule as
 * TOKEN_SECRET (at least 32 characters): a short or empty key file stops the
 * boot with a message naming the file, instead of signing tokens anyone can
 * forge after guessing the key offline.
 */
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { sign } from 'hono/jwt'
import { afterEach, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, tempDataDir, type TestServer } from './helpers/startServer'

let server: TestServer | undefined
const dirs: string[] = []

afterEach(async () => {
  await stopAndRemove(server)
  server = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('DATA_DIR/secret.key at boot', () => {
  for (const [name, key] of [
    ['3 characters', 'abc'],
    ['31 characters', 'k'.repeat(31)],
    ['only whitespace', ' \n\t\n'],
  ] as const) {
    it(`refuses to start with a key of ${name}, naming the file`, async () => {
      const dataDir = tempDataDir()
      dirs.push(dataDir)
      writeFileSync(path.join(dataDir, 'secret.key'), key)
      const error = await startServer({ dataDir }).then(
        (s) => {
          server = s
          return null
        },
        (err: Error) => err,
      )
      expect(error?.message).toMatch(/secret\.key holds \d+ characters; a token secret needs at least 32/)
    })
  }

  it('starts with a key of 32 characters and signs with it', async () => {
    const dataDir = tempDataDir()
    const key = 'a-kept-secret-of-32-characters!!'
    expect(key).toHaveLength(32)
    writeFileSync(path.join(dataDir, 'secret.key'), `${key}\n`)
    server = await startServer({ dataDir })
    const admin = await Api.login(server.url)
    const me = await admin.call<{ id: string }>('GET', '/api/auth/me')
    expect(me.status).toBe(200)
    // A token signed with the file's key (same claims shape) is accepted: the file's key is the one in use.
    const now = Math.floor(Date.now() / 1000)
    const forged = await sign({ sub: me.body.id, tv: 0, iat: now, exp: now + 60 }, key, 'HS256')
    expect((await new Api(server.url, forged).call('GET', '/api/auth/me')).status).toBe(200)
  })
})
