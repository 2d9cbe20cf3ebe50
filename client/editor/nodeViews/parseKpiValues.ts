export { parseKpiValues, type KpiEntry } from '@schema/kpi/kpiFreshness'
