import { RetryLaterError } from '../errors'

/**
 * Runs at most `concurrency` jobs at once; up to `maxWaiting` more wait in
 * order; beyond that a job is refused at once with 503 + Retry-After instead
 * of piling up (a flood then costs a refusal, not memory and latency).
 */
export class WorkQueue {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
    private readonly retryAfterSeconds = 1,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new RetryLaterError(503, 'busy', 'The server is busy checking passwords; try again in a moment.', this.retryAfterSeconds)
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.active++
    }
    try {
      return await job()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next waiter (active stays), or is freed.
      if (next) next()
      else this.active--
    }
  }

  /** Jobs running and waiting now. */
  stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length }
  }
}
