/**
 * Every open collaboration socket, by user, so that a change of who may
 * read a report (a member removed, a user deactivated, tokens revoked) ends
 * the sockets it concerns at once instead of on their next frame.
 *
 * What a socket may keep doing is decided by one function, `socketVerdict`:
 * the same rule the socket checks on its frames (collabRoute) and the one
 * applied here when a REST call changes access.
 */
import { CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED } from '@schema/wire'
import { isCurrentToken } from '../auth/authenticate'
import type { MetaStore } from '../meta/MetaStore'
import { isArchived } from '../reports/archivedReport'
import { effectiveRole } from '../reports/effectiveRole'

/** One open socket: whose, on which report, with which token version, and how to close it. */
export interface OpenSocket {
  userId: string
  reportId: string
  tokenVersion: number
  close(code: number, reason: string): void
}

/** Why a socket of `userId` with a token of `tokenVersion` may no longer stay on `reportId`, or null while it may. */
export function socketVerdict(
  meta: MetaStore,
  socket: Pick<OpenSocket, 'userId' | 'reportId' | 'tokenVersion'>,
): { code: number; reason: string } | null {
  const user = meta.userById(socket.userId)
  if (!user) return { code: CLOSE_UNAUTHORIZED, reason: 'user removed' }
  if (!user.active) return { code: CLOSE_UNAUTHORIZED, reason: 'account deactivated' }
  if (!isCurrentToken(user, socket.tokenVersion)) return { code: CLOSE_UNAUTHORIZED, reason: 'token revoked' }
  if (!effectiveRole(meta, socket.reportId, user)) return { code: CLOSE_FORBIDDEN, reason: 'no longer a member of this report' }
  const report = meta.report(socket.reportId)
  if (!report || isArchived(report)) return { code: CLOSE_NOT_FOUND, reason: 'report archived' }
  return null
}

export class OpenSockets {
  private readonly byUser = new Map<string, Set<OpenSocket>>()

  constructor(private readonly meta: MetaStore) {}

  add(socket: OpenSocket): void {
    let set = this.byUser.get(socket.userId)
    if (!set) this.byUser.set(socket.userId, (set = new Set()))
    set.add(socket)
  }

  remove(socket: OpenSocket): void {
    const set = this.byUser.get(socket.userId)
    if (!set?.delete(socket)) return
    if (set.size === 0) this.byUser.delete(socket.userId)
  }

  /** Checks every open socket on `reportId` again (e.g. once it is archived) and closes those no longer allowed. */
  recheckReport(reportId: string): number {
    let closed = 0
    for (const userId of [...this.byUser.keys()]) {
      if ([...this.byUser.get(userId)!].some((s) => s.reportId === reportId)) closed += this.recheck(userId)
    }
    return closed
  }

  /**
   * Checks every open socket again: another process changed who may read
   * what (cluster mode), and this process learns it from the metadata it
   * reads in, not from the REST call.
   */
  recheckAll(): number {
    let closed = 0
    for (const userId of [...this.byUser.keys()]) closed += this.recheck(userId)
    return closed
  }

  /** Checks every open socket of `userId` again and closes those no longer allowed; returns how many were closed. */
  recheck(userId: string): number {
    const set = this.byUser.get(userId)
    if (!set) return 0
    let closed = 0
    for (const socket of [...set]) {
      const verdict = socketVerdict(this.meta, socket)
      if (!verdict) continue
      this.remove(socket)
      socket.close(verdict.code, verdict.reason)
      closed++
    }
    return closed
  }
}
