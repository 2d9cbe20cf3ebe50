import type { BlockBlank } from '../../templates/BlockBlank'
import { goalJson } from './goalJson'

/** A new goal: planned, to raise its metric, an empty statement. */
export const goalBlank: BlockBlank = (_locale, seed) => goalJson({ ...seed?.attrs })
