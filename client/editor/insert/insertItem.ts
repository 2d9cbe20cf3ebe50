import type { Editor } from '@tiptap/core'
import { metricKeysIn, withMetricKeys } from '@schema/blocks/metricsTable/metricKey'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { InsertItem } from './insertItems'
import { placeBlock } from './placeBlock'
import { placeSection } from './placeSection'

/**
 * Runs an insert from the "/" menu or the toolbar as one transaction: the
 * typed "/query" (`trigger`) is removed, then the item's new content is
 * placed (blocks at the cursor, sections after the cursor's section), and
 * the editor keeps focus. Returns false when nothing was inserted.
 */
export function insertItem(
  editor: Editor,
  item: InsertItem,
  contentLocale: Locale,
  trigger?: { from: number; to: number },
): boolean {
  if (!editor.isEditable) return false
  // Every new metric row gets a key of its own (template rows keep theirs).
  const node = withMetricKeys(editor.schema.nodeFromJSON(item.build(contentLocale)), metricKeysIn(editor.state.doc))
  return editor
    .chain()
    .focus()
    .command(({ tr }) => {
      if (trigger) tr.delete(trigger.from, trigger.to)
      return item.placement === 'section' ? placeSection(tr, node) : placeBlock(tr, node)
    })
    .run()
}
