/** The counts a feedback summary holds, in the order its exports show them. */
export const FEEDBACK_COUNTS = ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'] as const
