import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { ISSUE_SEVERITIES, ISSUE_STATUSES } from '@schema/blocks/issue/IssueBlock'
import { CommentButton } from '../../comments/CommentButton'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput, AttrTextarea } from './AttrInput'
import { AttrSelect } from './AttrSelect'
import { CarriedFromBadge } from './CarriedFromBadge'
import { attrText } from '../blockRules/attrText'
import { contentPlaceholder } from './contentPlaceholder'
import { MemberInput } from './MemberInput'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { useDocIndex } from '../viewHooks/useDocIndex'
import { BlockMenu } from '../blocks/BlockMenu'
import { issueNeedsAction } from '@schema/blocks/issue/issueNeedsAction'

/**
 * An issue card: severity pill, title, owner, status, category, impact and root
 * cause as fields, the description as editable content below. Shows how
 * many action items link to it (an issue of medium severity or above needs one).
 */
export function IssueView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable, members, report } = useBlockEnv(editor)
  const a = node.attrs
  const carriedFrom = attrText(a.carriedFrom)
  const id = attrText(a.id)
  const severity = attrText(a.severity)
  const linked = useDocIndex(editor, (index) => index.actionsByIssue[id] ?? 0)
  const set = (field: string) => (value: string | null) => updateAttributes({ [field]: value })

  return (
    <NodeViewWrapper
      className={`nv-card nv-issue nv-severity--${severity}${editable ? '' : ' nv-readonly'}`}
      data-testid="issue-card"
      data-block-id={id}
    >
      <div className="nv-card-fields" contentEditable={false}>
        <div className="nv-issue-head">
          <AttrSelect
            name="severity"
            className={`nv-pill nv-pill--${severity}`}
            aria-label={t('field.issue.severity')}
            value={a.severity}
            options={ISSUE_SEVERITIES.map((s) => ({ value: s, label: t(`value.issue.severity.${s}`) }))}
            onCommit={set('severity')}
            editable={editable}
          />
          <AttrInput
            name="title"
            className="nv-title-input"
            value={a.title}
            onCommit={set('title')}
            editable={editable}
            placeholder={editable ? t('field.issue.title') : ''}
            aria-label={t('field.issue.title')}
          />
          <AttrSelect
            name="status"
            aria-label={t('field.issue.status')}
            value={a.status}
            options={ISSUE_STATUSES.map((s) => ({ value: s, label: t(`value.issue.status.${s}`) }))}
            onCommit={set('status')}
            editable={editable}
          />
          <CommentButton blockId={id} quote={attrText(a.title) || node.textContent} />
          <BlockMenu editor={editor} getPos={getPos} node={node} quote={attrText(a.title) || node.textContent} />
        </div>
        <div className="nv-field-row">
          <label className="nv-field">
            <span>{t('field.issue.owner')}</span>
            <MemberInput label={t('field.issue.owner')} value={a.owner} onCommit={set('owner')} editable={editable} members={members} />
          </label>
          <label className="nv-field">
            <span>{t('field.issue.category')}</span>
            <AttrInput name="category" value={a.category} onCommit={set('category')} editable={editable} />
          </label>
          <label className="nv-field">
            <span>{t('field.issue.impact')}</span>
            <AttrInput name="impact" value={a.impact} onCommit={set('impact')} editable={editable} />
          </label>
          <span
            className={`nv-linked${linked === 0 && issueNeedsAction(severity) ? ' nv-warn' : ''}`}
            data-linked-actions={linked}
          >
            {linked === 0 ? t('nv.issue.noActions') : `${t('nv.issue.linkedActions')}: ${linked}`}
          </span>
          {carriedFrom !== '' && <CarriedFromBadge block="issue" carriedFrom={carriedFrom} previous={report?.previous ?? null} />}
        </div>
        <label className="nv-field">
          <span>{t('field.issue.rootCause')}</span>
          <AttrTextarea name="rootCause" value={a.rootCause} onCommit={set('rootCause')} editable={editable} />
        </label>
        <span className="nv-content-label">{t('field.issue.description')}</span>
      </div>
      <NodeViewContent className="nv-content" style={contentPlaceholder(t('nv.placeholder.issue'))} />
    </NodeViewWrapper>
  )
}
