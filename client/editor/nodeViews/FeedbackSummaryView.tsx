import { TextSelection } from '@tiptap/pm/state'
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { newBlockId } from '@schema/blockId'
import { nps, ratio } from '@schema/kpi/metricFormulas'
import { parseNumber } from '@schema/kpi/parseNumber'
import { useI18n } from '../../i18n/I18nProvider'
import { AttrInput } from './AttrInput'
import { attrText } from '../blockRules/attrText'
import { formatDerived } from '../blockRules/formatDerived'
import { useBlockEnv } from '../viewHooks/useBlockEnv'
import { BlockMenu } from '../blocks/BlockMenu'

const COUNTS = ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'] as const

/** A number when the text parses as one; null otherwise (no warning on missing input). */
const num = (v: unknown): number | null => {
  const d = parseNumber(v == null ? null : String(v))
  return d.ok ? d.value : null
}

/**
 * Customer feedback: the survey and complaint counts as fields, NPS, CSAT
 * and complaint resolution rate computed live, warnings when the counts
 * do not add up, then the theme rows and the summary text as content.
 */
export function FeedbackSummaryView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useI18n()
  const { editable } = useBlockEnv(editor)
  const a = node.attrs
  const s = (field: string) => (a[field] == null ? null : String(a[field]))

  const npsShown = formatDerived(nps(s('promoters'), s('detractors'), s('responses')), t, 'number')
  const csat = parseNumber(s('csat'))
  const csatShown = csat.ok ? { text: String(csat.value), reason: null } : formatDerived(csat, t, 'number')
  const resolvedShown = formatDerived(ratio(s('complaintsResolved'), s('complaints')), t, 'percent')

  const [responses, promoters, passives, detractors] = [a.responses, a.promoters, a.passives, a.detractors].map(num)
  const [complaints, resolved] = [a.complaints, a.complaintsResolved].map(num)
  const warnings: ('respondents' | 'resolved')[] = []
  if (responses != null && promoters != null && passives != null && detractors != null && promoters + passives + detractors > responses) {
    warnings.push('respondents')
  }
  if (complaints != null && resolved != null && resolved > complaints) warnings.push('resolved')

  const addTheme = () => {
    const pos = getPos()
    const themeType = editor.schema.nodes.feedbackTheme
    if (typeof pos !== 'number' || !themeType) return
    editor
      .chain()
      .command(({ tr }) => {
        const summary = tr.doc.nodeAt(pos)
        if (!summary) return false
        let at = pos + 1
        summary.forEach((child) => {
          if (child.type === themeType) at += child.nodeSize
        })
        tr.insert(at, themeType.create({ id: newBlockId() }))
        tr.setSelection(TextSelection.create(tr.doc, at + 1))
        return true
      })
      .focus()
      .scrollIntoView()
      .run()
  }

  return (
    <NodeViewWrapper
      className={`nv-card nv-feedback${editable ? '' : ' nv-readonly'}`}
      data-testid="feedback-summary"
      data-block-id={attrText(a.id)}
    >
      <div className="nv-card-fields" contentEditable={false}>
        <div className="nv-block-head">
          <span className="nv-block-label">{t('block.title.feedbackSummary')}</span>
          <BlockMenu editor={editor} getPos={getPos} node={node} quote={t('block.title.feedbackSummary')} />
        </div>
        <div className="nv-feedback-counts">
          {COUNTS.map((c) => (
            <label key={c} className="nv-field">
              <span>{t(`field.feedbackSummary.${c}`)}</span>
              <AttrInput name={c} value={a[c]} onCommit={(v) => updateAttributes({ [c]: v })} editable={editable} numeric />
            </label>
          ))}
        </div>
        <div className="nv-stats">
          <Stat label={t('nv.feedback.nps')} shown={npsShown} name="nps" />
          <Stat label={t('field.feedbackSummary.csat')} shown={csatShown} name="csat" />
          <Stat label={t('nv.feedback.resolutionRate')} shown={resolvedShown} name="resolutionRate" />
        </div>
        {warnings.map((w) => (
          <p key={w} className="nv-hint nv-warn" role="alert" data-warning={w}>
            ⚠ {t(`nv.feedback.warn.${w}`)}
          </p>
        ))}
        <span className="nv-content-label">{t('nv.feedback.themes')}</span>
      </div>
      <NodeViewContent className="nv-content nv-feedback-content" />
      {editable && (
        <div className="nv-card-foot" contentEditable={false}>
          <button type="button" name="addTheme" className="nv-add-button" onClick={addTheme}>
            {t('nv.feedback.addTheme')}
          </button>
        </div>
      )}
    </NodeViewWrapper>
  )
}

function Stat({ label, shown, name }: { label: string; shown: { text: string; reason: string | null }; name: string }) {
  return (
    <div className="nv-stat" data-stat={name} title={shown.reason ?? undefined}>
      <span className="nv-stat-label">{label}</span>
      <span className="nv-stat-value">{shown.text}</span>
    </div>
  )
}
