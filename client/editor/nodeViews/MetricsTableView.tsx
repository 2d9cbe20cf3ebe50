import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useI18n } from '../../i18n/I18nProvider'
import type { MessageKey } from '../../i18n/messages'
import { attrText } from '../blockRules/attrText'
import { focusRowCell } from '../blockRules/metricGridNavigation'
import { newMetricRow } from '../blockRules/newMetricRow'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { BlockMenu } from '../blocks/BlockMenu'

/** The column headers: the row's fields by their own labels (metricRowLabels.ts), then the two computed columns. */
const COLUMNS = [
  'field.metricRow.name',
  'field.metricRow.current',
  'field.metricRow.previous',
  'field.metricRow.target',
  'field.metricRow.unit',
  'field.metricRow.direction',
  'nv.metrics.col.mom',
  'nv.metrics.col.attainment',
] as const satisfies readonly MessageKey[]

/**
 * The metrics table: a grid header, the rows as editable content (each row
 * stays its own `metricRow` node with its own view), and "add metric".
 */
export function MetricsTableView({ node, editor, getPos }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const title = attrText(node.attrs.title)

  const addRow = () => {
    const pos = getPos()
    if (typeof pos !== 'number') return
    const row = newMetricRow(editor)
    const id = row.attrs.id as string
    editor.commands.command(({ tr }) => {
      const table = tr.doc.nodeAt(pos)
      if (!table) return false
      tr.insert(pos + table.nodeSize - 1, row)
      return true
    })
    focusRowCell(id, 'name')
  }

  return (
    <NodeViewWrapper
      className={`nv-metrics${editable ? '' : ' nv-readonly'}`}
      data-testid="metrics-table"
      data-block-id={attrText(node.attrs.id)}
      role="table"
      aria-label={title || t('block.title.metricsTable')}
    >
      {(title || editable) && (
        <div className="nv-metrics-caption" contentEditable={false}>
          <span>{title}</span>
          <BlockMenu editor={editor} getPos={getPos} node={node} quote={title || t('block.title.metricsTable')} />
        </div>
      )}
      <div role="row" className="nv-metric-grid nv-metrics-head" contentEditable={false}>
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c} className="nv-metric-cell">
            {t(c)}
          </div>
        ))}
        <div role="columnheader" className="nv-metric-cell" aria-label={t('nv.metrics.details')} />
      </div>
      <NodeViewContent className="nv-metrics-body" role="rowgroup" />
      {editable && (
        <div className="nv-metrics-foot" contentEditable={false}>
          <button type="button" name="addRow" className="nv-add-button" onClick={addRow}>
            {t('nv.metrics.addRow')}
          </button>
          <span className="nv-keys-hint">{t('nv.metrics.keys')}</span>
        </div>
      )}
    </NodeViewWrapper>
  )
}
