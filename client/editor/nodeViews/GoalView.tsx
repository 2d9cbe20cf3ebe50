import { useId } from 'react'
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { GOAL_STATUSES } from '@schema/blocks/goal/GoalBlock'
import { goalGaps } from '@schema/blocks/goal/goalGaps'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { MetricKeyOptions } from './MetricKeyOptions'
import { AttrSelect } from './AttrSelect'
import { attrText } from '../blockRules/attrText'
import { contentPlaceholder } from './contentPlaceholder'
import { DirectionToggle } from './DirectionToggle'
import { MemberInput } from './MemberInput'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { useDocIndex } from '../viewHooks/useDocIndex'
import { BlockMenu } from '../blocks/BlockMenu'

/**
 * A SMART goal card: the statement as content, the measurable fields below
 * it, and inline hints for what keeps it from being SMART-complete.
 * Picking a metric of this report fills an empty unit and baseline from
 * that metric's row (its unit and this month's value).
 */
export function GoalView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable, members } = useBlockEnv(editor)
  const metrics = useDocIndex(editor, (index) => index.metrics)
  const listId = useId()
  const a = node.attrs
  const set = (field: string) => (value: string | null) => updateAttributes({ [field]: value })
  // The one SMART rule: the publish check and the KPI "SMART goals" read the same gaps.
  const hints = goalGaps(a)
  const metric = metrics.find((m) => m.key === attrText(a.metricKey))

  const setMetricKey = (value: string | null) => {
    updateAttributes({ metricKey: value })
    const row = metrics.find((m) => m.key === value)
    if (!row) return
    if (attrText(a.unit) === '' && row.unit !== '') updateAttributes({ unit: row.unit })
    if (attrText(a.baseline) === '' && row.current !== '') updateAttributes({ baseline: row.current })
  }

  const field = (name: 'unit' | 'baseline' | 'target', numeric = false) => (
    <label className="nv-field">
      <span>{t(`field.goal.${name}`)}</span>
      <AttrInput name={name} value={a[name]} onCommit={set(name)} editable={editable} numeric={numeric} />
    </label>
  )

  return (
    <NodeViewWrapper
      className={`nv-card nv-goal${editable ? '' : ' nv-readonly'}`}
      data-testid="goal-card"
      data-block-id={attrText(a.id)}
      data-smart={hints.length === 0 ? 'complete' : 'incomplete'}
    >
      <div className="nv-goal-head" contentEditable={false}>
        <span className="nv-block-label">{t('block.title.goal')}</span>
        <AttrSelect
          name="status"
          aria-label={t('field.goal.status')}
          value={a.status}
          options={GOAL_STATUSES.map((s) => ({ value: s, label: t(`value.goal.status.${s}`) }))}
          onCommit={set('status')}
          editable={editable}
        />
        <CommentButton blockId={attrText(a.id)} quote={node.textContent} />
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={node.textContent} />
      </div>
      <NodeViewContent className="nv-content nv-goal-statement" style={contentPlaceholder(t('nv.placeholder.goal'))} />
      <div className="nv-card-fields nv-goal-fields" contentEditable={false}>
        <label className="nv-field nv-goal-metric">
          <span>{t('field.goal.metricKey')}</span>
          <AttrInput
            name="metricKey"
            value={a.metricKey}
            onCommit={setMetricKey}
            editable={editable}
            list={editable ? listId : undefined}
            title={metric ? metric.name : undefined}
          />
          {editable && (
            <MetricKeyOptions id={listId} metrics={metrics} />
          )}
          {metric && <small className="nv-field-note">{metric.name}</small>}
        </label>
        {field('baseline', true)}
        {field('target', true)}
        {field('unit')}
        <label className="nv-field">
          <span>{t('field.goal.direction')}</span>
          <DirectionToggle block="goal" value={a.direction} editable={editable} onChange={(d) => updateAttributes({ direction: d })} />
        </label>
        <label className="nv-field">
          <span>{t('field.goal.deadline')}</span>
          <AttrInput type="date" name="deadline" value={a.deadline} onCommit={set('deadline')} editable={editable} />
        </label>
        <label className="nv-field">
          <span>{t('field.goal.owner')}</span>
          <MemberInput label={t('field.goal.owner')} value={a.owner} onCommit={set('owner')} editable={editable} members={members} />
        </label>
      </div>
      <div className="nv-hints" contentEditable={false} role="status" data-testid="goal-hints">
        {hints.length === 0 ? (
          <span className="nv-good">✓ {t('nv.goal.smartOk')}</span>
        ) : (
          hints.map((h) => (
            <span key={h} className="nv-hint nv-warn" data-hint={h}>
              ⚠ {t(`nv.goal.hint.${h}`)}
            </span>
          ))
        )}
      </div>
    </NodeViewWrapper>
  )
}
