import type { BlockDefinition } from '../BlockDefinition'
import { QuarantineBlock, quarantineAttributes } from './QuarantineBlock'
import { quarantineLabels } from './quarantineLabels'
import { quarantineCheck } from './quarantineCheck'
import { quarantineHtml } from './quarantineHtml'
import { quarantineMarkdown } from './quarantineMarkdown'
import { quarantineDiff } from './quarantineDiff'

/** The quarantined content block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const quarantineDefinition = {
  name: 'quarantine',
  version: 1,
  node: QuarantineBlock,
  attributes: quarantineAttributes,
  labels: quarantineLabels,
  check: quarantineCheck,
  html: quarantineHtml,
  markdown: quarantineMarkdown,
  diff: quarantineDiff,
  docx: () => import('./quarantineDocx').then((m) => m.quarantineDocx),
} satisfies BlockDefinition<'quarantine'>
