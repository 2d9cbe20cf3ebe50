import type { JSONContent } from '@tiptap/core'
import { withId } from '../../jsonNodes'

/** A metrics table of `rows` as ProseMirror JSON, with a new id. */
export const metricsTableJson = (...rows: JSONContent[]): JSONContent => ({ type: 'metricsTable', attrs: withId(), content: rows })
