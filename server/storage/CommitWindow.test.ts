import { afterEach, describe, expect, it, vi } from 'vitest'
import { CommitWindow } from './CommitWindow'

afterEach(() => vi.useRealTimers())

describe('CommitWindow', () => {
  it('is one window for every caller: the first opens it, all wake together when it closes, the next call opens another', async () => {
    vi.useFakeTimers()
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const w = new CommitWindow(50)
    const woke: string[] = []
    void w.next().then(() => woke.push('report A'))
    vi.advanceTimersByTime(30)
    void w.next().then(() => woke.push('report B')) // joins the open window
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(19)
    expect(woke).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(woke).toEqual(['report A', 'report B'])
    void w.next().then(() => woke.push('report A again'))
    expect(setTimeoutSpy).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(50)
    expect(woke.at(-1)).toBe('report A again')
  })

  it('a window of 0 is closed: writes start at once', () => {
    expect(new CommitWindow(0).open).toBe(false)
    expect(new CommitWindow(50).open).toBe(true)
  })
})
