import type { BlockDiff } from '../../diff/BlockDiff'
import { excerpt } from '../../export/reportJson'

/** An action is named by its number and the start of its text; the issue it fixes reads as that issue's title. */
export const actionItemDiff: BlockDiff = {
  label: ({ node, text, index, noun }, named) => {
    const no = index.actionNumbers.get(node)
    return named(excerpt(text) || null, no ? `${noun} #${no}` : noun)
  },
  value: (field, value, index, labels) => {
    if (field !== 'issueId' || !value) return undefined
    const title = index.issueTitles.get(value)
    return title === undefined ? value : title || labels.empty
  },
}
