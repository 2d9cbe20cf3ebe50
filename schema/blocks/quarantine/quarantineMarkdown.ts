import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf } from '../../export/blockLabelText'
import { escapeMarkdown, fencedCode } from '../../export/markdownSyntax'
import { attr, attrText } from '../../export/reportJson'
import { quarantineLabels } from './quarantineLabels'

/** Quarantined content as a warning quote and its raw text in a code block. */
export const quarantineMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    return [
      `> ⚠ **${escapeMarkdown(labels.quarantine.title)}**`,
      `> ${escapeMarkdown(fieldTitleOf(quarantineLabels, labels, 'originalType'))}${labels.colon}${escapeMarkdown(attr(node, 'originalType') ?? labels.empty)}`,
      '',
      fencedCode(attrText(node, 'raw')),
    ].join('\n')
  },
}
