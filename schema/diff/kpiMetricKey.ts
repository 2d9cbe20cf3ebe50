/** The metric a per-metric KPI key belongs to: `metric.fcr.mom` → `fcr`; undefined for any other KPI (`summary.nps`). */
export const kpiMetricKey = (kpiKey: string): string | undefined => /^metric\.(.+)\.[^.]+$/.exec(kpiKey)?.[1]
