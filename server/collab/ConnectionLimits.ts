/**
 * Caps on open collaboration sockets, per user and per report, checked
 * before a room is loaded: one user (or a stolen token) cannot exhaust the
 * server's sockets or memory, and one report cannot take them all.
 */
export class ConnectionLimits {
  private readonly perUser = new Map<string, number>()
  private readonly perReport = new Map<string, number>()

  constructor(private readonly limits: { perUser: number; perReport: number }) {}

  /** Counts a new connection, or says which cap it would pass. */
  admit(userId: string, reportId: string): 'ok' | 'user' | 'report' {
    if ((this.perUser.get(userId) ?? 0) >= this.limits.perUser) return 'user'
    if ((this.perReport.get(reportId) ?? 0) >= this.limits.perReport) return 'report'
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1)
    this.perReport.set(reportId, (this.perReport.get(reportId) ?? 0) + 1)
    return 'ok'
  }

  release(userId: string, reportId: string): void {
    const dec = (map: Map<string, number>, key: string) => {
      const n = (map.get(key) ?? 1) - 1
      if (n <= 0) map.delete(key)
      else map.set(key, n)
    }
    dec(this.perUser, userId)
    dec(this.perReport, reportId)
  }
}
