import type { AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { ReportSection } from './nodes/ReportSection'

/**
 * The report's TipTap extensions as data: the server builds its ProseMirror
 * schema from exactly this list, the client extends the nodes with views.
 * Undo/redo is off because the collaborative undo manager replaces it.
 */
export const reportExtensions: AnyExtension[] = [
  StarterKit.configure({ undoRedo: false }),
  ReportSection,
]
