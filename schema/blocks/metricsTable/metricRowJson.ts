import type { JSONContent } from '@tiptap/core'
import { withId } from '../../jsonNodes'
import type { MetricField } from './MetricRow'

/** A metric row as ProseMirror JSON: a new id unless given, direction `higher` unless given. */
export const metricRowJson = (fields: Partial<Record<MetricField | 'id', string | null>>): JSONContent => ({
  type: 'metricRow',
  attrs: withId({ direction: 'higher', ...fields }),
})
