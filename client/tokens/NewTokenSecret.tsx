import { useRef, useState } from 'react'
import { useI18n } from '../i18n/I18nProvider'

/**
 * A new token's secret, shown this once: read-only text (selected on focus),
 * a copy button and the warning that it cannot be seen again. Dismissed by the
 * user; nothing keeps it afterwards.
 */
export function NewTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const field = useRef<HTMLInputElement>(null)

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token)
      setCopied('yes')
    } catch {
      field.current?.select()
      setCopied('failed')
    }
  }

  return (
    <div className="token-secret" role="region" aria-label={t('tokens.secretTitle', { name })} data-testid="token-secret-box">
      <h2>{t('tokens.secretTitle', { name })}</h2>
      <p className="token-secret__warning">{t('tokens.secretWarning')}</p>
      <div className="token-secret__row">
        <input ref={field} readOnly value={token} data-testid="token-secret" aria-label={t('tokens.secretTitle', { name })} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="primary" onClick={() => void copy()} data-testid="token-copy">
          {copied === 'yes' ? t('tokens.copied') : t('tokens.copy')}
        </button>
      </div>
      {copied === 'failed' && <p className="muted">{t('tokens.copyFailed')}</p>}
      <button type="button" className="link" onClick={onDone} data-testid="token-secret-done">
        {t('tokens.secretDone')}
      </button>
    </div>
  )
}
