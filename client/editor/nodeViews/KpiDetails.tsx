import type { Node as PMNode } from '@tiptap/pm/model'
import type { KpiEntry, KpiInputRef } from '@schema/kpi/parseKpiValues'
import { useI18n } from '../../i18n/I18nProvider'
import { scrollToBlock } from '../../publish/scrollToBlock'
import { shownTime } from '../../time/instanceTime'
import { blockName, blockType, kpiFormula, kpiInputField, kpiInputValue, kpiLabel, kpiReason } from '../blockRules/kpiText'

/**
 * How one KPI value came about, opened by clicking the value (works on touch,
 * unlike a tooltip): the formula in the UI language, each input named by its
 * block with a link that scrolls there, the reason in words when there is no
 * value, the period, and when it was computed in the instance's time zone.
 */
export function KpiDetails({ entry, doc, onClose }: { entry: KpiEntry; doc: PMNode; onClose: () => void }) {
  const { t, locale } = useI18n()
  const label = kpiLabel(entry, doc, t)
  return (
    <section className="nv-kpi-details" data-testid="kpi-details" data-kpi={entry.key} aria-label={label}>
      <div className="nv-kpi-details-head">
        <strong>{label}</strong>
        <span className="nv-kpi-details-value">{entry.display}</span>
        <button type="button" className="nv-kpi-details-close" onClick={onClose} aria-label={t('kpi.close')} title={t('kpi.close')}>
          ×
        </button>
      </div>
      <dl className="nv-kpi-details-facts">
        {entry.reason && (
          <>
            <dt>{t('kpi.reason')}</dt>
            <dd data-testid="kpi-details-reason">{kpiReason(entry.reason, t)}</dd>
          </>
        )}
        <dt>{t('nv.kpi.formula')}</dt>
        <dd data-testid="kpi-details-formula">{kpiFormula(entry, t)}</dd>
        {entry.period && (
          <>
            <dt>{t('nv.kpi.period')}</dt>
            <dd>{entry.period}</dd>
          </>
        )}
        {entry.computedAt && (
          <>
            <dt>{t('nv.kpi.computedAt')}</dt>
            <dd data-testid="kpi-details-computed">{shownTime(entry.computedAt)}</dd>
          </>
        )}
        <dt>{t('nv.kpi.inputs')}</dt>
        <dd>
          {entry.inputRefs.length === 0 ? (
            t('kpi.noInputs')
          ) : (
            <ul className="nv-kpi-inputs" data-testid="kpi-details-inputs">
              {groupByBlock(entry.inputRefs).map((group, i) => {
                const name = blockName(doc, group.blockId, t)
                const type = blockType(doc, group.blockId)
                return (
                  <li key={i}>
                    {name ? (
                      <button
                        type="button"
                        className="nv-kpi-input-link"
                        data-block-target={group.blockId}
                        title={t('kpi.goTo', { name })}
                        onClick={() => scrollToBlock({ blockId: group.blockId })}
                      >
                        {name}
                      </button>
                    ) : (
                      <span>—</span>
                    )}{' '}
                    {group.inputs.map((input, j) => (
                      <span key={j} className="nv-kpi-input">
                        {j > 0 && ' · '}
                        {kpiInputField(input, t)} = <b>{kpiInputValue(input, type, locale, t)}</b>
                      </span>
                    ))}
                  </li>
                )
              })}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  )
}

/** Consecutive inputs of one block on one line: "服务总量 本月 = 1286000 · 目标 = 1200000". */
function groupByBlock(inputs: KpiInputRef[]): { blockId: string; inputs: KpiInputRef[] }[] {
  const groups: { blockId: string; inputs: KpiInputRef[] }[] = []
  for (const input of inputs) {
    const last = groups.at(-1)
    if (last && input.blockId && last.blockId === input.blockId) last.inputs.push(input)
    else groups.push({ blockId: input.blockId, inputs: [input] })
  }
  return groups
}
