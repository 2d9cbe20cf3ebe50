import type { JSONContent } from '@tiptap/core'
import { withId, type Attrs } from '../../jsonNodes'

/** A KPI card as ProseMirror JSON: scope `summary` unless given (the server fills in its values). */
export const kpiBlockJson = (attrs: Attrs = {}): JSONContent => ({ type: 'kpiBlock', attrs: withId({ scope: 'summary', ...attrs }) })
