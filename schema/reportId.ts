/**
 * Report ids are made by the server (`r` + 20 lowercase base32 characters)
 * and become folder names on disk, so anything else is refused before it can
 * reach the file system.
 */
export const REPORT_ID_PATTERN = /^r[a-z2-7]{20}$/

export function isReportId(value: string): boolean {
  return REPORT_ID_PATTERN.test(value)
}
