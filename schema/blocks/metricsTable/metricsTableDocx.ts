/** The metrics table in the Word export: a real Word table (metricRowDocx.ts), 口径 as notes under it. */
import type { DocxBlockRenderer } from '../../export/DocxBlockRenderer'
import { attr, children } from '../../export/reportJson'
import { metricsDocx } from './metricRowDocx'

export const metricsTableDocx: DocxBlockRenderer = async (node, ctx) =>
  metricsDocx(
    children(node).filter((r) => r.type === 'metricRow'),
    attr(node, 'title'),
    ctx,
  )
