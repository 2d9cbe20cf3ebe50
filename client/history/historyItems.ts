/**
 * The entries of a report's history as the drawer shows them: published
 * versions, autosaved snapshots and the live draft, each with the reference
 * the diff endpoint takes (`v:1.1`, `s:<id>`, `live`) and where its
 * server-rendered HTML is.
 */
import type { VersionSummary } from '@schema/versions/PublishedVersion'
import type { SnapshotSummary } from '@schema/api/historyApi'
import { historyApi } from '@schema/api/historyApi'
import { reportsApi } from '@schema/api/reportsApi'
import { versionsApi } from '@schema/api/versionsApi'
import { apiPath } from '../api/apiCall'
import { shownTime } from '../time/instanceTime'

export type HistoryItem =
  | { kind: 'version'; ref: string; at: string; version: VersionSummary }
  | { kind: 'snapshot'; ref: string; at: string; snapshot: SnapshotSummary }
  | { kind: 'live'; ref: 'live'; at: null }

export const LIVE: HistoryItem = { kind: 'live', ref: 'live', at: null }

export const versionItem = (version: VersionSummary): HistoryItem => ({ kind: 'version', ref: `v:${version.version}`, at: version.publishedAt, version })

export const snapshotItem = (snapshot: SnapshotSummary): HistoryItem => ({ kind: 'snapshot', ref: `s:${snapshot.id}`, at: snapshot.at, snapshot })

const versionExports = { html: versionsApi.exportHtml, md: versionsApi.exportMd, docx: versionsApi.exportDocx }

export function versionExportPath(reportId: string, version: string, format: keyof typeof versionExports): string {
  return apiPath(versionExports[format], { id: reportId, v: version })
}

/** The live draft as a Word file. */
export const draftDocxPath = (reportId: string): string => apiPath(reportsApi.draftDocx, { id: reportId })

/** The read-only rendering of an item (the live draft is the editor itself, so it has none). */
export function htmlPath(reportId: string, item: HistoryItem): string | null {
  if (item.kind === 'version') return versionExportPath(reportId, item.version.version, 'html')
  if (item.kind === 'snapshot') return apiPath(historyApi.snapshotHtml, { id: reportId, sid: item.snapshot.id })
  return null
}

/** Two items in time order, so a diff always reads from the older state to the newer one. */
export function inTimeOrder(a: HistoryItem, b: HistoryItem): [HistoryItem, HistoryItem] {
  if (a.at === null) return [b, a]
  if (b.at === null) return [a, b]
  return a.at <= b.at ? [a, b] : [b, a]
}

/** Time as the history shows it: in the instance's zone, with seconds (autosaves can be seconds apart). */
export function formatTime(at: string): string {
  return shownTime(at, { seconds: true })
}
