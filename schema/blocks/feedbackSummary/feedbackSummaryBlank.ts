import type { BlockBlank } from '../../templates/BlockBlank'
import { feedbackSummaryJson } from './feedbackSummaryJson'

/** A new customer feedback summary: no themes, an empty summary paragraph. */
export const feedbackSummaryBlank: BlockBlank = (_locale, seed) => feedbackSummaryJson({ ...seed?.attrs }, [])
