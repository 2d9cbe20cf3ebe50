/**
 * One group-commit window for every report of a store. The first append
 * anywhere opens it; when it closes, every report that appended meanwhile
 * starts its write. With 200 reports being typed in, the server wakes once
 * per window for all of them instead of once per report, and their writes
 * go to the thread pool together. A report's changes wait at most one window,
 * as before; they may wait less (the window was already open).
 */
export class CommitWindow {
  private waiting: (() => void)[] = []
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly ms: number) {}

  /** False for a window of 0: each write starts at once (callers queue it synchronously). */
  get open(): boolean {
    return this.ms > 0
  }

  /** Resolves when the current window closes. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve)
      this.timer ??= setTimeout(this.close, this.ms)
    })
  }

  private readonly close = (): void => {
    this.timer = null
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}
