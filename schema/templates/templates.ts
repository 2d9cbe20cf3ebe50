import type { ReportTemplate } from './ReportTemplate'
import { monthlyOps } from './monthlyOps'

/** Every template by key. A team adds one by adding a file and a line here. */
export const templates: Readonly<Record<string, ReportTemplate>> = {
  [monthlyOps.key]: monthlyOps,
}

export const DEFAULT_TEMPLATE = monthlyOps.key
