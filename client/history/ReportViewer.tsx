import { useEffect, useState } from 'react'
import { api } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { HistoryOverlay } from './HistoryOverlay'

interface Props {
  /** The server-rendered HTML of a version or snapshot. */
  path: string
  title: string
  onClose: () => void
}

/**
 * A version or snapshot read-only, exactly as the server renders it for
 * export. The HTML goes into a sandboxed iframe (no scripts, no same-origin
 * access): it is the report's own content, shown without giving it the app's
 * cookie or DOM.
 */
export function ReportViewer({ path, title, onClose }: Props) {
  const { t } = useI18n()
  const [html, setHtml] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setHtml(null)
    setError(null)
    api.exportHtml(path).then(
      (text) => live && setHtml(text),
      (err: Error) => live && setError(err.message),
    )
    return () => {
      live = false
    }
  }, [path])
  return (
    <HistoryOverlay title={t('history.viewerTitle', { item: title })} onClose={onClose} testId="history-viewer">
      {error && <p className="error">{t('history.error')}{error}</p>}
      {!error && html === null && <p className="muted">{t('history.loading')}</p>}
      {html !== null && <iframe className="history-frame" sandbox="" srcDoc={html} title={title} data-testid="history-frame" />}
    </HistoryOverlay>
  )
}
