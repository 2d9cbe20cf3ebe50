import { useEffect, type ReactNode } from 'react'
import { useI18n } from '../i18n/I18nProvider'

interface Props {
  title: string
  onClose: () => void
  testId: string
  /** Extra controls in the header (print, export links). */
  actions?: ReactNode
  children: ReactNode
}

/** A full-window layer over the editor and the drawer; Escape closes it. */
export function HistoryOverlay({ title, onClose, testId, actions, children }: Props) {
  const { t } = useI18n()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <div className="history-overlay" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
      <div className="history-overlay__panel">
        <header className="history-overlay__head">
          <h2>{title}</h2>
          {actions}
          <button type="button" onClick={onClose} data-testid="history-overlay-close">
            {t('history.close')}
          </button>
        </header>
        <div className="history-overlay__body">{children}</div>
      </div>
    </div>
  )
}
