/**
 * A report body that passes the publish check for any period: the demo
 * report, with its due dates and deadlines moved into the period after
 * `period`, and metric values overridden by key.
 */
import type { JSONContent } from '@tiptap/core'
import { nextPeriod } from '@schema/time/dates'
import { demoReportContent } from '../../server/demo/demoReportContent'


export function publishableReport(period: string, currents: Record<string, string> = {}): JSONContent {
  const body = demoReportContent()
  const next = nextPeriod(period)
  if (!next) throw new RangeError(`publishableReport: period must be YYYY-MM, got ${JSON.stringify(period)}`)
  const visit = (n: JSONContent) => {
    const a = n.attrs as Record<string, unknown> | undefined
    if (a) {
      for (const f of ['due', 'deadline']) if (typeof a[f] === 'string') a[f] = (a[f] as string).replace(/^\d{4}-\d{2}/, next)
      if (n.type === 'metricRow' && typeof a.key === 'string' && a.key in currents) a.current = currents[a.key]
    }
    n.content?.forEach(visit)
  }
  visit(body)
  return body
}
