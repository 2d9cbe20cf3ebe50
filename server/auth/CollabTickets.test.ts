import { describe, expect, it } from 'vitest'
import { CollabTickets } from './CollabTickets'

const alice = { userId: 'ualice', tokenVersion: 3, reportId: null }

function clocked(options: { ttlMs?: number; maxPerUser?: number } = {}) {
  let t = 1_000_000
  const tickets = new CollabTickets({ ...options, now: () => t })
  return { tickets, advance: (ms: number) => (t += ms) }
}

describe('CollabTickets', () => {
  it('a ticket opens once, for its user and token version', () => {
    const { tickets } = clocked()
    const { ticket, expiresAt } = tickets.issue(alice)
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(expiresAt).toBe(1_000_000 + 60_000)
    expect(tickets.redeem(ticket, 'rany')).toEqual({ ok: true, grant: alice })
    // Replayed: refused.
    expect(tickets.redeem(ticket, 'rany')).toEqual({ ok: false, reason: 'unknown' })
    expect(tickets.size).toBe(0)
  })

  it('expires after its lifetime (60 s by default), by the injected clock', () => {
    const { tickets, advance } = clocked()
    const a = tickets.issue(alice).ticket
    const b = tickets.issue(alice).ticket
    advance(59_999)
    expect(tickets.redeem(a, 'r1').ok).toBe(true)
    advance(1)
    expect(tickets.redeem(b, 'r1')).toEqual({ ok: false, reason: 'expired' })
  })

  it('a ticket bound to a report opens that report only, and a wrong try uses it up', () => {
    const { tickets } = clocked()
    const { ticket } = tickets.issue({ ...alice, reportId: 'rone' })
    expect(tickets.redeem(ticket, 'rtwo')).toEqual({ ok: false, reason: 'wrong_report' })
    expect(tickets.redeem(ticket, 'rone')).toEqual({ ok: false, reason: 'unknown' })
  })

  it('bounds the unused tickets per user; expired ones stop counting', () => {
    const { tickets, advance } = clocked({ maxPerUser: 3 })
    for (let i = 0; i < 3; i++) tickets.issue(alice)
    expect(() => tickets.issue(alice)).toThrow(/at most 3/)
    // Another user is not affected.
    expect(tickets.issue({ ...alice, userId: 'ubob' }).ticket).toBeTruthy()
    advance(60_000)
    expect(tickets.size).toBe(0)
    expect(tickets.issue(alice).ticket).toBeTruthy()
  })

  it('a used ticket frees its place at once', () => {
    const { tickets } = clocked({ maxPerUser: 1 })
    const { ticket } = tickets.issue(alice)
    tickets.redeem(ticket, 'r1')
    expect(tickets.issue(alice).ticket).toBeTruthy()
  })
})
