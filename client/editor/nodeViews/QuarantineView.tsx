import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useI18n } from '../../i18n/I18nProvider'
import { attrText } from '../blockRules/attrText'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { BlockMenu } from '../blocks/BlockMenu'
import { deleteWithUndo } from '../blocks/deletedBlocks'
import { shownTime } from '../../time/instanceTime'

/**
 * Content the schema did not know, kept by the server as raw XML: a warning
 * with the original type and the raw content, and a way to remove it once
 * someone has re-entered what it said (publishing is blocked while it stays).
 */
export function QuarantineView({ node, editor, getPos }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const a = node.attrs
  const at = attrText(a.quarantinedAt)
  return (
    <NodeViewWrapper
      className="nv-quarantine"
      data-testid="quarantine-block"
      data-block-id={attrText(a.id)}
      role="note"
      contentEditable={false}
    >
      <div className="nv-block-head">
        <strong className="nv-quarantine-title">⚠ {t('nv.quarantine.title')}</strong>
        <BlockMenu editor={editor} getPos={getPos} node={node} quote={t('nv.quarantine.title')} />
      </div>
      <div className="nv-quarantine-meta">
        <span>
          {t('field.quarantine.originalType')}: <code>{attrText(a.originalType) || '—'}</code>
        </span>
        {at && (
          <span>
            {t('field.quarantine.quarantinedAt')}: {shownTime(at)}
          </span>
        )}
      </div>
      <p className="nv-quarantine-help">{t('nv.quarantine.help')}</p>
      <pre className="nv-quarantine-raw">{attrText(a.raw)}</pre>
      {editable && (
        <button type="button" name="deleteQuarantine" className="nv-danger-button" onClick={() => deleteWithUndo(editor, getPos)}>
          {t('nv.quarantine.delete')}
        </button>
      )}
    </NodeViewWrapper>
  )
}
