import type { CheckProblem } from '@schema/check/CheckProblem'
import { useI18n } from '../i18n/I18nProvider'
import { scrollToBlock } from './scrollToBlock'

interface Props {
  problems: CheckProblem[] | null
  running: boolean
  error: string | null
  onRun(): void
}

/** The publish checklist: problems in the UI language (useCheck asks for it); a click leads to the block. */
export function CheckPanel({ problems, running, error, onRun }: Props) {
  const { t } = useI18n()
  const errors = problems?.filter((p) => p.severity === 'error') ?? []
  const warnings = problems?.filter((p) => p.severity === 'warning') ?? []
  return (
    <section className="card check-panel" aria-label={t('publish.check')} data-testid="check-panel">
      <header className="check-head">
        <h3>{t('publish.check')}</h3>
        <span className={errors.length ? 'badge danger' : 'badge ok'} data-testid="check-summary">
          {problems === null
            ? t('publish.checking')
            : errors.length
              ? errors.length === 1
                ? t('publish.checkError')
                : t('publish.checkErrors', { n: errors.length })
              : t('publish.checkOk')}
        </span>
        {warnings.length > 0 && <span className="badge warn">{warnings.length === 1 ? t('publish.checkWarning') : t('publish.checkWarnings', { n: warnings.length })}</span>}
        <button type="button" className="link" onClick={onRun} disabled={running}>
          {running ? t('publish.checking') : t('publish.checkRun')}
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      <ol className="check-list">
        {[...errors, ...warnings].map((p, i) => (
          <li key={`${p.code}-${p.blockId ?? p.section ?? ''}-${i}`} className={`check-item ${p.severity}`}>
            <button
              type="button"
              className="check-link"
              data-code={p.code}
              data-block={p.blockId ?? ''}
              onClick={() => scrollToBlock(p)}
            >
              <span className={`sev ${p.severity}`}>{t(`publish.severity.${p.severity}`)}</span> {p.message}
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
