import type { JSONContent } from '@tiptap/core'
import { withId, type Attrs } from '../../jsonNodes'

/** A quarantine block as ProseMirror JSON (the server makes these; tests and the demo build them here). */
export const quarantineJson = (attrs: Attrs): JSONContent => ({ type: 'quarantine', attrs: withId(attrs) })
