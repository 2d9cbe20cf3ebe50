/**
 * The behaviour every CollabTicketStore must have, as one suite run against
 * each implementation (CollabTickets.contract.test.ts), with an injected clock.
 */
import { describe, expect, it } from 'vitest'
import { TooManyTicketsError, type CollabTicketOptions, type CollabTicketStore } from './CollabTicketStore'

const alice = { userId: 'ualice', tokenVersion: 3, reportId: null }

/** `make` builds a store with these options, fresh (no tickets of earlier tests). */
export function collabTicketsContract(name: string, make: (options: CollabTicketOptions) => CollabTicketStore | Promise<CollabTicketStore>): void {
  describe(`CollabTicketStore contract: ${name}`, () => {
    async function clocked(options: { ttlMs?: number; maxPerUser?: number } = {}) {
      let t = 1_000_000
      const tickets = await make({ ...options, now: () => t })
      return { tickets, advance: (ms: number) => (t += ms) }
    }

    it('a ticket opens once, for its user and token version', async () => {
      const { tickets } = await clocked()
      const { ticket, expiresAt } = await tickets.issue(alice)
      expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(expiresAt).toBe(1_000_000 + 60_000)
      expect(tickets.ttlMs).toBe(60_000)
      expect(await tickets.redeem(ticket, 'rany')).toEqual({ ok: true, grant: alice })
      // Replayed: refused.
      expect(await tickets.redeem(ticket, 'rany')).toEqual({ ok: false, reason: 'unknown' })
    })

    it('forged tickets are unknown', async () => {
      const { tickets } = await clocked()
      expect(await tickets.redeem('x'.repeat(43), 'r1')).toEqual({ ok: false, reason: 'unknown' })
      expect(await tickets.redeem('', 'r1')).toEqual({ ok: false, reason: 'unknown' })
      expect(await tickets.redeem('../*', 'r1')).toEqual({ ok: false, reason: 'unknown' })
    })

    it('expires after its lifetime (60 s by default), by the injected clock', async () => {
      const { tickets, advance } = await clocked()
      const a = (await tickets.issue(alice)).ticket
      const b = (await tickets.issue(alice)).ticket
      advance(59_999)
      expect((await tickets.redeem(a, 'r1')).ok).toBe(true)
      advance(1)
      expect(await tickets.redeem(b, 'r1')).toEqual({ ok: false, reason: 'expired' })
      expect(await tickets.redeem(b, 'r1')).toEqual({ ok: false, reason: 'unknown' })
    })

    it('a ticket bound to a report opens that report only, and a wrong try uses it up', async () => {
      const { tickets } = await clocked()
      const { ticket } = await tickets.issue({ ...alice, reportId: 'rone' })
      expect(await tickets.redeem(ticket, 'rtwo')).toEqual({ ok: false, reason: 'wrong_report' })
      expect(await tickets.redeem(ticket, 'rone')).toEqual({ ok: false, reason: 'unknown' })
      const bound = await tickets.issue({ ...alice, reportId: 'rone' })
      expect(await tickets.redeem(bound.ticket, 'rone')).toEqual({ ok: true, grant: { ...alice, reportId: 'rone' } })
    })

    it('bounds the unused tickets per user; expired ones stop counting', async () => {
      const { tickets, advance } = await clocked({ maxPerUser: 3 })
      for (let i = 0; i < 3; i++) await tickets.issue(alice)
      const err = await tickets.issue(alice).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(TooManyTicketsError)
      expect((err as Error).message).toMatch(/at most 3/)
      // Another user is not affected.
      expect((await tickets.issue({ ...alice, userId: 'ubob' })).ticket).toBeTruthy()
      advance(60_000)
      expect((await tickets.issue(alice)).ticket).toBeTruthy()
    })

    it('a used ticket frees its place at once', async () => {
      const { tickets } = await clocked({ maxPerUser: 1 })
      const { ticket } = await tickets.issue(alice)
      await tickets.redeem(ticket, 'r1')
      expect((await tickets.issue(alice)).ticket).toBeTruthy()
    })

    it('the lifetime is configurable', async () => {
      const { tickets, advance } = await clocked({ ttlMs: 5_000 })
      const { ticket, expiresAt } = await tickets.issue(alice)
      expect(expiresAt).toBe(1_005_000)
      advance(5_000)
      expect(await tickets.redeem(ticket, 'r1')).toEqual({ ok: false, reason: 'expired' })
    })
  })
}
