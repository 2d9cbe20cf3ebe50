import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { useReport } from '../ReportContext'
import { attrText } from './attrText'
import { kpiStale } from './kpiStale'
import { parseKpiValues, type KpiEntry } from './parseKpiValues'
import { useDocSelector } from './useDocSelector'
import { BlockMenu } from '../blocks/BlockMenu'
import { shownTime } from '../../time/instanceTime'

/**
 * KPI values computed by the server, read-only for everyone: each value
 * with its provenance (formula, inputs, period, computed at) as a tooltip;
 * a "pending" note until the server has computed them, and a "stale" badge
 * while the document has changed and the server's recompute is pending.
 */
export function KpiBlockView({ node, editor, getPos }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { report } = useReport()
  const scope = attrText(node.attrs.scope) || null
  const stale = useDocSelector(editor, (doc) => kpiStale(doc, report.period, report.locale, scope, node.attrs.values))
  const entries = parseKpiValues(node.attrs.values)
  const computedAt = attrText(node.attrs.computedAt)

  const provenance = (e: KpiEntry) =>
    [
      e.reason && `${t('nv.notComputable')}: ${e.reason}`,
      e.formula && `${t('nv.kpi.formula')}: ${e.formula}`,
      e.inputs.length > 0 && `${t('nv.kpi.inputs')}: ${e.inputs.join('; ')}`,
      e.period && `${t('nv.kpi.period')}: ${e.period}`,
      e.computedAt && `${t('nv.kpi.computedAt')}: ${shownTime(e.computedAt)}`,
    ]
      .filter(Boolean)
      .join('\n')

  return (
    <NodeViewWrapper
      className="nv-card nv-kpi"
      data-testid="kpi-block"
      data-block-id={attrText(node.attrs.id)}
      data-scope={attrText(node.attrs.scope)}
      contentEditable={false}
    >
      <div className="nv-kpi-head">
        <span className="nv-block-label">{t('nv.kpi.label')}</span>
        <CommentButton
          blockId={attrText(node.attrs.id)}
          quote={t('nv.kpi.label')}
          fields={(entries ?? []).map((e) => ({ value: e.key, label: e.label, quote: `${e.label}: ${e.display}` }))}
        />
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={t('nv.kpi.label')} />
        {stale && (
          <span className="nv-kpi-stale" data-testid="kpi-stale" title={t('nv.kpi.staleHint')}>
            {t('nv.kpi.stale')}
          </span>
        )}
        {computedAt && (
          <span className="nv-muted-small">
            {t('nv.kpi.computedAt')} {shownTime(computedAt)}
          </span>
        )}
      </div>
      {entries && entries.length > 0 ? (
        <dl className="nv-kpi-values">
          {entries.map((e, i) => (
            <div key={e.key || i} className="nv-kpi-value" data-kpi={e.key} title={provenance(e)}>
              <dt>{e.label}</dt>
              <dd>{e.display}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="nv-kpi-pending">{t('nv.kpi.pending')}</p>
      )}
    </NodeViewWrapper>
  )
}
