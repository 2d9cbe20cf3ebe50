import type { JSONContent } from '@tiptap/core'
import type { KpiValue } from '../kpi/computeReportKpis'
import type { Locale } from '../templates/ReportTemplate'

/**
 * A published version of a report, frozen: written once by the server on
 * publish, never changed afterwards. `GET /api/reports/:id/versions/:v`
 * answers the stored bytes of this object.
 */
export interface PublishedVersion {
  reportId: string
  /** "1" for the first publish, "1.1", "1.2"… for amendments after an unlock. */
  version: string
  /** 0 for the original, n for amendment v1.n. */
  revision: number
  title: string
  period: string
  series: string
  template: string
  locale: Locale
  publishedAt: string
  publishedBy: { id: string; displayName: string }
  note: string | null
  /**
   * Document schema version of `content` (schema/document/migrateDocument.ts).
   * Absent in versions published before it was recorded: v1. The file is
   * never rewritten; VersionStore.get answers it migrated to today's version.
   */
  schemaVersion?: number
  /** Canonical ProseMirror JSON of the body (keys sorted). */
  content: JSONContent
  /** The KPI values as computed from `content` at publish time. */
  kpis: KpiValue[]
  /** Self-contained HTML rendering (print stylesheet included). */
  html: string
  /** The Yjs state of the body at publish time, base64. */
  yjsState: string
  /** sha256 (hex) of the canonical JSON of `content`. */
  sha256: string
}

/** The list entry of a version (`GET /api/reports/:id/versions`). */
export type VersionSummary = Pick<PublishedVersion, 'version' | 'revision' | 'publishedAt' | 'sha256' | 'note'> & {
  publishedBy: string
}

/** The version label of a revision: 0 → "1", n → "1.n". */
export const versionLabel = (revision: number): string => (revision === 0 ? '1' : `1.${revision}`)
