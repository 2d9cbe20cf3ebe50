import { describe, expect, it } from 'vitest'
import { META_VERSION, migrateMeta } from './migrateMeta'

describe('migrateMeta', () => {
  it('version 1 → 2: every existing user is active (deactivation is new)', () => {
    const v1 = { version: 1, users: [{ id: 'u1', username: 'a' }, { id: 'u2', username: 'b', active: false }], reports: [], members: [], audit: [] }
    const { data, changed } = migrateMeta(v1)
    expect(changed).toBe(true)
    expect(data.version).toBe(META_VERSION)
    expect(data.users.map((u) => u.active)).toEqual([true, false])
  })

  it('an empty file gets the whole current shape', () => {
    const { data } = migrateMeta(undefined)
    expect(data).toMatchObject({ version: META_VERSION, users: [], reports: [], members: [], audit: [] })
  })
})
