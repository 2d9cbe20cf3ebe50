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

  it('version 2 → 3: every existing report is live (archiving is new), an archived one stays archived', () => {
    const archived = { at: '2026-12-01T00:00:00.000Z', by: 'u1' }
    const v2 = { version: 2, users: [], reports: [{ id: 'r1' }, { id: 'r2', archived }], members: [], audit: [] }
    const { data, changed } = migrateMeta(v2)
    expect(changed).toBe(true)
    expect(data.version).toBe(3)
    expect(data.reports.map((r) => r.archived)).toEqual([null, archived])
  })

  it('an empty file gets the whole current shape', () => {
    const { data } = migrateMeta(undefined)
    expect(data).toMatchObject({ version: META_VERSION, users: [], reports: [], members: [], audit: [] })
  })
})
