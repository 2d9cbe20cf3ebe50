/** One problem the pre-publish check found, pointing at the block (and section) it is about. */
export interface CheckProblem {
  /** Stable snake_case code, e.g. `section_empty`; clients and tests match on it, never on the message. */
  code: string
  severity: 'error' | 'warning'
  /** The problem in the report's locale, ready to show. */
  message: string
  /** The `id` of the block it points at, when there is one. */
  blockId?: string
  /** The `key` of the section it is in. */
  section?: string
}
