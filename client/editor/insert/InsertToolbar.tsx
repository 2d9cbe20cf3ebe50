import { useEffect, useRef, useState } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Locale, ReportTemplate } from '@schema/templates/ReportTemplate'
import { templates } from '@schema/templates/templates'
import { useI18n } from '../../i18n/I18nProvider'
import { insertItem } from './insertItem'
import { blockInsertItems, missingSectionItems, type InsertItem } from './insertItems'

const missingCache = new WeakMap<PMNode, { template: ReportTemplate | undefined; items: InsertItem[] }>()

/** {@link missingSectionItems}, once per document version (selection and cursor-only transactions reuse it). */
function missingSections(doc: PMNode, template: ReportTemplate | undefined): InsertItem[] {
  const hit = missingCache.get(doc)
  if (hit && hit.template === template) return hit.items
  const items = missingSectionItems(doc, template)
  missingCache.set(doc, { template, items })
  return items
}

interface Props {
  editor: Editor | null
  editable: boolean
  templateKey: string
  contentLocale: Locale
}

/**
 * The insert actions of the "/" menu as a toolbar above the editor: one
 * button per block at the cursor, and a drop-down of the template sections
 * the report does not have yet. Buttons keep the editor's selection (no
 * focus change on mouse down). Disabled when the report is read-only. On a
 * narrow screen (styles.css) the actions fold into a menu behind one button;
 * an action or Escape closes it.
 */
export function InsertToolbar({ editor, editable, templateKey, contentLocale }: Props) {
  const { t, locale } = useI18n()
  const template = templates[templateKey]
  const sections = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? missingSections(e.state.doc, template) : []),
    equalityFn: (a, b) => a === b || a?.map((s) => s.key).join() === b?.map((s) => s.key).join(),
  })
  const disabled = !editable || !editor
  const [menuOpen, setMenuOpen] = useState(false)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const toolbarRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!menuOpen) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setMenuOpen(false)
      toggleRef.current?.focus()
    }
    const onPointer = (e: PointerEvent) => {
      if (!toolbarRef.current?.contains(e.target as Node)) setMenuOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [menuOpen])
  const run = (item: InsertItem | undefined) => {
    setMenuOpen(false)
    if (editor && item) insertItem(editor, item, contentLocale)
  }
  const button = (item: InsertItem) => (
    <button
      key={item.key}
      type="button"
      className="insert-toolbar__button"
      data-testid={`insert-${item.key}`}
      title={item.detail[locale]}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => run(item)}
    >
      {item.label[locale]}
    </button>
  )
  const missing = sections ?? []
  return (
    <div
      ref={toolbarRef}
      className={`insert-toolbar${menuOpen ? ' insert-toolbar--open' : ''}`}
      role="toolbar"
      aria-label={t('insert.toolbar')}
      data-testid="insert-toolbar"
    >
      <button
        ref={toggleRef}
        type="button"
        className="insert-toolbar__menu-toggle"
        data-testid="insert-menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="insert-toolbar-items"
        aria-label={t('insert.menu.open')}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        {t('insert.toolbar')} <span aria-hidden="true">▾</span>
      </button>
      <div id="insert-toolbar-items" className="insert-toolbar__items">
        <div className="insert-toolbar__group" role="group" aria-label={t('insert.group.blocks')}>
          {blockInsertItems.filter((i) => i.group === 'blocks').map(button)}
        </div>
        <div className="insert-toolbar__group" role="group" aria-label={t('insert.group.basic')}>
          {blockInsertItems.filter((i) => i.group === 'basic').map(button)}
        </div>
        <select
          className="insert-toolbar__sections"
          data-testid="insert-section"
          aria-label={t('insert.group.sections')}
          value=""
          disabled={disabled || missing.length === 0}
          onChange={(e) => run(missing.find((s) => s.key === e.target.value))}
        >
          <option value="">{missing.length > 0 ? t('insert.addSection') : t('insert.noSections')}</option>
          {missing.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label[locale]}
            </option>
          ))}
        </select>
      </div>
      <span className="insert-toolbar__hint muted">{t('insert.hint')}</span>
    </div>
  )
}
