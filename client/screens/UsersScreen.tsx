import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { api, type PublicUser } from '../api/apiClient'
import { errorText } from '../api/errorText'
import { useApiAction } from '../api/useApiAction'
import { Avatar } from '../components/Avatar'
import { useI18n } from '../i18n/I18nProvider'

/**
 * The admin's user management: every user with their state, a form to
 * create one, and per user a password reset and deactivation (after a
 * confirmation; the server ends their sessions and open editors at once)
 * or reactivation. The server refuses deactivating oneself or the last admin.
 */
export function UsersScreen({ me }: { me: PublicUser }) {
  const { t } = useI18n()
  const [users, setUsers] = useState<PublicUser[] | null>(null)
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '' })
  const [resetting, setResetting] = useState<string | null>(null)
  const [newPassword, setNewPassword] = useState('')
  const [confirming, setConfirming] = useState<string | null>(null)

  const load = useCallback(() => {
    api.users().then(setUsers, (err: unknown) => setError(errorText(t, err)))
  }, [t])
  useEffect(load, [load])
  // `load` reports its error through the same message line (setError is called only after render).
  const { run, busy, message, error, setError } = useApiAction(load)

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (await run(() => api.createUser(draft), t('users.created', { name: draft.username }))) {
      setDraft({ username: '', displayName: '', password: '' })
    }
  }

  const reset = async (event: FormEvent, u: PublicUser) => {
    event.preventDefault()
    if (await run(() => api.resetPassword(u.id, newPassword), t('users.passwordReset', { name: u.displayName }))) {
      setResetting(null)
      setNewPassword('')
    }
  }

  return (
    <main className="page">
      <section className="card">
        <h1>{t('users.title')}</h1>
        {message && (
          <p className="side-drawer__message" role="status" data-testid="users-message">
            {message}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="users-error">
            {error}
          </p>
        )}
        {users === null ? (
          <p className="muted">{t('users.loading')}</p>
        ) : (
          <ul className="user-list">
            {users.map((u) => (
              <li key={u.id} className="user-row" data-username={u.username} data-testid="user-row">
                <div className="user-row__who">
                  <Avatar name={u.displayName} color={u.color} />
                  <span>
                    <strong>{u.displayName}</strong>
                    {u.id === me.id && t('users.you')} <span className="muted">@{u.username}</span>
                  </span>
                  {u.admin && <span className="badge">{t('users.admin')}</span>}
                  <span className={u.active ? 'badge ok' : 'badge danger'} data-testid="user-state">
                    {u.active ? t('users.active') : t('users.inactive')}
                  </span>
                </div>
                <div className="user-row__actions">
                  <button type="button" disabled={busy} onClick={() => setResetting(resetting === u.id ? null : u.id)}>
                    {t('users.resetPassword')}
                  </button>
                  {u.active ? (
                    u.id !== me.id && (
                      <button type="button" className="danger-button" disabled={busy} onClick={() => setConfirming(u.id)}>
                        {t('users.deactivate')}
                      </button>
                    )
                  ) : (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void run(() => api.setUserActive(u.id, true), t('users.reactivated', { name: u.displayName }))}
                    >
                      {t('users.reactivate')}
                    </button>
                  )}
                </div>
                {resetting === u.id && (
                  <form className="inline-form" onSubmit={(e) => void reset(e, u)}>
                    <label>
                      {t('users.newPassword', { name: u.displayName })}
                      <input
                        name="new-password"
                        type="password"
                        autoComplete="new-password"
                        value={newPassword}
                        onChange={(e) => setNewPassword(e.target.value)}
                        required
                        minLength={8}
                      />
                    </label>
                    <button type="submit" className="primary" disabled={busy}>
                      {t('users.save')}
                    </button>
                    <button type="button" className="link" onClick={() => setResetting(null)}>
                      {t('users.cancel')}
                    </button>
                  </form>
                )}
                {confirming === u.id && (
                  <div className="confirm-row" role="alertdialog" aria-label={t('users.deactivateConfirm', { name: u.displayName })}>
                    <p>{t('users.deactivateConfirm', { name: u.displayName })}</p>
                    <button
                      type="button"
                      className="danger-button"
                      disabled={busy}
                      data-testid="user-deactivate-confirm"
                      onClick={() => {
                        setConfirming(null)
                        void run(() => api.setUserActive(u.id, false), t('users.deactivated', { name: u.displayName }))
                      }}
                    >
                      {t('users.deactivateYes')}
                    </button>
                    <button type="button" className="link" onClick={() => setConfirming(null)}>
                      {t('users.cancel')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t('users.create')}</h2>
        <form className="user-create" onSubmit={create}>
          <label>
            {t('users.username')}
            <input
              name="username"
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value })}
              required
              pattern="[a-z][a-z0-9_.\-]{1,31}"
              autoComplete="off"
            />
          </label>
          <label>
            {t('users.displayName')}
            <input name="displayName" value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} required maxLength={64} />
          </label>
          <label>
            {t('users.password')}
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
              required
              minLength={8}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('users.submit')}
          </button>
        </form>
      </section>
    </main>
  )
}
