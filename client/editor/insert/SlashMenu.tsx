import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useEditorState, type Editor } from '@tiptap/react'
import type { Locale } from '@schema/templates/ReportTemplate'
import { templates } from '@schema/templates/templates'
import { useI18n } from '../../i18n/I18nProvider'
import { filterInsertItems } from './filterInsertItems'
import { insertItem } from './insertItem'
import { insertItems, type InsertItem } from './insertItems'
import { slashCommandKey, type SlashTrigger } from './SlashCommand'

interface Props {
  editor: Editor
  templateKey: string
  contentLocale: Locale
}

const sameTrigger = (a: SlashTrigger | null, b: SlashTrigger | null) =>
  a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to && a.query === b.query)

/** Menu height used to decide whether it opens below or above the caret (matches the CSS max-height). */
const MENU_HEIGHT = 340

/**
 * The popup of the "/" menu, next to the caret while a trigger is open and
 * the editor has focus. Keys: ArrowUp/ArrowDown move, Enter (or Tab) inserts,
 * Escape closes; the mouse works too without taking focus from the editor.
 */
export function SlashMenu({ editor, templateKey, contentLocale }: Props) {
  const { t, locale } = useI18n()
  const trigger = useEditorState({
    editor,
    selector: ({ editor: e }) => (e.isEditable && e.isFocused ? (slashCommandKey.getState(e.state)?.trigger ?? null) : null),
    equalityFn: sameTrigger,
  })
  const items = useMemo(
    () => (trigger ? filterInsertItems(insertItems(editor.state.doc, templates[templateKey]), trigger.query) : []),
    [editor, trigger, templateKey],
  )
  // The highlighted item, reset whenever the query changes.
  const queryKey = trigger ? `${trigger.from}:${trigger.query}` : ''
  const [active, setActiveState] = useState({ queryKey: '', index: 0 })
  const index = active.queryKey === queryKey ? Math.min(active.index, Math.max(items.length - 1, 0)) : 0
  const setActive = (i: number) => setActiveState({ queryKey, index: i })

  const choose = (item: InsertItem | undefined) => {
    if (item && trigger) insertItem(editor, item, contentLocale, trigger)
  }
  const latest = useRef({ items, index, choose, setActive })
  latest.current = { items, index, choose, setActive }

  useEffect(() => {
    const storage = editor.storage.slashCommand
    storage.onKeyDown = (event) => {
      const { items: list, index: i, choose: run, setActive: move } = latest.current
      if (list.length === 0 || event.isComposing) return false
      switch (event.key) {
        case 'ArrowDown':
          move((i + 1) % list.length)
          return true
        case 'ArrowUp':
          move((i - 1 + list.length) % list.length)
          return true
        case 'Enter':
        case 'Tab':
          run(list[i])
          return true
        default:
          return false
      }
    }
    return () => {
      storage.onKeyDown = null
    }
  }, [editor])

  const listRef = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    listRef.current?.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest' })
  }, [index, items])

  // Fixed to the viewport, so it follows the caret when the page scrolls.
  const [, redraw] = useState(0)
  useEffect(() => {
    if (!trigger) return
    const onScroll = () => redraw((n) => n + 1)
    window.addEventListener('scroll', onScroll, true)
    window.addEventListener('resize', onScroll)
    return () => {
      window.removeEventListener('scroll', onScroll, true)
      window.removeEventListener('resize', onScroll)
    }
  }, [trigger])

  if (!trigger) return null
  const caret = editor.view.coordsAtPos(trigger.from)
  const below = caret.bottom + MENU_HEIGHT + 8 < window.innerHeight || caret.top < MENU_HEIGHT + 8
  const style = {
    left: Math.min(caret.left, window.innerWidth - 340),
    top: below ? caret.bottom + 4 : undefined,
    bottom: below ? undefined : window.innerHeight - caret.top + 4,
  }
  // Without a query the menu shows its groups; with one, a single list ranked by match.
  const grouped = trigger.query === ''
  return createPortal(
    <div
      className="slash-menu"
      data-testid="slash-menu"
      role="listbox"
      aria-label={t('insert.toolbar')}
      style={style}
      ref={listRef}
      onMouseDown={(e) => e.preventDefault()}
    >
      {items.length === 0 && <div className="slash-menu__empty">{t('insert.noMatch')}</div>}
      {items.map((item, i) => (
        <Fragment key={item.key}>
          {grouped && item.group !== items[i - 1]?.group && (
            <div className="slash-menu__group" role="presentation">
              {t(`insert.group.${item.group}`)}
            </div>
          )}
          <div
            className="slash-menu__item"
            role="option"
            aria-selected={i === index}
            data-testid={`slash-item-${item.key}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(item)}
          >
            <span className="slash-menu__label">
              {item.label[locale]}
              {!grouped && item.group === 'sections' && <span className="slash-menu__tag">{t('insert.group.sections')}</span>}
            </span>
            <span className="slash-menu__detail">{item.detail[locale]}</span>
          </div>
        </Fragment>
      ))}
    </div>,
    document.body,
  )
}
