import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { SENTIMENTS } from '@schema/blocks/feedbackSummary/FeedbackTheme'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { AttrSelect } from './AttrSelect'
import { attrText } from '../blockRules/attrText'
import { contentPlaceholder } from './contentPlaceholder'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { BlockMenu } from '../blocks/BlockMenu'
import { deleteWithUndo } from '../blocks/deletedBlocks'

/**
 * One feedback theme: sentiment, the theme text as content, channel and
 * mention count. Enter in the text starts a new theme (see clientReportNodes).
 */
export function FeedbackThemeView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const a = node.attrs
  const sentiment = attrText(a.sentiment)
  const set = (field: string) => (value: string | null) => updateAttributes({ [field]: value })

  return (
    <NodeViewWrapper
      className={`nv-theme nv-theme--${sentiment}${editable ? '' : ' nv-readonly'}`}
      data-testid="feedback-theme"
      data-block-id={attrText(a.id)}
    >
      <span contentEditable={false} className="nv-theme-sentiment">
        <AttrSelect
          name="sentiment"
          aria-label={t('field.feedbackTheme.sentiment')}
          className={`nv-pill nv-pill--${sentiment}`}
          value={a.sentiment}
          options={SENTIMENTS.map((s) => ({ value: s, label: t(`value.feedbackTheme.sentiment.${s}`) }))}
          onCommit={set('sentiment')}
          editable={editable}
        />
      </span>
      <NodeViewContent className="nv-content nv-theme-text" style={contentPlaceholder(t('nv.placeholder.theme'))} />
      <span contentEditable={false} className="nv-theme-fields">
        <AttrInput
          name="channel"
          className="nv-theme-channel"
          value={a.channel}
          onCommit={set('channel')}
          editable={editable}
          placeholder={editable ? t('field.feedbackTheme.channel') : ''}
          aria-label={t('field.feedbackTheme.channel')}
        />
        <AttrInput
          name="count"
          className="nv-theme-count"
          value={a.count}
          onCommit={set('count')}
          editable={editable}
          numeric
          placeholder={editable ? t('field.feedbackTheme.count') : ''}
          aria-label={t('field.feedbackTheme.count')}
        />
        {editable && (
          <button type="button" name="deleteTheme" className="nv-icon-button" title={t('nv.theme.delete')} aria-label={t('nv.theme.delete')} onClick={() => deleteWithUndo(editor, getPos)}>
            ×
          </button>
        )}
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={node.textContent} />
      </span>
    </NodeViewWrapper>
  )
}
