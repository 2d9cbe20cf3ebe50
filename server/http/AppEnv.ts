import type { ApiTokenRecord } from '../apiTokens/ApiTokenStore'
import type { UserRecord } from '../meta/MetaStore'

/** Hono variables set by middleware. */
export interface AppEnv {
  Variables: {
    /** The caller; for a request made with an API token, the token's creator. */
    user: UserRecord
    /** Set when the request was made with an API token (apiTokens/apiTokenGate.ts). */
    apiToken?: ApiTokenRecord
  }
}
