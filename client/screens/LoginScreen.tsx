import { useState, type FormEvent } from 'react'
import { api, ApiError, type PublicUser } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'

export function LoginScreen({ onLogin }: { onLogin: (user: PublicUser) => void }) {
  const { t, toggle } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const { user } = await api.login(username, password)
      onLogin(user)
    } catch (err) {
      // 429: this account or this address failed too often lately (Retry-After seconds in the details); 503: hashing queue full.
      const retryAfter = err instanceof ApiError ? (err.body as { error?: { details?: { retryAfterSeconds?: number } } } | null)?.error?.details?.retryAfterSeconds : undefined
      if (err instanceof ApiError && err.status === 429) setError(t('login.throttled', { s: retryAfter ?? '?' }))
      else if (err instanceof ApiError && err.status === 503) setError(t('login.busy'))
      else setError(t(err instanceof ApiError && err.code === 'account_deactivated' ? 'login.deactivated' : 'login.failed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit}>
        <h1>{t('app.title')}</h1>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <button type="button" className="link" onClick={toggle}>
          {t('app.language')}
        </button>
      </form>
    </main>
  )
}
