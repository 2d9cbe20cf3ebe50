import type { BlockBlank } from '../../templates/BlockBlank'
import { issueJson } from './issueJson'

/** A new issue: open, medium severity, an empty description. */
export const issueBlank: BlockBlank = (_locale, seed) => issueJson({ ...seed?.attrs })
