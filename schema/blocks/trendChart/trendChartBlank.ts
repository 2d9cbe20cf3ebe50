import type { BlockBlank } from '../../templates/BlockBlank'
import { trendChartJson } from './trendChartJson'

/** A new trend chart over six months, of the seed's metric when it names one. */
export const trendChartBlank: BlockBlank = (_locale, seed) => trendChartJson({ ...seed?.attrs })
