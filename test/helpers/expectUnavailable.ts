/**
 * Asserts the refusal a Redis-backed piece (login throttle, quotas) answers
 * while Redis cannot be reached: a RetryLaterError, 503 `unavailable`,
 * Retry-After 1 s, never the attempt let through.
 */
import { expect } from 'vitest'
import { RetryLaterError } from '../../server/errors'

export async function expectUnavailable(attempt: () => unknown): Promise<void> {
  const refused = await Promise.resolve(attempt()).then(
    () => null,
    (err: unknown) => err,
  )
  expect(refused).toBeInstanceOf(RetryLaterError)
  expect(refused).toMatchObject({ status: 503, code: 'unavailable', retryAfterSeconds: 1 })
}
