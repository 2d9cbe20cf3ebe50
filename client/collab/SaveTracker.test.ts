import { describe, expect, it } from 'vitest'
import { SaveTracker } from './SaveTracker'

describe('SaveTracker', () => {
  it('says saved only after the server acknowledged the last write sent', () => {
    const t = new SaveTracker()
    expect(t.status).toBe('connecting')
    t.socketOpened()
    t.step2Sent() // write 1
    expect(t.status).toBe('saving')
    t.saved(1)
    expect(t.status).toBe('saved')
    t.updateSent() // write 2
    t.updateSent() // write 3
    t.saved(2)
    expect(t.status).toBe('saving')
    t.saved(3)
    expect(t.status).toBe('saved')
  })

  it('keeps unacknowledged and offline changes unsaved until the next socket’s sync step 2 is acknowledged', () => {
    const t = new SaveTracker()
    t.socketOpened()
    t.updateSent()
    t.socketClosed() // closed before the ack
    expect(t.status).toBe('offline-unsaved')
    t.socketOpened()
    expect(t.status).toBe('saving') // counts restart, but the change still waits
    t.updateSent() // an update sent before step 2 does not cover the lost change
    t.saved(1)
    expect(t.status).toBe('saving')
    t.step2Sent()
    t.saved(2)
    expect(t.status).toBe('saved')

    t.socketClosed()
    expect(t.status).toBe('offline')
    t.localChange()
    expect(t.status).toBe('offline-unsaved')
  })

  it('says offline, not connecting, once a first connection attempt failed', () => {
    const t = new SaveTracker()
    t.socketClosed()
    expect(t.status).toBe('offline')
  })

  it('says 已存在本机 only while every offline change is stored in the local copy, and warns on unload otherwise', () => {
    const t = new SaveTracker()
    t.localCopyOpened()
    t.socketOpened()
    t.step2Sent()
    t.saved(1)
    t.socketClosed()
    const first = t.localChange()
    expect(t.status).toBe('offline-unsaved') // not stored yet
    expect(t.atRisk).toBe(true)
    t.localStoredUpTo(first)
    expect(t.status).toBe('offline-kept')
    expect(t.atRisk).toBe(false)
    const second = t.localChange()
    expect(t.status).toBe('offline-unsaved')
    t.localStoredUpTo(second)
    expect(t.status).toBe('offline-kept')

    t.localCopyLost() // quota, storage blocked: nothing is kept any more
    expect(t.status).toBe('offline-unsaved')
    expect(t.atRisk).toBe(true)

    // Back online: saving, then saved, and nothing at risk.
    t.socketOpened()
    t.step2Sent()
    expect(t.atRisk).toBe(true)
    t.saved(1)
    expect(t.status).toBe('saved')
    expect(t.atRisk).toBe(false)
  })

  it('counts changes restored from the local copy as unsaved (but kept) until a sync step 2 is acknowledged', () => {
    const t = new SaveTracker()
    t.restoredUnsynced()
    t.localCopyOpened()
    t.socketClosed() // the server is unreachable after the reload
    expect(t.status).toBe('offline-kept')
    t.socketOpened()
    t.step2Sent()
    expect(t.status).toBe('saving')
    t.saved(1)
    expect(t.status).toBe('saved')
  })

  it('reports refused and failed writes instead of saved', () => {
    const t = new SaveTracker()
    t.socketOpened()
    t.updateSent()
    t.notSaved('storage_failed')
    expect(t.status).toBe('not-saved')
    t.saved(1) // recovered: the snapshot covered it
    expect(t.status).toBe('saved')
    t.updateSent()
    t.notSaved('read_only')
    expect(t.status).toBe('refused')
    expect(t.atRisk).toBe(false) // refused for good: a warning on unload cannot save them
    const locked = new SaveTracker()
    locked.socketOpened()
    locked.updateSent()
    locked.notSaved('locked')
    expect(locked.status).toBe('locked')
  })
})
