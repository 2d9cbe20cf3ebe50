import { memo, useEffect } from 'react'
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { BODY_FIELD } from '@schema/reportSchema'
import { baseExtensions } from '@schema/reportExtensions'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { PublicUser } from '../api/apiClient'
import type { CollabSession } from '../collab/openCollabSession'
import { useI18n } from '../i18n/I18nProvider'
import { clientReportNodes } from './nodeViews/clientReportNodes'
import { InsertToolbar } from './insert/InsertToolbar'
import { SlashCommand } from './insert/SlashCommand'
import { SlashMenu } from './insert/SlashMenu'
import { SectionHints } from './SectionHints'
import { UniqueBlockIds } from './UniqueBlockIds'

interface Props {
  session: CollabSession
  user: PublicUser
  editable: boolean
  templateKey: string
  contentLocale: Locale
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

/**
 * The TipTap editor bound to the report's Y.XmlFragment; the document is
 * never seeded here. Memoised: the screen around it re-renders for its own
 * reasons, the editor must not.
 */
export const ReportEditor = memo(function ReportEditor({ session, user, editable, templateKey, contentLocale }: Props) {
  const editor = useEditor(
    {
      extensions: [
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
        SlashCommand,
      ],
      editable,
      editorProps: { attributes: { class: 'report-body', 'data-testid': 'report-body', spellcheck: 'false' } },
    },
    [session],
  )

  useEffect(() => {
    editor?.setEditable(editable)
  }, [editor, editable])

  return (
    <div className="editor-layout">
      <Outline editor={editor} />
      <div className="editor-main">
        <InsertToolbar editor={editor} editable={editable} templateKey={templateKey} contentLocale={contentLocale} />
        <EditorContent editor={editor} className="editor-content" />
      </div>
      {editor && <SlashMenu editor={editor} templateKey={templateKey} contentLocale={contentLocale} />}
    </div>
  )
})

/** The section outline beside the editor; a click scrolls to the section. */
function Outline({ editor }: { editor: Editor | null }) {
  const { t } = useI18n()
  const headings = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const out: { pos: number; level: number; text: string }[] = []
      e?.state.doc.descendants((node, pos) => {
        if (node.type.name === 'heading' && (node.attrs.level as number) <= 2) {
          out.push({ pos, level: node.attrs.level as number, text: node.textContent })
        }
        return node.type.name !== 'paragraph'
      })
      return out
    },
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })
  if (!editor) return null
  const jump = (pos: number) => {
    const dom = editor.view.nodeDOM(pos)
    if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
  return (
    <nav className="outline" aria-label={t('editor.outline')}>
      <h3>{t('editor.outline')}</h3>
      <ol>
        {(headings ?? []).map((h) => (
          <li key={h.pos} className={`outline-level-${h.level}`}>
            <button type="button" className="link" onClick={() => jump(h.pos)}>
              {h.text || '—'}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
