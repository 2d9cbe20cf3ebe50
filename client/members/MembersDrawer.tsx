import { useEffect, useState, type FormEvent } from 'react'
import { ROLES, type Role } from '@schema/roles'
import { api, type PublicUser, type ReportDetail, type ReportMember } from '../api/apiClient'
import { useApiAction } from '../api/useApiAction'
import { Avatar } from '../components/Avatar'
import { useI18n } from '../i18n/I18nProvider'

interface Props {
  report: ReportDetail
  user: PublicUser
  onChanged: () => void
  onClose: () => void
}

/**
 * The people of a report. Owners and admins change roles, remove members
 * (after a confirmation; the server closes their open editor at once) and
 * add people by username, picked from the users they know or typed. The
 * server keeps the last owner and checks every change again.
 */
export function MembersDrawer({ report, user, onChanged, onClose }: Props) {
  const { t } = useI18n()
  const canManage = report.role === 'owner'
  const [known, setKnown] = useState<PublicUser[]>([])
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<Role>('editor')
  const [confirming, setConfirming] = useState<string | null>(null)

  useEffect(() => {
    if (canManage) api.users().then(setKnown, () => {})
  }, [canManage])

  const nameOf = (m: ReportMember) => m.displayName ?? m.userId
  const { run, busy, message, error } = useApiAction(onChanged)
  const candidates = known.filter((u) => u.active !== false && !report.members.some((m) => m.userId === u.id))


  const add = async (event: FormEvent) => {
    event.preventDefault()
    const name = username.trim()
    if (await run(() => api.addMember(report.id, name, role), t('members.added', { name }))) setUsername('')
  }

  return (
    <aside className="side-drawer" aria-label={t('members.title')} data-testid="members-drawer">
      <header className="side-drawer__head">
        <h2>{t('members.title')}</h2>
        <button type="button" className="link" onClick={onClose}>
          {t('members.close')}
        </button>
      </header>
      {message && (
        <p className="side-drawer__message" role="status" data-testid="members-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="members-error">
          {error}
        </p>
      )}
      <ul className="member-list">
        {report.members.map((m) => (
          <li key={m.userId} className="member-row" data-user-id={m.userId} data-testid="member-row">
            <div className="member-row__who">
              <Avatar name={nameOf(m)} color={m.color ?? '#868e96'} />
              <span>
                {nameOf(m)}
                {m.userId === user.id && t('members.you')}
                {m.username && <span className="muted"> @{m.username}</span>}
                {m.active === false && <span className="badge danger">{t('members.deactivated')}</span>}
              </span>
            </div>
            {canManage ? (
              <div className="member-row__actions">
                <select
                  value={m.role}
                  aria-label={t('members.roleOf', { name: nameOf(m) })}
                  disabled={busy}
                  onChange={(e) => {
                    const next = e.target.value as Role
                    void run(() => api.setMember(report.id, m.userId, next), t('members.changed', { name: nameOf(m), role: t(`role.${next}`) }))
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
                <button type="button" className="danger-button" disabled={busy} onClick={() => setConfirming(m.userId)}>
                  {t('members.remove')}
                </button>
              </div>
            ) : (
              <span className="muted">{t(`role.${m.role}`)}</span>
            )}
            {confirming === m.userId && (
              <div className="confirm-row" role="alertdialog" aria-label={t('members.removeConfirm', { name: nameOf(m) })}>
                <p>{t('members.removeConfirm', { name: nameOf(m) })}</p>
                <button
                  type="button"
                  className="danger-button"
                  disabled={busy}
                  data-testid="member-remove-confirm"
                  onClick={() => {
                    setConfirming(null)
                    void run(() => api.removeMember(report.id, m.userId), t('members.removed', { name: nameOf(m) }))
                  }}
                >
                  {t('members.removeYes')}
                </button>
                <button type="button" className="link" onClick={() => setConfirming(null)}>
                  {t('members.cancel')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form className="member-add" onSubmit={add}>
          <h3>{t('members.add')}</h3>
          <label>
            {t('members.username')}
            <input
              name="member-username"
              list="member-candidates"
              value={username}
              placeholder={t('members.usernameHint')}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              required
            />
            <datalist id="member-candidates">
              {candidates.map((u) => (
                <option key={u.id} value={u.username}>
                  {u.displayName}
                </option>
              ))}
            </datalist>
          </label>
          <label>
            {t('members.role')}
            <select name="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy || !username.trim()}>
            {t('members.add')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('members.manageHint')}</p>
      )}
    </aside>
  )
}
