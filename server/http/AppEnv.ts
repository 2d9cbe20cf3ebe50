import type { UserRecord } from '../meta/MetaStore'

/** Hono variables set by middleware. */
export interface AppEnv {
  Variables: { user: UserRecord }
}
