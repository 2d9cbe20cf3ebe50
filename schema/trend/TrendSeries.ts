/**
 * The data of a trend chart block, written by the server into its `series`
 * attribute (JSON): one metric over the last published periods of the
 * report's series, plus the current draft's value, marked as such.
 */
export interface TrendPoint {
  period: string
  /** The metric's `current` in that period; null when missing or not numeric. */
  value: number | null
  /** As typed in the report ("92.5"). */
  display: string
  /** True for the report's own (not yet published) value. */
  draft: boolean
  /** The published version the value comes from ("1", "1.1"); null for the draft. */
  version: string | null
}

export interface TrendSeries {
  metricKey: string
  name: string
  unit: string
  /** Oldest first; at most `months` published points plus the draft. */
  points: TrendPoint[]
}
