import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { MAX_QUOTE_LENGTH } from '@schema/comments/CommentAnchor'
import type { CommentField } from '../../comments/CommentsController'
import { useCommentsEnv } from '../../comments/CommentsContext'
import { useI18n } from '../../i18n/I18nProvider'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { useDocSelector } from '../viewHooks/useDocSelector'
import { canDeleteBlock, canMoveBlock, deleteBlock, duplicateBlock, moveBlock } from './blockActions'
import { deletedBlocksOf } from './deletedBlocks'

interface Props {
  editor: Editor
  getPos: () => number | undefined
  node: PMNode
  /** How the block reads now, for a comment's quote. */
  quote: string
  /** Fields a comment may point at instead of the whole block. */
  fields?: CommentField[]
}

type Action = 'moveUp' | 'moveDown' | 'duplicate' | 'delete' | 'comment'

/** Focuses the element `selector` once React has rendered it (a moved block's new view renders a frame or more later). */
function focusWhenRendered(selector: string, frames = 30): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(selector)
    if (el) el.focus()
    else if (frames > 0) focusWhenRendered(selector, frames - 1)
  })
}

/** Focuses the block handle of block `id` (after a move or a duplicate). */
const focusHandle = (id: string) => focusWhenRendered(`[data-block-id="${CSS.escape(id)}"] [data-testid=block-handle]`)

/**
 * The handle (⋮) of a structured block and its menu: move up, move down,
 * duplicate, delete (with an undo toast, see UndoDeleteToast), comment.
 * The only way to delete a block. Keyboard: the handle is a button; the
 * menu opens with Enter, Space or ↓, ↑/↓/Home/End move between its items,
 * Escape closes it and returns to the handle; Shift+F10 in the block's
 * text opens it (BlockMenuShortcut.ts).
 */
export function BlockMenu({ editor, getPos, node, quote, fields }: Props) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const comments = useCommentsEnv()
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const handleRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : ''

  const pos = () => {
    const p = getPos()
    return typeof p === 'number' ? p : -1
  }
  const possible = useDocSelector(editor, (doc) => {
    const p = pos()
    if (p < 0 || p >= doc.content.size) return '000'
    return [canMoveBlock(doc, p, -1), canMoveBlock(doc, p, 1), canDeleteBlock(doc, p)].map(Number).join('')
  })
  const [canUp = false, canDown = false, canDelete = false] = [...possible].map((c) => c === '1')
  const canComment = Boolean(comments?.canStartThread && id)

  const items: { action: Action; label: string; enabled: boolean }[] = [
    { action: 'moveUp', label: t('block.moveUp'), enabled: editable && canUp },
    { action: 'moveDown', label: t('block.moveDown'), enabled: editable && canDown },
    { action: 'duplicate', label: t('block.duplicate'), enabled: editable },
    { action: 'delete', label: t('block.delete'), enabled: editable && canDelete },
  ]
  if (canComment) items.push({ action: 'comment', label: t('block.comment'), enabled: true })

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus()
  }, [open])

  if (!editable) return null

  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) handleRef.current?.focus()
  }

  const run = (action: Action) => {
    const p = pos()
    if (p < 0) return
    setOpen(false)
    switch (action) {
      case 'moveUp':
      case 'moveDown':
        if (moveBlock(editor, p, action === 'moveUp' ? -1 : 1)) focusHandle(id)
        break
      case 'duplicate': {
        const copy = duplicateBlock(editor, p)
        if (copy) focusHandle(copy)
        break
      }
      case 'delete': {
        const deleted = deleteBlock(editor, p)
        if (deleted) {
          deletedBlocksOf(editor).set(deleted)
          // The block and its handle are gone: the toast's undo takes the focus.
          focusWhenRendered('[data-testid=undo-delete]')
        }
        break
      }
      case 'comment':
        comments?.controller.startDraft({ anchor: { blockId: id, quote: quote.slice(0, MAX_QUOTE_LENGTH) }, fields })
        break
    }
  }

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? [])
    const at = all.indexOf(document.activeElement as HTMLElement)
    const go = (i: number) => all[(i + all.length) % all.length]?.focus()
    if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Escape') close(true)
    else if (e.key === 'Tab') close(false)
    else return
    if (e.key !== 'Tab') e.preventDefault()
    e.stopPropagation()
  }

  return (
    <div
      className="block-menu"
      contentEditable={false}
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as globalThis.Node | null)) setOpen(false)
      }}
    >
      <button
        ref={handleRef}
        type="button"
        className="nv-icon-button block-handle"
        data-testid="block-handle"
        aria-label={t('block.menu')}
        title={t('block.menuHint')}
        aria-keyshortcuts="Shift+F10"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        // Keep the editor's selection; the menu acts on this block, not on the cursor.
        onMouseDown={(e) => e.preventDefault()}
        onClick={(e) => {
          e.stopPropagation()
          setOpen((o) => !o)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault()
            setOpen(true)
          }
        }}
      >
        ⋮
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" className="block-menu-list" data-testid="block-menu" aria-label={t('block.menu')} onKeyDown={onMenuKeyDown}>
          {items.map((item) => (
            <button
              key={item.action}
              type="button"
              role="menuitem"
              data-action={item.action}
              className={item.action === 'delete' ? 'block-menu-item block-menu-item--danger' : 'block-menu-item'}
              aria-disabled={!item.enabled}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={(e) => {
                e.stopPropagation()
                if (item.enabled) run(item.action)
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
