import { CURRENT_SCHEMA_VERSION, migrateContent, schemaVersionOf } from '../document/migrateDocument'
import type { PublishedVersion } from './PublishedVersion'

/**
 * A published version as today's code reads it: its content migrated from
 * the schema version it was published with (v1 when it records none) by
 * the named steps. The stored file is never rewritten (its sha256 is the
 * published content's). Throws SchemaVersionError for a version published
 * by a newer server.
 */
export function migratePublishedVersion(v: PublishedVersion): PublishedVersion {
  const from = schemaVersionOf(v.schemaVersion)
  const { content } = migrateContent(v.content, from, `version ${v.version} of report ${v.reportId}`)
  return from === CURRENT_SCHEMA_VERSION ? v : { ...v, content, schemaVersion: CURRENT_SCHEMA_VERSION }
}
