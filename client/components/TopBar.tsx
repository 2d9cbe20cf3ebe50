import type { PublicUser } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { Avatar } from './Avatar'

export function TopBar({ user, onLogout, onHome }: { user: PublicUser; onLogout: () => void; onHome: () => void }) {
  const { t, toggle } = useI18n()
  return (
    <header className="topbar">
      <button type="button" className="brand" onClick={onHome}>
        {t('app.title')}
      </button>
      <div className="topbar-right">
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
