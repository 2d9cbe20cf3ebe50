import type { Migration } from '../Migration'

/**
 * Reports' Yjs documents in cluster mode: the latest compacted state of each
 * report with the Redis stream id it covers, and the fencing number of the
 * last compaction that won (a compactor with an older number is refused).
 * Settings: values every process shares (the token secret).
 */
export const m001Documents: Migration = {
  version: 1,
  name: 'documents',
  sql: `
    CREATE TABLE report_documents (
      report_id text PRIMARY KEY,
      state bytea NOT NULL,
      stream_id text NOT NULL DEFAULT '0-0',
      fence bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE settings (
      name text PRIMARY KEY,
      value text NOT NULL
    );
  `,
}
