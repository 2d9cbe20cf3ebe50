import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { ACTION_STATUSES } from '@schema/blocks/actionItem/ActionItem'
import { nextPeriod } from '@schema/time/dates'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { AttrSelect } from './AttrSelect'
import { CarriedFromBadge } from './CarriedFromBadge'
import { attrText } from '../blockRules/attrText'
import { contentPlaceholder } from './contentPlaceholder'
import { MemberInput } from './MemberInput'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { useDocIndex } from '../viewHooks/useDocIndex'
import { BlockMenu } from '../blocks/BlockMenu'

/** The icon before each status's label (the words are the block's own, actionItemLabels.ts). */
const STATUS_ICONS: Record<(typeof ACTION_STATUSES)[number], string> = { todo: '☐', doing: '◐', done: '☑', blocked: '⊘' }

/**
 * An action item: status, the action text as content, then owner, due date,
 * the issue it fixes (chosen from the issues of this document) and a badge
 * when it was carried over from last month's report.
 */
export function ActionItemView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable, members, report } = useBlockEnv(editor)
  const issues = useDocIndex(editor, (index) => index.issues)
  const a = node.attrs
  const status = attrText(a.status)
  const issueId = attrText(a.issueId)
  const due = attrText(a.due)
  const carriedFrom = attrText(a.carriedFrom)
  const set = (field: string) => (value: string | null) => updateAttributes({ [field]: value })

  const dueIn = nextPeriod(report?.period ?? '')
  const dueOutside = due !== '' && dueIn !== null && due.slice(0, 7) !== dueIn
  // Carried over with last month's date: a new date is needed, nothing is wrong with the action (checkReport.ts).
  const duePassed = dueOutside && carriedFrom !== '' && due.slice(0, 7) < dueIn
  const issueOptions = [
    { value: '', label: t('nv.action.noIssue') },
    ...issues.map((i) => ({ value: i.id, label: i.title || t('nv.untitled') })),
    ...(issueId !== '' && !issues.some((i) => i.id === issueId) ? [{ value: issueId, label: t('nv.action.missingIssue') }] : []),
  ]

  return (
    <NodeViewWrapper
      className={`nv-action nv-action--${status}${editable ? '' : ' nv-readonly'}`}
      data-testid="action-item"
      data-block-id={attrText(a.id)}
    >
      <div className="nv-action-main">
        <div contentEditable={false} className="nv-action-status">
          <AttrSelect
            name="status"
            aria-label={t('field.actionItem.status')}
            value={a.status}
            options={ACTION_STATUSES.map((s) => ({ value: s, label: `${STATUS_ICONS[s]} ${t(`value.actionItem.status.${s}`)}` }))}
            onCommit={set('status')}
            editable={editable}
          />
        </div>
        <NodeViewContent className="nv-content nv-action-text" style={contentPlaceholder(t('nv.placeholder.action'))} />
      </div>
      <div className="nv-field-row nv-action-meta" contentEditable={false}>
        <label className="nv-field nv-field--inline">
          <span>{t('field.actionItem.owner')}</span>
          <MemberInput label={t('field.actionItem.owner')} value={a.owner} onCommit={set('owner')} editable={editable} members={members} />
        </label>
        <label className="nv-field nv-field--inline">
          <span>{t('field.actionItem.due')}</span>
          <AttrInput
            type="date"
            name="due"
            value={a.due}
            onCommit={set('due')}
            editable={editable}
            aria-invalid={dueOutside || undefined}
            className={dueOutside ? 'nv-warn-input' : undefined}
            title={dueOutside ? t(duePassed ? 'nv.action.duePassed' : 'nv.action.dueOutside') : undefined}
          />
        </label>
        <label className="nv-field nv-field--inline nv-action-issue">
          <span>{t('field.actionItem.issueId')}</span>
          <AttrSelect name="issueId" value={a.issueId} options={issueOptions} onCommit={set('issueId')} editable={editable} />
        </label>
        {carriedFrom !== '' && <CarriedFromBadge block="actionItem" carriedFrom={carriedFrom} previous={report?.previous ?? null} />}
        {dueOutside && <span className="nv-hint nv-warn">{t(duePassed ? 'nv.action.duePassed' : 'nv.action.dueOutside')}</span>}
        <CommentButton blockId={attrText(a.id)} quote={node.textContent} />
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={node.textContent} />
      </div>
    </NodeViewWrapper>
  )
}
