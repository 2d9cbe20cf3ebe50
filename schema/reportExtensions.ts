import type { AnyExtension, Node } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { blockRegistry, type BlockName } from './blocks/blockRegistry'

/** Every custom block's TipTap node, by node name (from the block registry). */
export const reportBlocks = Object.fromEntries(Object.entries(blockRegistry).map(([name, definition]) => [name, definition.node])) as Record<BlockName, Node>

/**
 * The report's TipTap extensions as data: the server builds its ProseMirror
 * schema from exactly this list, the client extends the nodes with views.
 * Undo/redo is off because the collaborative undo manager replaces it.
 */
export const baseExtensions: AnyExtension[] = [
  // No trailing node: every client that opens a report would add its own empty paragraph.
  StarterKit.configure({ undoRedo: false, trailingNode: false }),
]

export const reportExtensions: AnyExtension[] = [...baseExtensions, ...Object.values(reportBlocks)]

/** Node types that carry a stable block `id`. */
export const BLOCK_TYPES: ReadonlySet<string> = new Set(Object.keys(reportBlocks))
