/**
 * Runs one report's background work (a timer, a room hook, a retry) so that
 * a fault in it stays that report's: whatever it throws, or the promise it
 * returns rejects with, is logged with the report id and counted, never
 * left to escape into the event loop, where an uncaught exception or an
 * unhandled rejection would stop the process and every other report with
 * it. The work is not retried here; the next change or timer runs it again.
 */

/** Faults caught so far, by report id (tests and diagnostics). */
export const reportTaskFaults = new Map<string, number>()

function fault(reportId: string, task: string, err: unknown): void {
  reportTaskFaults.set(reportId, (reportTaskFaults.get(reportId) ?? 0) + 1)
  console.error(`[${task}] report ${reportId}: failed; other reports are not affected:`, err)
}

/** Runs `work` for report `reportId`, catching what it throws (or its promise's rejection); `task` names it in the log. */
export function runReportTask(reportId: string, task: string, work: () => unknown): void {
  try {
    const result = work()
    if (result instanceof Promise) result.catch((err: unknown) => fault(reportId, task, err))
  } catch (err) {
    fault(reportId, task, err)
  }
}
