/**
 * The title of next period's report: the period in the title moves on
 * (`2026年10月 运营服务月报` → `2026年11月 运营服务月报`, `2026-10` → `2026-11`);
 * a title without it is kept as it is.
 */
export function nextReportTitle(title: string, period: string, next: string): string {
  const [y, m] = period.split('-')
  const [ny, nm] = next.split('-')
  const forms: [string, string][] = [
    [`${y}年${Number(m)}月`, `${ny}年${Number(nm)}月`],
    [`${y}年${m}月`, `${ny}年${nm}月`],
    [period, next],
  ]
  for (const [from, to] of forms) if (title.includes(from)) return title.replace(from, to)
  return title
}
