import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import { AwarenessTable, encodeAwarenessEntries } from './AwarenessTable'

const cursor = (n: number) => JSON.stringify({ cursor: n })

describe('AwarenessTable', () => {
  it('follows y-protocols: a newer clock wins, an older one is stale, the same state again is a renewal', () => {
    const t = new AwarenessTable()
    expect(t.apply(7, 1, cursor(1), 0)).toBe('changed')
    expect(t.apply(7, 2, cursor(1), 0)).toBe('renewed')
    expect(t.apply(7, 3, cursor(2), 0)).toBe('changed')
    expect(t.apply(7, 2, cursor(9), 0)).toBe('stale')
    expect(t.apply(7, 3, cursor(9), 0)).toBe('stale') // same clock, not a removal
    expect(t.getStates().get(7)).toEqual({ cursor: 2 })
    expect(t.apply(7, 3, 'null', 0)).toBe('changed') // a removal at the same clock counts
    expect(t.has(7)).toBe(false)
  })

  it('removes a leaver with clock + 1, and joiners get only states renewed in the last 30 s', () => {
    const t = new AwarenessTable()
    t.apply(1, 4, cursor(1), 0)
    t.apply(2, 1, cursor(2), 20_000)
    expect(t.remove([1, 99])).toEqual([[1, 5, 'null']])
    expect(t.has(1)).toBe(false)
    t.apply(3, 1, cursor(3), 0)
    // A y-protocols client reads what a joiner is sent: client 3 went quiet 40 s ago.
    const joiner = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(joiner, t.encodeCurrent(40_000)!, 'server')
    expect([...joiner.getStates().keys()].sort()).toEqual([2, joiner.clientID].sort())
    expect(joiner.getStates().get(2)).toEqual({ cursor: 2 })
    joiner.destroy()
    expect(new AwarenessTable().encodeCurrent()).toBeNull()
  })

  it('encodes entries exactly as y-protocols does', () => {
    const source = new awarenessProtocol.Awareness(new Y.Doc())
    source.setLocalState({ cursor: 5, user: { name: '张三' } })
    const id = source.clientID
    const clock = source.meta.get(id)!.clock
    expect(encodeAwarenessEntries([[id, clock, JSON.stringify(source.getLocalState())]])).toEqual(awarenessProtocol.encodeAwarenessUpdate(source, [id]))
    source.destroy()
  })
})
