import type { AnyExtension } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { BODY_FIELD } from '@schema/reportSchema'
import { baseExtensions } from '@schema/reportExtensions'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { PublicUser } from '../api/apiClient'
import type { CollabSession } from '../collab/openCollabSession'
import { clientReportNodes } from './clientReportNodes'
import { SlashCommand } from './insert/SlashCommand'
import { SectionHints } from './SectionHints'
import { UniqueBlockIds } from './UniqueBlockIds'
import { BlockGuard } from './BlockGuard'
import { BlockMenuShortcut } from './blocks/BlockMenuShortcut'
import { FeedbackThemeKeys } from './blocks/splitFeedbackTheme'
import { BlockArrows } from './blocks/BlockArrows'

export interface ReportEditorSetup {
  session: Pick<CollabSession, 'doc' | 'provider'>
  user: Pick<PublicUser, 'id' | 'displayName' | 'color'>
  templateKey: string
  contentLocale: Locale
  /** More extensions from around the editor (comment highlights), fixed for the session. */
  extensions?: AnyExtension[]
}

/** Carets show each user's name and colour (the server rewrites them to its own record). */
function renderCaret(user: Record<string, string>): HTMLElement {
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.style.borderColor = user.color ?? '#888'
  const label = document.createElement('div')
  label.classList.add('collaboration-carets__label')
  label.style.backgroundColor = user.color ?? '#888'
  label.textContent = user.name ?? '?'
  caret.append(label)
  return caret
}

/** Every extension of the report editor: the schema's, with the client's views, collaboration and editing aids. */
export function reportEditorExtensions({ session, user, templateKey, contentLocale, extensions = [] }: ReportEditorSetup): AnyExtension[] {
  return [
    ...baseExtensions,
    ...clientReportNodes,
    Collaboration.configure({ document: session.doc, field: BODY_FIELD }),
    CollaborationCaret.configure({
      provider: session.provider,
      user: { id: user.id, name: user.displayName, color: user.color },
      render: renderCaret,
    }),
    SectionHints.configure({ templateKey, locale: contentLocale }),
    UniqueBlockIds,
    FeedbackThemeKeys,
    BlockGuard,
    BlockMenuShortcut,
    BlockArrows,
    SlashCommand,
    ...extensions,
  ]
}
