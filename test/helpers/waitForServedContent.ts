import type { Api } from './api'
import type { PmNode } from './doc'
import { waitUntil } from './wait'

/**
 * Polls `GET /content` until the server serves exactly `expected` (it applies
 * a reconnect's sync step 2 asynchronously) and returns what it served.
 * `describe` words the failure from the last answer.
 */
export async function waitForServedContent(
  api: Api,
  reportId: string,
  expected: PmNode,
  describe: (served: PmNode | undefined) => string,
  intervalMs = 50,
): Promise<PmNode> {
  let served: PmNode | undefined
  await waitUntil(
    async () => {
      const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
      served = res.body
      return res.status === 200 && JSON.stringify(served) === JSON.stringify(expected)
    },
    () => describe(served),
    10_000,
    intervalMs,
  )
  return served!
}
