/**
 * Document schema versions and the migrations between them.
 *
 * A report body has a schema version: 1 for documents from before versions
 * were recorded, CURRENT_SCHEMA_VERSION for today's shape. The Y.Doc keeps
 * it in its `meta` map (written by the server only; updateShape.ts refuses
 * a client's write there), published versions and snapshots keep it beside
 * their content, exports name it.
 *
 * Old bodies are migrated by named steps, in order: the document-level ones
 * below, then each block's (`schema/blocks/<block>/<name>Migrations.ts`,
 * the `migrations` member of its definition). Published versions and
 * snapshots are immutable files: they are migrated when read, never
 * rewritten. A live report is migrated when its room loads, in one
 * transaction of the server (RoomManager), so every editor receives it.
 *
 * A body from a FUTURE schema version (written by a newer server) is never
 * read as if it were today's: SchemaVersionError. Adding a migration: see
 * the README, "Schema versions and migrations".
 */
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { blockDefinition, blockDefinitions } from '../blocks/blockRegistry'
import { BODY_FIELD } from '../reportSchema'
import type { BlockMigration } from './BlockMigration'

/** Today's document schema version. Raise it with each migration step added. */
export const CURRENT_SCHEMA_VERSION = 2

/** The version of a document that records none: the shape before versions were recorded. */
export const UNVERSIONED_SCHEMA_VERSION = 1

/** The Y.Doc map the server keeps document facts in (written by the server only). */
export const META_FIELD = 'meta'

/** The key of the schema version in META_FIELD. */
export const SCHEMA_VERSION_KEY = 'schemaVersion'

/** A body this server cannot read as it is: a future or malformed schema version. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError'
}

/** A step on the whole document, for changes no single block's attributes can express (none yet). */
export interface DocumentMigration {
  name: string
  schemaVersion: number
  /** Migrates ProseMirror JSON of the body; answers the new body (the input is not changed). */
  json(content: JSONContent): JSONContent
  /** Migrates the live body, inside the migration's transaction. */
  yjs(doc: Y.Doc): void
}

/** Document-level steps, in order (v1 → v2 has none: its steps are the blocks'; the version itself is recorded). */
export const documentMigrations: readonly DocumentMigration[] = []

/** A stored schema version: absent is v1; anything but a whole number ≥ 1 is refused. */
export function schemaVersionOf(value: unknown): number {
  if (value === undefined || value === null) return UNVERSIONED_SCHEMA_VERSION
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new SchemaVersionError(`schema version ${JSON.stringify(value)} is not a version`)
  }
  return value
}

/** Refuses a body of a later schema version than this server's. */
export function assertReadable(version: number, what: string): void {
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `${what} has document schema version ${version}, written by a newer server; this server reads up to version ${CURRENT_SCHEMA_VERSION} and does not open it (it would lose what it does not know)`,
    )
  }
}

/** The block steps after schema version `from`, by block name, in order. */
function blockSteps(from: number): Map<string, readonly BlockMigration[]> {
  const out = new Map<string, readonly BlockMigration[]>()
  for (const def of blockDefinitions) {
    const steps = (def.migrations ?? []).filter((s) => s.schemaVersion > from && s.schemaVersion <= CURRENT_SCHEMA_VERSION)
    if (steps.length > 0) out.set(def.name, [...steps].sort((a, b) => a.schemaVersion - b.schemaVersion))
  }
  return out
}

/** The names of every step from `from` to today, in the order they run. */
export function migrationNames(from: number): string[] {
  const names: string[] = []
  for (let v = from + 1; v <= CURRENT_SCHEMA_VERSION; v++) {
    names.push(...documentMigrations.filter((m) => m.schemaVersion === v).map((m) => m.name))
    for (const def of blockDefinitions) names.push(...(def.migrations ?? []).filter((s) => s.schemaVersion === v).map((s) => s.name))
  }
  return names
}

/** Runs a block's steps on its attributes; null when none changes anything. */
function migrateAttrs(steps: readonly BlockMigration[], attrs: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  let changed: Record<string, unknown> | null = null
  let current = attrs
  for (const step of steps) {
    const delta = step.migrate(current)
    if (!delta) continue
    changed = { ...(changed ?? {}), ...delta }
    current = { ...current, ...delta }
  }
  return changed
}

export interface MigratedContent {
  content: JSONContent
  /** The version the content had. */
  from: number
  /** Names of the steps that ran (in order), whether or not they changed anything. */
  applied: string[]
}

/**
 * ProseMirror JSON of schema version `from` → today's. The input is not
 * changed; unchanged subtrees are shared with it. Throws SchemaVersionError
 * for a future version.
 */
export function migrateContent(content: JSONContent, from: number, what = 'the document'): MigratedContent {
  assertReadable(from, what)
  if (from === CURRENT_SCHEMA_VERSION) return { content, from, applied: [] }
  let body = content
  for (let v = from + 1; v <= CURRENT_SCHEMA_VERSION; v++) {
    for (const m of documentMigrations) if (m.schemaVersion === v) body = m.json(body)
  }
  const steps = blockSteps(from)
  // Recursive: stored bodies nest at most MAX_NESTING_DEPTH levels (documentLimits.ts). Changed nodes are copied.
  const walk = (node: JSONContent): JSONContent => {
    const mine = typeof node.type === 'string' && blockDefinition(node.type) ? steps.get(node.type) : undefined
    const delta = mine ? migrateAttrs(mine, (node.attrs ?? {}) as Record<string, unknown>) : null
    const kids = Array.isArray(node.content) ? node.content : null
    let newKids: JSONContent[] | null = null
    if (kids) {
      kids.forEach((child, i) => {
        const next = child && typeof child === 'object' ? walk(child) : child
        if (next !== child) (newKids ??= [...kids])[i] = next
      })
    }
    if (!delta && !newKids) return node
    return { ...node, ...(delta ? { attrs: { ...node.attrs, ...delta } } : {}), ...(newKids ? { content: newKids } : {}) }
  }
  return { content: walk(body), from, applied: migrationNames(from) }
}

/** The schema version a Y.Doc records (v1 when none). */
export function docSchemaVersion(doc: Y.Doc): number {
  const root = doc.share.get(META_FIELD)
  if (root === undefined) return UNVERSIONED_SCHEMA_VERSION
  // A root loaded from an update is untyped until first asked for; a root of another kind was not written by the server.
  if (!(root instanceof Y.Map) && root.constructor !== Y.AbstractType) throw new SchemaVersionError(`the document's "${META_FIELD}" is not a map`)
  return schemaVersionOf(doc.getMap(META_FIELD).get(SCHEMA_VERSION_KEY))
}

/** Records today's schema version in a new document (report creation). */
export function stampSchemaVersion(doc: Y.Doc): void {
  doc.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, CURRENT_SCHEMA_VERSION)
}

export interface MigratedDoc {
  from: number
  to: number
  /** Names of the steps that ran; empty when the document was current. */
  applied: string[]
  /** Blocks whose attributes changed. */
  changedBlocks: number
}

/**
 * Migrates a live Y.Doc to today's schema version in ONE transaction with
 * `origin` (the server's), and records the version. Nothing happens when it
 * is current (idempotent). Throws SchemaVersionError for a future version,
 * before anything is changed.
 */
export function migrateYDoc(doc: Y.Doc, origin: unknown, what = 'the document'): MigratedDoc {
  const from = docSchemaVersion(doc)
  assertReadable(from, what)
  if (from === CURRENT_SCHEMA_VERSION) return { from, to: from, applied: [], changedBlocks: 0 }
  const steps = blockSteps(from)
  let changedBlocks = 0
  doc.transact(() => {
    for (let v = from + 1; v <= CURRENT_SCHEMA_VERSION; v++) {
      for (const m of documentMigrations) if (m.schemaVersion === v) m.yjs(doc)
    }
    const fragment = doc.getXmlFragment(BODY_FIELD)
    const blocks = [...fragment.createTreeWalker((n) => n instanceof Y.XmlElement && steps.has(n.nodeName))] as Y.XmlElement[]
    for (const el of blocks) {
      const delta = migrateAttrs(steps.get(el.nodeName)!, el.getAttributes() as Record<string, unknown>)
      if (!delta) continue
      changedBlocks++
      for (const [key, value] of Object.entries(delta)) el.setAttribute(key, value as string)
    }
    doc.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, CURRENT_SCHEMA_VERSION)
  }, origin)
  return { from, to: CURRENT_SCHEMA_VERSION, applied: migrationNames(from), changedBlocks }
}
