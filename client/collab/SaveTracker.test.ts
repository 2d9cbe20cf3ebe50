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
    t.localChangeOffline()
    expect(t.status).toBe('offline-unsaved')
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
  })
})
