/** One step of the PostgreSQL schema: applied once, in order of `version`, in its own transaction. */
export interface Migration {
  version: number
  name: string
  sql: string
}
