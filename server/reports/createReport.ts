import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { stampSchemaVersion } from '@schema/document/migrateDocument'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import type { Locale } from '@schema/templates/ReportTemplate'
import { buildReportContent } from '@schema/templates/buildReportContent'
import { carryOver, type PreviousReport } from '@schema/templates/carryOver'
import { templates } from '@schema/templates/templates'
import { DEFAULT_UPDATE_LIMITS } from '../collab/updateShape'
import type { DocumentLimits } from '../collab/documentLimits'
import { badRequest } from '../errors'
import { documentFromJson } from './documentFromJson'
import { audit } from '../meta/audit'
import type { MetaStore, ReportRecord } from '../meta/MetaStore'
import { newId } from '../meta/newId'
import type { DocStore } from '../storage/DocStore'
import { assertMayCreateInSeries } from './seriesAccess'

export interface NewReport {
  title: string
  period: string
  series: string
  template: string
  locale: Locale
}

/**
 * Creates a report: its body is built here on the server from the template
 * and last month's published report of the series (or given, for the demo),
 * checked against the schema, stored durably, and only then recorded in the
 * metadata with the creator as owner. Only someone who may read the series'
 * latest report may add one to it (seriesAccess.ts): 403 otherwise, checked
 * again in the same step as the record is added, so two first reports of a
 * new series cannot both slip in.
 */
export async function createReport(
  meta: MetaStore,
  store: DocStore,
  input: NewReport,
  ownerId: string,
  source: { body?: JSONContent; previous?: PreviousReport; limits?: DocumentLimits } = {},
): Promise<ReportRecord> {
  const template = templates[input.template]
  if (!template) throw badRequest(`Unknown template "${input.template}".`)
  const assertMayCreate = () => assertMayCreateInSeries(meta, input.series, ownerId)
  assertMayCreate()
  let json = source.body ?? buildReportContent(template, input.locale, input.title)
  // null: created by the monthly cycle with nothing to carry (the UI says so); a given body (the demo) makes no claim.
  let previous: ReportRecord['previous'] = source.body ? undefined : null
  if (!source.body && source.previous) {
    const merged = carryOver(json, source.previous, input.locale)
    json = merged.content
    const { reportId, period, version } = source.previous
    previous = { reportId, period, version, carried: merged.carried }
  }
  // 400 on content past the limits, an attribute value outside its schema, or a structure outside the report schema.
  documentFromJson(json, source.limits ?? DEFAULT_UPDATE_LIMITS, (message) =>
    badRequest(`The new report's content does not fit the report schema: ${message}`),
  )
  const ydoc = prosemirrorJSONToYDoc(reportSchema, json, BODY_FIELD)
  stampSchemaVersion(ydoc) // built in today's shape
  const id = newId('r')
  await store.create(id, Y.encodeStateAsUpdate(ydoc))
  ydoc.destroy()
  const report: ReportRecord = {
    id,
    title: input.title,
    period: input.period,
    series: input.series,
    template: template.key,
    locale: input.locale,
    status: 'draft',
    revision: 0,
    createdBy: ownerId,
    createdAt: new Date().toISOString(),
    published: null,
    previous,
  }
  await meta.update((data) => {
    assertMayCreate()
    data.reports.push(report)
    data.members.push({ reportId: id, userId: ownerId, role: 'owner' })
    audit(data, { at: report.createdAt, userId: ownerId, action: 'report.create', reportId: id })
  })
  return report
}
