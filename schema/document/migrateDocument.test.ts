import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { blockDefinitions } from '../blocks/blockRegistry'
import { diffReports } from '../diff/diffReports'
import { parseReportDocument } from '../parseReportDocument'
import { BODY_FIELD } from '../reportSchema'
import type { PublishedVersion } from '../versions/PublishedVersion'
import { migratePublishedVersion } from '../versions/migratePublishedVersion'
import {
  CURRENT_SCHEMA_VERSION,
  META_FIELD,
  SCHEMA_VERSION_KEY,
  SchemaVersionError,
  docSchemaVersion,
  migrateContent,
  migrateYDoc,
  migrationNames,
  schemaVersionOf,
} from './migrateDocument'

/** A version published by the code of commit 42ff39d (test/fixtures/publishedVersion.v1.md). */
const v1 = JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/publishedVersion.v1.json'), 'utf8')) as PublishedVersion

function nodesOf(content: JSONContent, type: string): JSONContent[] {
  const out: JSONContent[] = []
  const walk = (n: JSONContent) => {
    if (n.type === type) out.push(n)
    n.content?.forEach(walk)
  }
  walk(content)
  return out
}

describe('document schema versions', () => {
  it('reads an absent version as v1 and refuses what is not a version', () => {
    expect(schemaVersionOf(undefined)).toBe(1)
    expect(schemaVersionOf(2)).toBe(2)
    for (const bad of ['2', 0, 1.5, -1, {}]) expect(() => schemaVersionOf(bad)).toThrow(SchemaVersionError)
  })

  it('every block with migrations names them uniquely, and its version covers its last step', () => {
    const names = blockDefinitions.flatMap((d) => (d.migrations ?? []).map((m) => m.name))
    expect(new Set(names).size).toBe(names.length)
    for (const def of blockDefinitions) {
      for (const step of def.migrations ?? []) {
        expect(step.name.startsWith(`${def.name}.`)).toBe(true)
        expect(step.schemaVersion).toBeLessThanOrEqual(CURRENT_SCHEMA_VERSION)
        expect(def.version).toBeGreaterThanOrEqual(step.schemaVersion)
      }
    }
    expect(migrationNames(1)).toContain('metricRow.numbersAsText')
    expect(migrationNames(CURRENT_SCHEMA_VERSION)).toEqual([])
  })
})

describe('migrateContent (published versions, snapshots)', () => {
  it('brings a v1 published body to today: numbers stored as JSON numbers become text as typed', () => {
    expect(v1.schemaVersion).toBeUndefined()
    // Today's gate refuses the v1 body as it is (a restore, a carry-over, a PUT of it would fail) …
    expect(() => parseReportDocument(v1.content)).toThrow(/string/i)
    const before = JSON.stringify(v1.content)
    const { content, from, applied } = migrateContent(v1.content, 1)
    expect(from).toBe(1)
    expect(applied).toEqual(migrationNames(1))
    expect(JSON.stringify(v1.content)).toBe(before) // the input is not changed
    // … and accepts it migrated.
    expect(() => parseReportDocument(content)).not.toThrow()
    const fcr = nodesOf(content, 'metricRow').find((r) => r.attrs?.key === 'fcr')!
    expect(fcr.attrs).toMatchObject({ current: '92.1', previous: '90.3', target: '92', name: '一次解决率' })
    expect(nodesOf(content, 'trendChart')[0]!.attrs?.months).toBe('6')
    expect(nodesOf(content, 'goal')[0]!.attrs).toMatchObject({ baseline: '92.1', target: '93.5' })
    expect(nodesOf(content, 'feedbackSummary')[0]!.attrs?.responses).toMatch(/^\d+$/)
    // Text and everything else untouched.
    expect(JSON.stringify(content).replace(/"(\d+(\.\d+)?)"/g, '$1')).toBe(before.replace(/"(\d+(\.\d+)?)"/g, '$1'))
  })

  it('is idempotent: a current body comes back as the same object', () => {
    const once = migrateContent(v1.content, 1).content
    expect(migrateContent(once, CURRENT_SCHEMA_VERSION).content).toBe(once)
    expect(migrateContent(once, 1).content).toEqual(once) // running the steps again changes nothing
  })

  it('refuses a body of a future schema version instead of reading it as today’s', () => {
    expect(() => migrateContent(v1.content, CURRENT_SCHEMA_VERSION + 1)).toThrow(SchemaVersionError)
    expect(() => migratePublishedVersion({ ...v1, schemaVersion: CURRENT_SCHEMA_VERSION + 1 })).toThrow(/newer server/)
  })

  it('migratePublishedVersion answers the version as today reads it, keeping its published sha256', () => {
    const read = migratePublishedVersion(v1)
    expect(read.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(read.sha256).toBe(v1.sha256)
    expect(read.html).toBe(v1.html)
    const current = { ...v1, content: read.content, schemaVersion: CURRENT_SCHEMA_VERSION }
    expect(migratePublishedVersion(current)).toBe(current)
  })
})

describe('migrateYDoc (a live report at load)', () => {
  const v1Doc = () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Buffer.from(v1.yjsState, 'base64'))
    return doc
  }

  it('migrates a v1 Y.Doc in one transaction of the given origin and records the version', () => {
    const doc = v1Doc()
    expect(docSchemaVersion(doc)).toBe(1)
    const origins: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin))
    const result = migrateYDoc(doc, 'server:migration')
    expect(origins).toEqual(['server:migration'])
    expect(result).toMatchObject({ from: 1, to: CURRENT_SCHEMA_VERSION })
    expect(result.changedBlocks).toBeGreaterThan(10)
    expect(docSchemaVersion(doc)).toBe(CURRENT_SCHEMA_VERSION)
    expect(doc.getMap(META_FIELD).get(SCHEMA_VERSION_KEY)).toBe(CURRENT_SCHEMA_VERSION)
    const rows = [...doc.getXmlFragment(BODY_FIELD).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')] as Y.XmlElement[]
    expect(rows.map((r) => typeof r.getAttribute('current'))).toEqual(rows.map(() => 'string'))

    // Idempotent: a second run changes nothing and writes nothing.
    expect(migrateYDoc(doc, 'server:migration')).toMatchObject({ from: CURRENT_SCHEMA_VERSION, applied: [], changedBlocks: 0 })
    expect(origins).toHaveLength(1)
  })

  it('refuses a future version before changing anything', () => {
    const doc = v1Doc()
    doc.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, CURRENT_SCHEMA_VERSION + 1)
    const state = Y.encodeStateAsUpdate(doc)
    expect(() => migrateYDoc(doc, 'server:migration')).toThrow(SchemaVersionError)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state)
  })
})

describe('a v1 published version against a v2 one (diffReports)', () => {
  it('diffs in report terms: only what was edited shows', () => {
    const before = migratePublishedVersion(v1)
    // Version 1.1 of the same report, published today (v2) with one metric edited.
    const after = structuredClone(before.content)
    const walk = (n: JSONContent) => {
      if (n.type === 'metricRow' && n.attrs?.key === 'fcr') n.attrs = { ...n.attrs, current: '95' }
      n.content?.forEach(walk)
    }
    walk(after)
    const { changes } = diffReports({ content: before.content, kpis: before.kpis }, { content: after, kpis: before.kpis }, 'zh-CN')
    expect(changes.map((c) => c.kind)).toEqual(['fieldChanged'])
    expect(changes[0]).toMatchObject({ field: 'current', beforeValue: '92.1', afterValue: '95' })
    // The stored v1 numbers and their migrated text are the same values to a reader.
    expect(diffReports({ content: v1.content, kpis: v1.kpis }, { content: before.content, kpis: v1.kpis }, 'zh-CN').changes).toEqual([])
  })
})
