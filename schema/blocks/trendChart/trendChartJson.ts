import type { JSONContent } from '@tiptap/core'
import { withId, type Attrs } from '../../jsonNodes'

/** A trend chart as ProseMirror JSON: six months unless given (the server fills in its series). */
export const trendChartJson = (attrs: Attrs = {}): JSONContent => ({ type: 'trendChart', attrs: withId({ months: '6', ...attrs }) })
