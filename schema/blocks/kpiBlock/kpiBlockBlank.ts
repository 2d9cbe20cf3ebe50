import type { BlockBlank } from '../../templates/BlockBlank'
import { kpiBlockJson } from './kpiBlockJson'

/** A new KPI card showing the summary (the server fills in its values). */
export const kpiBlockBlank: BlockBlank = (_locale, seed) => kpiBlockJson({ ...seed?.attrs })
