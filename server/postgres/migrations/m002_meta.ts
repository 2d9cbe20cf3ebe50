import type { Migration } from '../Migration'

/**
 * Metadata in cluster mode (server/meta/PgMetaStore.ts): users, reports,
 * members and the audit log, one row per record. Every row carries the
 * `meta_rev` of the write that last touched it: the value of the one-row
 * `meta_counter`, bumped by every write transaction (which also serializes
 * the writers, so revisions commit in order). Another process reads only
 * what is newer than the revision it has; `meta_tombstones` tells it which
 * rows were deleted. `ord` keeps the order records were first written in.
 */
export const m002Meta: Migration = {
  version: 2,
  name: 'meta',
  sql: `
    CREATE TABLE meta_counter (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      value bigint NOT NULL
    );
    INSERT INTO meta_counter (id, value) VALUES (true, 0);

    CREATE TABLE users (
      id text PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      color text NOT NULL,
      password_hash text NOT NULL,
      admin boolean NOT NULL,
      token_version integer NOT NULL,
      created_at timestamptz NOT NULL,
      active boolean NOT NULL,
      ord bigserial NOT NULL,
      meta_rev bigint NOT NULL
    );
    CREATE INDEX users_meta_rev ON users (meta_rev);

    CREATE TABLE reports (
      id text PRIMARY KEY,
      title text NOT NULL,
      period text NOT NULL,
      series text NOT NULL,
      template text NOT NULL,
      locale text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'published')),
      revision integer NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      published jsonb,
      version_digests jsonb,
      previous jsonb,
      archived jsonb,
      ord bigserial NOT NULL,
      meta_rev bigint NOT NULL
    );
    CREATE INDEX reports_meta_rev ON reports (meta_rev);

    CREATE TABLE members (
      report_id text NOT NULL,
      user_id text NOT NULL,
      role text NOT NULL,
      ord bigserial NOT NULL,
      meta_rev bigint NOT NULL,
      PRIMARY KEY (report_id, user_id)
    );
    CREATE INDEX members_user_id ON members (user_id);
    CREATE INDEX members_meta_rev ON members (meta_rev);

    CREATE TABLE audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      user_id text NOT NULL,
      action text NOT NULL,
      report_id text,
      detail jsonb,
      meta_rev bigint NOT NULL
    );
    CREATE INDEX audit_report_id ON audit (report_id);
    CREATE INDEX audit_meta_rev ON audit (meta_rev);

    CREATE TABLE meta_tombstones (
      kind text NOT NULL CHECK (kind IN ('user', 'report', 'member')),
      key text NOT NULL,
      meta_rev bigint NOT NULL,
      PRIMARY KEY (kind, key)
    );
    CREATE INDEX meta_tombstones_meta_rev ON meta_tombstones (meta_rev);
  `,
}
