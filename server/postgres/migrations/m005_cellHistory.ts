import type { Migration } from '../Migration'

/**
 * The history of block fields in cluster mode (server/cellHistory/PgCellHistoryStore.ts):
 * one row per change of one field, append-only. `seq` orders the changes
 * (the order they were appended in; `at` may tie); the history of a block is
 * read by (report_id, block_id).
 */
export const m005CellHistory: Migration = {
  version: 5,
  name: 'cell history',
  sql: `
    CREATE TABLE cell_history (
      seq bigserial PRIMARY KEY,
      report_id text NOT NULL,
      block_id text NOT NULL,
      at timestamptz NOT NULL,
      by_kind text NOT NULL CHECK (by_kind IN ('user', 'token')),
      by_id text NOT NULL,
      by_name text NOT NULL,
      field text NOT NULL,
      from_value text,
      to_value text
    );
    CREATE INDEX cell_history_block ON cell_history (report_id, block_id, seq);
  `,
}
