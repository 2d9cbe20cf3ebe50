/**
 * One named step that brings a block's stored attributes from the shape of
 * the document schema version before `schemaVersion` to the shape of
 * `schemaVersion` (migrateDocument.ts runs the steps in order).
 *
 * A step sees and returns attributes only, so the same step migrates
 * ProseMirror JSON (published versions, snapshots) and the live Y.Doc (a
 * report loading). It must be idempotent: a value already in today's shape
 * is left as it is.
 */
export interface BlockMigration {
  /** Shown in logs and tests: `<block>.<what it does>`. */
  name: string
  /** The document schema version this step takes a block to. */
  schemaVersion: number
  /** The attributes that change (new values by name), or null when nothing does. */
  migrate(attrs: Readonly<Record<string, unknown>>): Record<string, unknown> | null
}

/**
 * The v1 → v2 step shared by blocks whose fields are numbers as typed:
 * before the attribute schemas (v2), a body could store such a field as a
 * JSON number or boolean (content PUT over REST, documents built by hand);
 * today every field is text or null, so `92.1` becomes `"92.1"`.
 */
export function numbersAsText(block: string, fields: readonly string[]): BlockMigration {
  return {
    name: `${block}.numbersAsText`,
    schemaVersion: 2,
    migrate(attrs) {
      let out: Record<string, unknown> | null = null
      for (const field of fields) {
        const value = attrs[field]
        if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') (out ??= {})[field] = String(value)
      }
      return out
    },
  }
}
