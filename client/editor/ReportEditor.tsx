import { memo, useEffect, useRef, useState } from 'react'
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react'
import type { AnyExtension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { PublicUser } from '../api/apiClient'
import type { CollabSession } from '../collab/openCollabSession'
import { useI18n } from '../i18n/I18nProvider'
import { InsertToolbar } from './insert/InsertToolbar'
import { reportEditorExtensions } from './reportEditorExtensions'
import { SlashMenu } from './insert/SlashMenu'
import { UndoDeleteToast } from './blocks/UndoDeleteToast'

interface Props {
  session: CollabSession
  user: PublicUser
  editable: boolean
  templateKey: string
  contentLocale: Locale
  /** More extensions from around the editor (comment highlights), fixed for the session. */
  extensions?: AnyExtension[]
}

/**
 * The TipTap editor bound to the report's Y.XmlFragment; the document is
 * never seeded here. Memoised: the screen around it re-renders for its own
 * reasons, the editor must not.
 */
export const ReportEditor = memo(function ReportEditor({ session, user, editable, templateKey, contentLocale, extensions = [] }: Props) {
  const editor = useEditor(
    {
      extensions: reportEditorExtensions({ session, user, templateKey, contentLocale, extensions }),
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
      {editor && <UndoDeleteToast editor={editor} />}
    </div>
  )
})

interface OutlineHeading {
  level: number
  text: string
}

const headingsCache = new WeakMap<PMNode, OutlineHeading[]>()

/** The headings of level 1–2 under `node` (a textblock holds none), cached per node: unchanged sections are not walked again. */
function headingsIn(node: PMNode): OutlineHeading[] {
  const hit = headingsCache.get(node)
  if (hit) return hit
  const out: OutlineHeading[] = []
  node.forEach((child) => {
    if (child.type.name === 'heading' && (child.attrs.level as number) <= 2) {
      out.push({ level: child.attrs.level as number, text: child.textContent })
    }
    if (!child.isTextblock && child.childCount > 0) out.push(...headingsIn(child))
  })
  headingsCache.set(node, out)
  return out
}

/** Positions of the outline's headings, in the same order (looked up on click only). */
function headingPositions(doc: PMNode): number[] {
  const out: number[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading' && (node.attrs.level as number) <= 2) out.push(pos)
    return !node.isTextblock
  })
  return out
}

const sameHeadings = (a: OutlineHeading[], b: OutlineHeading[] | null) =>
  a === b || (b !== null && a.length === b.length && a.every((h, i) => h.level === b[i]!.level && h.text === b[i]!.text))

/**
 * The section outline beside the editor; a click scrolls to the section. On a
 * narrow screen (styles.css) it is a drawer behind a button: ✕, Escape or a
 * click on the backdrop closes it and gives the focus back to the button.
 */
function Outline({ editor }: { editor: Editor | null }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const headings = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? headingsIn(e.state.doc) : []),
    equalityFn: sameHeadings,
  })
  const close = () => {
    setOpen(false)
    toggleRef.current?.focus()
  }
  useEffect(() => {
    if (!open) return
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [open])
  if (!editor) return null
  const jump = (index: number) => {
    const pos = headingPositions(editor.state.doc)[index]
    if (pos === undefined) return
    setOpen(false)
    const dom = editor.view.nodeDOM(pos)
    if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="outline-toggle"
        data-testid="outline-toggle"
        aria-expanded={open}
        aria-controls="report-outline"
        aria-label={t('editor.outline.open')}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">☰</span> {t('editor.outline')}
      </button>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={close} />}
      <nav id="report-outline" className={`outline${open ? ' outline--open' : ''}`} aria-label={t('editor.outline')}>
        <div className="outline-head">
          <h3>{t('editor.outline')}</h3>
          <button
            ref={closeRef}
            type="button"
            className="drawer-close"
            data-testid="outline-close"
            aria-label={t('editor.outline.close')}
            title={t('drawer.close')}
            onClick={close}
          >
            ✕
          </button>
        </div>
        <ol>
          {(headings ?? []).map((h, i) => (
            <li key={i} className={`outline-level-${h.level}`}>
              <button type="button" className="link" onClick={() => jump(i)}>
                {h.text || '—'}
              </button>
            </li>
          ))}
        </ol>
      </nav>
    </>
  )
}
