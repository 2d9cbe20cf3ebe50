import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { useReport } from '../ReportContext'
import { attrText } from '../blockRules/attrText'
import { kpiStale } from '../blockRules/kpiStale'
import { parseKpiValues } from '@schema/kpi/parseKpiValues'
import { useDocSelector } from '../viewHooks/useDocSelector'
import { BlockMenu } from '../blocks/BlockMenu'
import { shownTime } from '../../time/instanceTime'
import { useState } from 'react'
import { KpiDetails } from './KpiDetails'
import { kpiLabel } from '../blockRules/kpiText'

/**
 * KPI values computed by the server, read-only for everyone, labelled in
 * the UI language: clicking a value opens its details (KpiDetails: formula,
 * inputs with links to their blocks, reason, computed at); a "pending" note
 * until the server has computed them, and a "stale" badge while the
 * document has changed and the server's recompute is pending.
 */
export function KpiBlockView({ node, editor, getPos }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { report } = useReport()
  const scope = attrText(node.attrs.scope) || null
  const stale = useDocSelector(editor, (doc) => kpiStale(doc, report.period, report.locale, scope, node.attrs.values))
  const entries = parseKpiValues(node.attrs.values)
  const computedAt = attrText(node.attrs.computedAt)

  const [open, setOpen] = useState<string | null>(null)
  const doc = editor.state.doc
  const openEntry = entries?.find((e) => e.key === open) ?? null

  return (
    <NodeViewWrapper
      className="nv-card nv-kpi"
      data-testid="kpi-block"
      data-block-id={attrText(node.attrs.id)}
      data-scope={attrText(node.attrs.scope)}
      contentEditable={false}
    >
      <div className="nv-kpi-head">
        <span className="nv-block-label">{t('block.title.kpiBlock')}</span>
        <CommentButton
          blockId={attrText(node.attrs.id)}
          quote={t('block.title.kpiBlock')}
          fields={(entries ?? []).map((e) => ({ value: e.key, label: e.label, quote: `${e.label}: ${e.display}` }))}
        />
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={t('block.title.kpiBlock')} />
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
          {entries.map((e, i) => {
            const label = kpiLabel(e, doc, t)
            return (
              <div
                key={e.key || i}
                className={`nv-kpi-value${open === e.key ? ' is-open' : ''}`}
                data-kpi={e.key}
                onClick={() => setOpen(open === e.key ? null : e.key)}
              >
                <dt>{label}</dt>
                <dd>
                  <button type="button" className="nv-kpi-open" aria-expanded={open === e.key} aria-label={t('kpi.details', { label })} title={t('kpi.details', { label })}>
                    {e.display}
                  </button>
                  {e.key === 'summary.issuesBySeverity' && <span className="nv-kpi-legend" data-testid="kpi-legend">{t('kpi.legend.issuesBySeverity')}</span>}
                </dd>
              </div>
            )
          })}
        </dl>
      ) : (
        <p className="nv-kpi-pending">{t('nv.kpi.pending')}</p>
      )}
      {openEntry && <KpiDetails entry={openEntry} doc={doc} onClose={() => setOpen(null)} />}
    </NodeViewWrapper>
  )
}
