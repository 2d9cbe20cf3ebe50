import type { BlockDiff } from '../../diff/BlockDiff'

/** A feedback summary's themes are compared one by one; the summary is named by its noun alone. */
export const feedbackSummaryDiff: BlockDiff = {
  parts: 'feedbackTheme',
  label: (_block, named) => named(null),
}
