/**
 * The room's record of everyone's awareness state (caret, name, colour), kept
 * as the JSON text it is relayed as. y-protocols' Awareness would parse each
 * state again after the room has parsed, checked and re-encoded it, emit
 * events nobody on the server listens to, and run a timer per room; this keeps
 * only what the server needs: the latest clock and state of each client id,
 * with y-protocols' rules for which update wins.
 */
import * as encoding from 'lib0/encoding'

/** y-protocols' outdatedTimeout: a state not renewed for this long is no longer shown to joiners. */
const OUTDATED_MS = 30_000

/** One awareness entry as the wire carries it: client id, clock, state as JSON (`'null'`: gone). */
export type AwarenessEntry = [clientId: number, clock: number, state: string]

interface Slot {
  clock: number
  /** The state as JSON. */
  state: string
  updatedAt: number
}

/** An awareness update (the y-protocols encoding) of these entries. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(e, clientId)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, state)
  }
  return encoding.toUint8Array(e)
}

export class AwarenessTable {
  private readonly slots = new Map<number, Slot>()

  /**
   * Applies one entry. 'stale': an older clock, ignored (y-protocols' rule: a
   * newer clock wins; at the same clock only a removal of a present state).
   * 'renewed': the same state again under a newer clock (clients renew every
   * 15 s). 'changed': anything else, including a removal.
   */
  apply(clientId: number, clock: number, state: string, now = performance.now()): 'stale' | 'renewed' | 'changed' {
    const slot = this.slots.get(clientId)
    const removal = state === 'null'
    if (slot && !(slot.clock < clock || (slot.clock === clock && removal))) return 'stale'
    if (removal) {
      // Forgotten, not kept as a tombstone: the room frees the id for anyone,
      // so ids set and removed in a loop cannot grow this map.
      this.slots.delete(clientId)
      return 'changed'
    }
    const renewed = slot?.state === state
    this.slots.set(clientId, { clock, state, updatedAt: now })
    return renewed ? 'renewed' : 'changed'
  }

  has(clientId: number): boolean {
    return this.slots.has(clientId)
  }

  /** Removes these clients' states; the entries to tell the others (clock + 1, null), as y-protocols does. */
  remove(clientIds: Iterable<number>): AwarenessEntry[] {
    const out: AwarenessEntry[] = []
    for (const clientId of clientIds) {
      const slot = this.slots.get(clientId)
      if (!slot) continue
      this.slots.delete(clientId)
      out.push([clientId, slot.clock + 1, 'null'])
    }
    return out
  }

  /** The present states of these clients, as entries. */
  entries(clientIds: Iterable<number>): AwarenessEntry[] {
    const out: AwarenessEntry[] = []
    for (const clientId of clientIds) {
      const slot = this.slots.get(clientId)
      if (slot) out.push([clientId, slot.clock, slot.state])
    }
    return out
  }

  /** Every present state renewed within the last 30 s, for a joiner (null when there is none). */
  encodeCurrent(now = performance.now()): Uint8Array | null {
    const entries: AwarenessEntry[] = []
    for (const [clientId, slot] of this.slots) {
      if (now - slot.updatedAt < OUTDATED_MS) entries.push([clientId, slot.clock, slot.state])
    }
    return entries.length > 0 ? encodeAwarenessEntries(entries) : null
  }

  /** The present states, parsed (for tests and diagnostics; the hot path never parses twice). */
  getStates(): Map<number, unknown> {
    const out = new Map<number, unknown>()
    for (const [clientId, slot] of this.slots) out.set(clientId, JSON.parse(slot.state))
    return out
  }
}
