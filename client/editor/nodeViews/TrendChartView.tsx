import { useId } from 'react'
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { MetricKeyOptions } from './MetricKeyOptions'
import { AttrSelect } from './AttrSelect'
import { attrText } from './attrText'
import { useBlockEnv } from './useBlockEnv'
import { useDocIndex } from './useDocIndex'

const MONTHS = ['3', '6', '12'] as const
const W = 480
const H = 160
const PAD = 32

/**
 * A metric over the last published months of the series, as an SVG figure.
 * The history comes from published reports, which the client does not have
 * yet: the chart draws its axes and says there is no published data.
 */
export function TrendChartView({ node, editor, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const metrics = useDocIndex(editor, (index) => index.metrics)
  const listId = useId()
  const titleId = useId()
  const key = attrText(node.attrs.metricKey)
  const metric = metrics.find((m) => m.key === key)
  const months = Math.max(1, Math.min(24, Number.parseInt(attrText(node.attrs.months), 10) || 6))
  const step = (W - 2 * PAD) / Math.max(1, months - 1)

  return (
    <NodeViewWrapper
      as="figure"
      className={`nv-card nv-trend${editable ? '' : ' nv-readonly'}`}
      data-testid="trend-chart"
      data-block-id={attrText(node.attrs.id)}
      data-metric-key={key}
      contentEditable={false}
    >
      <svg className="nv-trend-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{`${metric?.name ?? key} · ${t('nv.trend.noData')}`}</title>
        <line x1={PAD} y1={H - PAD} x2={W - PAD / 2} y2={H - PAD} className="nv-axis" />
        <line x1={PAD} y1={PAD / 2} x2={PAD} y2={H - PAD} className="nv-axis" />
        {Array.from({ length: months }, (_, i) => (
          <line key={i} x1={PAD + i * step} y1={H - PAD} x2={PAD + i * step} y2={H - PAD + 4} className="nv-axis" />
        ))}
        <text x={W / 2} y={H / 2} textAnchor="middle" className="nv-trend-empty">
          {t('nv.trend.noData')}
        </text>
      </svg>
      <figcaption className="nv-trend-caption">
        <span className="nv-block-label">{t('nv.trend.label')}</span>
        {editable ? (
          <>
            <AttrInput
              name="metricKey"
              value={node.attrs.metricKey}
              onCommit={(v) => updateAttributes({ metricKey: v })}
              editable={editable}
              list={listId}
              aria-label={t('nv.trend.metric')}
              placeholder={t('nv.trend.metric')}
            />
            <MetricKeyOptions id={listId} metrics={metrics} />
          </>
        ) : (
          <code className="nv-metric-key">{key || '—'}</code>
        )}
        {metric && <span>{metric.name}</span>}
        <AttrSelect
          name="months"
          aria-label={t('nv.trend.months')}
          value={node.attrs.months}
          options={MONTHS.map((m) => ({ value: m, label: `${m} ${t('nv.trend.monthsUnit')}` }))}
          onCommit={(v) => updateAttributes({ months: v })}
          editable={editable}
        />
      </figcaption>
    </NodeViewWrapper>
  )
}
