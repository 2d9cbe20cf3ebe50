import type { Context } from 'hono'
import type { ApiTokenScope } from '@schema/api/tokensApi'
import { AppError } from '../errors'
import type { AppEnv } from '../http/AppEnv'

/** Whether a report (its id and series) is inside a token's scope: named, or of a named series. */
export function inTokenScope(scope: ApiTokenScope, report: { id: string; series: string }): boolean {
  return (scope.reports ?? []).includes(report.id) || (scope.series ?? []).includes(report.series)
}

export const outOfScope = () => new AppError(403, 'out_of_scope', 'This report is outside the API token’s scope.')

/**
 * For a request made with an API token: 403 `out_of_scope` unless `report`
 * is in the token's scope. A request of a signed-in user passes.
 * `report` undefined (unknown) is out of scope: a token learns nothing of reports outside it.
 */
export function requireTokenScope(c: Context<AppEnv>, report: { id: string; series: string } | undefined): void {
  const token = c.var.apiToken
  if (!token) return
  if (!report || !inTokenScope(token.scope, report)) throw outOfScope()
}
