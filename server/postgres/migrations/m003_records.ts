import type { Migration } from '../Migration'

/**
 * Comments, autosaved snapshots and published versions in cluster mode.
 *
 * - report_comments: one row per report holding its whole CommentFile (the
 *   unit every change reads and writes), locked with SELECT … FOR UPDATE by
 *   each change. `json`, not `jsonb`: the text is kept as written and a
 *   "\u0000" in a comment is accepted (jsonb refuses it).
 * - report_snapshots: one row per snapshot; `content` is `json` for the
 *   same reason, `sha256` the canonical content hash snapshots are deduped by.
 * - report_versions: one row per published version, never updated; the
 *   primary key refuses a second version with the same label. `bytes` are the
 *   version exactly as published, `sha256` their digest (checked on every
 *   read), `summary` the listing entry, `seq` the order versions were
 *   published in (a listener catching up after a reconnect reads past it).
 */
export const m003Records: Migration = {
  version: 3,
  name: 'records',
  sql: `
    CREATE TABLE report_comments (
      report_id text PRIMARY KEY,
      data json NOT NULL,
      rev bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE report_snapshots (
      report_id text NOT NULL,
      id text NOT NULL,
      created_at timestamptz NOT NULL,
      reason text NOT NULL,
      content json NOT NULL,
      schema_version integer NOT NULL,
      authors text[] NOT NULL,
      sha256 text NOT NULL,
      PRIMARY KEY (report_id, id)
    );
    CREATE TABLE report_versions (
      report_id text NOT NULL,
      label text NOT NULL,
      revision integer NOT NULL,
      bytes bytea NOT NULL,
      sha256 text NOT NULL,
      summary jsonb NOT NULL,
      seq bigserial NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (report_id, label)
    );
  `,
}
