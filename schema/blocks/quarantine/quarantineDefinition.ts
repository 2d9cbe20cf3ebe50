import type { BlockDefinition } from '../BlockDefinition'
import { QuarantineBlock, quarantineAttributes } from './QuarantineBlock'
import { quarantineLabels } from './quarantineLabels'

/** The quarantined content block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const quarantineDefinition = {
  name: 'quarantine',
  version: 1,
  node: QuarantineBlock,
  attributes: quarantineAttributes,
  labels: quarantineLabels,
  docx: () => import('./quarantineDocx').then((m) => m.quarantineDocx),
} satisfies BlockDefinition<'quarantine'>
