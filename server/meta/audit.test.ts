/**
 * audit(): the one writer of audit entries. It fills `at`, keeps what it is
 * given and nothing else; the server writes no entry by hand and no action
 * outside AUDIT_ACTIONS (checked in the types and in the sources here).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ACTIVITY_ACTIONS } from '@schema/api/activityApi'
import { audit, AUDIT_ACTIONS, type AuditAction, type AuditInput } from './audit'
import type { AuditEntry } from './MetaStore'

const serverDir = path.resolve(__dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

describe('audit()', () => {
  it('fills `at` with now, keeps report and detail, and appends', () => {
    const data = { audit: [] as AuditEntry[] }
    const now = () => new Date('2026-11-05T08:00:00.000Z')
    const entry = audit(data, { userId: 'u1', action: 'report.unlock', reportId: 'r1', detail: { reason: 'typo' } }, now)
    expect(entry).toEqual({ at: '2026-11-05T08:00:00.000Z', userId: 'u1', action: 'report.unlock', reportId: 'r1', detail: { reason: 'typo' } })
    expect(Object.keys(entry)).toEqual(['at', 'userId', 'action', 'reportId', 'detail']) // the order meta.json always had
    expect(data.audit).toEqual([entry])
  })

  it("keeps a caller's own moment and writes no empty keys", () => {
    const data = { audit: [] as AuditEntry[] }
    audit(data, { at: '2026-10-31T23:59:59.000Z', userId: 'u2', action: 'user.password.change' })
    expect(data.audit).toEqual([{ at: '2026-10-31T23:59:59.000Z', userId: 'u2', action: 'user.password.change' }])
    expect(Object.keys(data.audit[0]!)).toEqual(['at', 'userId', 'action'])
  })

  it('defaults `at` to the real clock', () => {
    const data = { audit: [] as AuditEntry[] }
    const before = Date.now()
    const { at } = audit(data, { userId: 'u1', action: 'report.archive', reportId: 'r1' })
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(at)).toBeLessThanOrEqual(Date.now())
  })

  it('types the actions: the activity list is part of the one list; report actions need a report', () => {
    expectTypeOf<(typeof ACTIVITY_ACTIONS)[number]>().toExtend<AuditAction>()
    expectTypeOf<(typeof AUDIT_ACTIONS)[number]>().toEqualTypeOf<AuditAction>()
    // @ts-expect-error: not an action the server writes
    const unknownAction: AuditInput = { userId: 'u1', action: 'report.delete', reportId: 'r1' }
    // @ts-expect-error: a report action without its report
    const noReport: AuditInput = { userId: 'u1', action: 'report.publish' }
    // @ts-expect-error: an account action is about no report
    const withReport: AuditInput = { userId: 'u1', action: 'user.password.change', reportId: 'r1' }
    void [unknownAction, noReport, withReport]
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length)
  })

  it('is the only writer: no entry is pushed by hand and every action written is in AUDIT_ACTIONS', () => {
    const written = new Set<string>()
    for (const file of sources(serverDir)) {
      const text = readFileSync(file, 'utf8')
      if (path.basename(file) !== 'audit.ts') expect(text, path.relative(serverDir, file)).not.toMatch(/\baudit\.push\(/)
      for (const call of text.matchAll(/\baudit\(data, \{[\s\S]*?\}\)/g)) {
        for (const m of call[0].matchAll(/'((?:report|member|user)\.[\w.]+)'/g)) written.add(m[1]!)
      }
    }
    expect(written.size).toBeGreaterThanOrEqual(12)
    for (const action of written) expect(AUDIT_ACTIONS as readonly string[]).toContain(action)
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort())
  })
})
