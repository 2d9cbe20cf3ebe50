import type { PublicUser } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { Avatar } from './Avatar'

interface Props {
  user: PublicUser
  onLogout: () => void
  onHome: () => void
  /** The admin's user management page. */
  onUsers: () => void
  /** The user's API tokens for machines. */
  onTokens: () => void
}

export function TopBar({ user, onLogout, onHome, onUsers, onTokens }: Props) {
  const { t, toggle } = useI18n()
  return (
    <header className="topbar">
      <button type="button" className="brand" onClick={onHome}>
        {t('app.title')}
      </button>
      <div className="topbar-right">
        {user.admin && (
          <button type="button" className="link" onClick={onUsers} data-testid="users-link">
            {t('users.nav')}
          </button>
        )}
        <button type="button" className="link" onClick={onTokens} data-testid="tokens-link">
          {t('tokens.nav')}
        </button>
        <button type="button" className="link" onClick={toggle} data-testid="language-switch">
          {t('app.language')}
        </button>
        <Avatar name={user.displayName} color={user.color} />
        <span className="muted">{user.displayName}</span>
        <button type="button" className="link" onClick={onLogout}>
          {t('nav.logout')}
        </button>
      </div>
    </header>
  )
}
