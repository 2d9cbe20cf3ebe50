import { useId, useState, type KeyboardEvent } from 'react'
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { attainment, metricStatus, momChange, type Direction } from '@schema/kpi/metricFormulas'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { attrText } from '../blockRules/attrText'
import { DirectionToggle, storedDirection } from './DirectionToggle'
import { formatDerived } from '../blockRules/formatDerived'
import { focusRowCell, moveAcross, moveVertically } from '../blockRules/metricGridNavigation'
import { newMetricRow } from '../blockRules/newMetricRow'
import { leaveMetricsTable } from '../blockRules/leaveMetricsTable'
import { RemoteEditNotice } from './RemoteEditNotice'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { useDocSelector } from '../viewHooks/useDocSelector'
import { deleteWithUndo } from '../blocks/deletedBlocks'
import { BlockMenu } from '../blocks/BlockMenu'

const isMod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey

/**
 * One metric as a row of the metrics table's grid. Every field is its own
 * attribute, written on each change; MoM change and target attainment are
 * computed here with the shared formulas, never stored.
 *
 * Keys in a cell: Tab / Shift-Tab next / previous cell (across rows),
 * Enter / Shift-Enter and ↓ / ↑ the same cell one row down / up (↓ / ↑ past
 * the last / first row leave the table for the text below / above it),
 * Ctrl/⌘-Enter inserts a row below, Ctrl/⌘-Shift-Backspace deletes the row,
 * Escape selects the row in the editor.
 */
export function MetricRowView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t, locale } = useI18n()
  const { editable } = useBlockEnv(editor)
  const [open, setOpen] = useState(false)
  const definitionId = useId()
  const a = node.attrs
  const stored = storedDirection(a.direction)
  // Derived values are computed as if higher is better until a direction is stored, but not coloured.
  const direction: Direction = stored ?? 'higher'
  const blockId = attrText(a.id)
  const current = a.current as string | null
  const previous = a.previous as string | null
  const target = a.target as string | null
  const definition = attrText(a.definition)

  const onlyRow = useDocSelector(editor, (doc) => {
    const pos = getPos()
    if (typeof pos !== 'number' || pos > doc.content.size) return true
    return doc.resolve(pos).parent.childCount <= 1
  })

  const set = (field: string) => (value: string | null) => updateAttributes({ [field]: value })

  /** Whether this user is typing in this row's `field` now. */
  const isEditing = (field: string) => () => {
    const el = document.activeElement
    return el instanceof HTMLElement && el.getAttribute('name') === field && el.closest('[data-testid=metric-row]')?.getAttribute('data-block-id') === blockId
  }
  const remoteNotice = (field: string) => (
    <RemoteEditNotice editor={editor} blockId={blockId} field={field} isEditing={isEditing(field)} onCommit={set(field)} />
  )

  const insertBelow = () => {
    const pos = getPos()
    if (typeof pos !== 'number') return
    const row = newMetricRow(editor)
    const id = row.attrs.id as string
    editor.commands.command(({ tr }) => {
      tr.insert(pos + node.nodeSize, row)
      return true
    })
    focusRowCell(id, 'name')
  }

  const remove = (from: HTMLElement | null) => {
    if (onlyRow) return
    const row = from?.closest('[data-testid=metric-row]')
    const rows = Array.from(row?.closest('[data-testid=metrics-table]')?.querySelectorAll('[data-testid=metric-row]') ?? [])
    const at = row ? rows.indexOf(row) : -1
    const neighbour = rows[at + 1] ?? rows[at - 1]
    deleteWithUndo(editor, getPos)
    const neighbourId = neighbour?.getAttribute('data-block-id')
    if (neighbourId) focusRowCell(neighbourId, from?.getAttribute('name') ?? 'name')
  }

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const cell = e.currentTarget
    const isButton = cell.tagName === 'BUTTON'
    if (e.key === 'Tab' && !e.altKey && !isMod(e)) {
      if (moveAcross(cell, e.shiftKey ? -1 : 1)) e.preventDefault()
    } else if (e.key === 'Enter' && isMod(e)) {
      e.preventDefault()
      if (editable) insertBelow()
    } else if (e.key === 'Backspace' && isMod(e) && e.shiftKey) {
      e.preventDefault()
      if (editable) remove(cell)
    } else if ((e.key === 'Enter' && !isButton) || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const step = e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 1
      const pos = getPos()
      // ↑ / ↓ past the first / last row leave the table for the text above / below it.
      if (!moveVertically(cell, step) && e.key !== 'Enter' && typeof pos === 'number') leaveMetricsTable(editor, pos, step)
    } else if (e.key === 'Escape') {
      const pos = getPos()
      if (typeof pos === 'number') editor.chain().setNodeSelection(pos).focus().run()
    }
  }

  const cell = (name: 'current' | 'previous' | 'target' | 'unit', numeric = false) => (
    <div role="cell" className={`nv-metric-cell nv-metric-${name}`}>
      <AttrInput
        name={name}
        value={a[name]}
        onCommit={set(name)}
        editable={editable}
        numeric={numeric}
        data-nav-cell=""
        aria-label={t(`field.metricRow.${name}`)}
        onKeyDown={onKeyDown}
      />
      {remoteNotice(name)}
    </div>
  )

  const mom = momChange(current, previous)
  const momShown = formatDerived(mom, t, 'signedPercent')
  const momTone = !stored || !mom.ok || mom.value === 0 ? '' : (mom.value > 0) === (direction === 'higher') ? 'nv-good' : 'nv-bad'
  const attShown = formatDerived(attainment(current, target, direction), t, 'percent')
  const status = metricStatus(current, target, direction)
  const attTone = !stored ? '' : status === 'met' ? 'nv-good' : status === 'missed' ? 'nv-bad' : ''

  const detail = (name: 'key' | 'definition' | 'source' | 'note') => (
    <label className={`nv-field nv-metric-detail-${name}`}>
      <span>{t(`field.metricRow.${name}`)}</span>
      <AttrInput
        name={name}
        value={a[name]}
        onCommit={set(name)}
        editable={editable}
        data-nav-cell=""
        placeholder={editable && name === 'definition' ? t('nv.metrics.definitionPlaceholder') : undefined}
        onKeyDown={onKeyDown}
      />
    </label>
  )

  return (
    <NodeViewWrapper
      className={`nv-metric-row${editable ? '' : ' nv-readonly'}${open ? ' nv-metric-row--open' : ''}`}
      data-testid="metric-row"
      data-block-id={blockId}
      contentEditable={false}
    >
      <div role="row" className="nv-metric-grid">
        <div role="cell" className="nv-metric-cell nv-metric-name">
          <AttrInput
            name="name"
            value={a.name}
            onCommit={set('name')}
            editable={editable}
            data-nav-cell=""
            aria-label={t('field.metricRow.name')}
            aria-describedby={definitionId}
            onKeyDown={onKeyDown}
          />
          <span
            id={definitionId}
            className={`nv-metric-definition${definition ? '' : ' nv-metric-definition--empty'}`}
            title={definition ? `${t('field.metricRow.definition')}: ${definition}` : t('nv.metrics.noDefinition')}
            onClick={() => setOpen(true)}
          >
            {definition ? `${t('field.metricRow.definition')}${locale === 'zh-CN' ? '：' : ': '}${definition}` : t('nv.metrics.noDefinition')}
          </span>
          {remoteNotice('name')}
        </div>
        {cell('current', true)}
        {cell('previous', true)}
        {cell('target', true)}
        {cell('unit')}
        <div role="cell" className="nv-metric-cell">
          <DirectionToggle
            block="metricRow"
            value={stored}
            editable={editable}
            onChange={(d) => updateAttributes({ direction: d })}
            onKeyDown={onKeyDown}
            className="nv-metric-direction"
            data-nav-cell=""
          />
        </div>
        <div role="cell" className={`nv-metric-cell nv-derived ${momTone}`} data-derived="mom" title={momShown.reason ?? undefined}>
          {momShown.text}
        </div>
        <div
          role="cell"
          className={`nv-metric-cell nv-derived ${attTone}`}
          data-derived="attainment"
          title={attShown.reason ?? (status === 'met' || status === 'missed' ? t(`nv.metrics.status.${status}`) : undefined)}
        >
          {attShown.text}
        </div>
        <div role="cell" className="nv-metric-cell nv-metric-actions">
          <button
            type="button"
            name="details"
            className="nv-icon-button"
            data-nav-cell=""
            aria-expanded={open}
            title={t('nv.metrics.details')}
            aria-label={t('nv.metrics.details')}
            onClick={() => setOpen(!open)}
            onKeyDown={onKeyDown}
          >
            {open ? '▾' : '▸'}
          </button>
          <CommentButton
            blockId={attrText(a.id)}
            quote={attrText(a.name)}
            fields={(['current', 'previous', 'target', 'unit'] as const).map((f) => ({
              value: f,
              label: t(`field.metricRow.${f}`),
              quote: `${attrText(a.name)} · ${t(`field.metricRow.${f}`)}: ${attrText(a[f])}`,
            }))}
          />
          <BlockMenu editor={editor} getPos={getPos} node={node} quote={attrText(a.name)} />
        </div>
      </div>
      {open && (
        <div role="row" className="nv-metric-detail">
          <div role="cell" className="nv-metric-detail-fields">
            {detail('key')}
            {detail('definition')}
            {detail('source')}
            {detail('note')}
            {editable && (
              <button
                type="button"
                name="deleteRow"
                className="nv-danger-button"
                data-nav-cell=""
                disabled={onlyRow}
                title={onlyRow ? t('nv.metrics.lastRow') : undefined}
                aria-keyshortcuts="Control+Shift+Backspace"
                onClick={(e) => remove(e.currentTarget)}
                onKeyDown={onKeyDown}
              >
                {t('nv.metrics.deleteRow')}
              </button>
            )}
          </div>
        </div>
      )}
    </NodeViewWrapper>
  )
}
