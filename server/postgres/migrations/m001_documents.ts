import type { Migration } from '../Migration'

/**
 * Reports' Yjs documents in cluster mode: the latest compacted state of each
 * report with the Redis stream id it covers (ms, seq), the fencing number of
 * the last compaction that won and the last one handed out (a compactor with
 * an older number is refused), and the lock state (status, ver) that Redis
 * mirrors: PostgreSQL is its truth.
 * Settings: values every process shares (the token secret).
 */
export const m001Documents: Migration = {
  version: 1,
  name: 'documents',
  sql: `
    CREATE TABLE report_documents (
      report_id text PRIMARY KEY,
      state bytea NOT NULL,
      stream_ms bigint NOT NULL DEFAULT 0,
      stream_seq bigint NOT NULL DEFAULT 0,
      fence bigint NOT NULL DEFAULT 0,
      fence_issued bigint NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'publishing', 'published')),
      ver bigint NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE settings (
      name text PRIMARY KEY,
      value text NOT NULL
    );
  `,
}
