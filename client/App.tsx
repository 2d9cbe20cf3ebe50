import { useEffect, useState } from 'react'
import { api, type PublicUser } from './api/apiClient'
import { deleteLocalCopies, hasUnsentLocalEdits } from './collab/LocalCopy'
import { useI18n } from './i18n/I18nProvider'
import { TopBar } from './components/TopBar'
import { EditorScreen } from './screens/EditorScreen'
import { LoginScreen } from './screens/LoginScreen'
import { ReportListScreen } from './screens/ReportListScreen'
import { UsersScreen } from './screens/UsersScreen'
import { ApiTokensScreen } from './tokens/ApiTokensScreen'
import { clearOfflineApiCache } from './offline/serviceWorker'
import { useHashRoute } from './useHashRoute'

export function App() {
  const { t } = useI18n()
  const [user, setUser] = useState<PublicUser | null | undefined>(undefined)
  const [route, go] = useHashRoute()

  useEffect(() => {
    api.me().then(setUser, () => setUser(null))
  }, [])

  if (user === undefined) return null
  if (user === null) return <LoginScreen onLogin={setUser} />

  const logout = async () => {
    // The browser's copies of this user's reports go with the session: the next user of this browser must not see them.
    if ((await hasUnsentLocalEdits(user.id)) && !window.confirm(t('logout.confirmUnsent'))) return
    await api.logout().catch(() => {})
    await clearOfflineApiCache()
    setUser(null) // closes the editor and its local copy first
    go('/')
    await deleteLocalCopies(user.id)
  }
  const reportMatch = /^\/reports\/([^/]+)$/.exec(route)
  return (
    <div className="app">
      <TopBar user={user} onLogout={logout} onHome={() => go('/')} onUsers={() => go('/users')} onTokens={() => go('/tokens')} />
      {reportMatch ? (
        <EditorScreen key={reportMatch[1]} reportId={decodeURIComponent(reportMatch[1]!)} user={user} onBack={() => go('/')} />
      ) : route === '/users' && user.admin ? (
        <UsersScreen me={user} />
      ) : route === '/tokens' ? (
        <ApiTokensScreen />
      ) : (
        <ReportListScreen onOpen={(id) => go(`/reports/${encodeURIComponent(id)}`)} />
      )}
    </div>
  )
}
