export { kpiStale } from '@schema/kpi/kpiFreshness'
