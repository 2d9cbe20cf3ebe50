/** The key prefix of the KPIs a KPI block of this scope shows: the summary, or one metric's values (as the server writes them). */
export function kpiScopePrefix(scope: string | null | undefined): string {
  return !scope || scope === 'summary' ? 'summary.' : `metric.${scope}.`
}
