/**
 * One metrics push over HTTP (`PUT /api/reports/:id/metrics` or
 * `PUT /api/series/:series/periods/:period/metrics`, schema/api/metricsApi.ts)
 * with an API token, and what came of it: applied (the server's answer),
 * refused by the server (any 4xx: its error code, message and details), or
 * failed (network, timeout, 5xx, an answer that is not the contract's).
 */
import type { MetricsPush, MetricsPushResult } from '../../schema/api/metricsApi'

export type PushTarget = { reportId: string } | { series: string; period: string }

export type PushOutcome =
  | { kind: 'applied'; result: MetricsPushResult }
  | { kind: 'refused'; status: number; code: string; message: string; details?: unknown }
  | { kind: 'failed'; message: string }

/** The path of the push endpoint for a target. */
export function pushPath(target: PushTarget): string {
  return 'reportId' in target
    ? `/api/reports/${encodeURIComponent(target.reportId)}/metrics`
    : `/api/series/${encodeURIComponent(target.series)}/periods/${encodeURIComponent(target.period)}/metrics`
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')

export async function sendMetricsPush(baseUrl: string, token: string, target: PushTarget, body: MetricsPush, timeoutMs = 60_000): Promise<PushOutcome> {
  const url = baseUrl.replace(/\/+$/, '') + pushPath(target)
  let res: Response
  let text: string
  try {
    res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'ops-report-cli' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
    text = await res.text()
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return { kind: 'failed', message: `${url}: ${err instanceof Error ? err.message : String(err)}${cause}` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (res.status >= 400 && res.status < 500) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error
    return {
      kind: 'refused',
      status: res.status,
      code: typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      message: typeof error?.message === 'string' ? error.message : text.slice(0, 500),
      ...(error?.details !== undefined ? { details: error.details } : {}),
    }
  }
  if (res.status !== 200) return { kind: 'failed', message: `${url}: HTTP ${res.status} ${text.slice(0, 500)}` }
  const result = json as Partial<MetricsPushResult> | undefined
  if (!result || typeof result.reportId !== 'string' || !isStrings(result.updated) || !isStrings(result.created) || !isStrings(result.unchanged)) {
    return { kind: 'failed', message: `${url}: an answer that is not a push result: ${text.slice(0, 500)}` }
  }
  return { kind: 'applied', result: result as MetricsPushResult }
}
