/**
 * How a report's Yjs state in PostgreSQL stands to the data folder's, for
 * the import (migrateToPostgres): the same content, ahead (PostgreSQL holds
 * every update of the folder and more: edited in cluster mode since), or
 * different (the folder holds updates PostgreSQL lacks).
 *
 * "The same" is real content, not bytes (a merge may encode the same
 * document differently): equal Yjs snapshots (state vector and delete set)
 * and the same body (the XML of the report's fragment) and meta map.
 * "Ahead" is decided by Yjs itself: applying the folder's state to the
 * database's document changes nothing.
 */
import * as Y from 'yjs'
import { META_FIELD } from '@schema/document/migrateDocument'
import { BODY_FIELD } from '@schema/reportSchema'

export type DocumentComparison = 'same' | 'ahead' | 'differs'

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  Y.applyUpdate(doc, state)
  return doc
}

/** The readable content of a report document: its body as XML and its meta map. */
export function contentOf(doc: Y.Doc): string {
  return JSON.stringify([doc.getXmlFragment(BODY_FIELD).toString(), doc.getMap(META_FIELD).toJSON()])
}

export function compareDocuments(folder: Uint8Array, database: Uint8Array): DocumentComparison {
  const fromFolder = docOf(folder)
  const fromDatabase = docOf(database)
  try {
    if (Y.equalSnapshots(Y.snapshot(fromFolder), Y.snapshot(fromDatabase)) && contentOf(fromFolder) === contentOf(fromDatabase)) return 'same'
    let changed = false
    fromDatabase.on('update', () => (changed = true))
    Y.applyUpdate(fromDatabase, folder)
    return changed ? 'differs' : 'ahead'
  } finally {
    fromFolder.destroy()
    fromDatabase.destroy()
  }
}
