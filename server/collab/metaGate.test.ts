/**
 * The document's `meta` map (its schema version) is written by the server
 * only: a client's insert, overwrite or deletion there is refused before
 * anything is applied (updateShape.ts, checkAttributes), as the room refuses
 * any bad update (close 4400). The body stays writable.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { CURRENT_SCHEMA_VERSION, META_FIELD, SCHEMA_VERSION_KEY, stampSchemaVersion } from '@schema/document/migrateDocument'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { doc as body, p, section } from '@schema/docBuilder'
import { checkAttributes, DEFAULT_UPDATE_LIMITS, scanUpdate, UpdateRefusedError } from './updateShape'

function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  const collect = (u: Uint8Array) => updates.push(u)
  doc.on('update', collect)
  change()
  doc.off('update', collect)
  return Y.mergeUpdates(updates)
}

function verdict(update: Uint8Array, server: Y.Doc): string | null {
  try {
    checkAttributes(scanUpdate(update, DEFAULT_UPDATE_LIMITS), server)
    return null
  } catch (err) {
    expect(err).toBeInstanceOf(UpdateRefusedError)
    return (err as Error).message
  }
}

/** The server's document (version recorded, as at load) and a client in sync with it. */
function pair(stamped = true): { client: Y.Doc; server: Y.Doc } {
  const server = new Y.Doc()
  prosemirrorJSONToYXmlFragment(reportSchema, body(section('key_events', '重要事件回顾', p('text'))), server.getXmlFragment(BODY_FIELD))
  if (stamped) stampSchemaVersion(server)
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  return { client, server }
}

describe('the meta map over the socket', () => {
  it('refuses a client overwriting the schema version', () => {
    const { client, server } = pair()
    const update = updateOf(client, () => client.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, 1))
    expect(verdict(update, server)).toMatch(/"meta" is written by the server only/)
  })

  it('refuses a client deleting the schema version', () => {
    const { client, server } = pair()
    const update = updateOf(client, () => client.getMap(META_FIELD).delete(SCHEMA_VERSION_KEY))
    expect(verdict(update, server)).toMatch(/"meta" is written by the server only/)
  })

  it('refuses a client writing a version into a document that records none yet, or any other key', () => {
    const { client, server } = pair(false)
    expect(verdict(updateOf(client, () => client.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, 99)), server)).toMatch(/server only/)
    const other = pair()
    expect(verdict(updateOf(other.client, () => other.client.getMap(META_FIELD).set('note', 'x')), other.server)).toMatch(/server only/)
  })

  it('still accepts body edits, and the server’s own version reaches the client', () => {
    const { client, server } = pair()
    expect(client.getMap(META_FIELD).get(SCHEMA_VERSION_KEY)).toBe(CURRENT_SCHEMA_VERSION)
    const update = updateOf(client, () => (client.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).setAttribute('key', 'summary'))
    expect(verdict(update, server)).toBeNull()
  })
})
