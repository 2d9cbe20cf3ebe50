import { useEffect, useState } from 'react'
import { api, type PublicUser } from './api/apiClient'
import { TopBar } from './components/TopBar'
import { EditorScreen } from './screens/EditorScreen'
import { LoginScreen } from './screens/LoginScreen'
import { ReportListScreen } from './screens/ReportListScreen'
import { UsersScreen } from './screens/UsersScreen'
import { useHashRoute } from './useHashRoute'

export function App() {
  const [user, setUser] = useState<PublicUser | null | undefined>(undefined)
  const [route, go] = useHashRoute()

  useEffect(() => {
    api.me().then(setUser, () => setUser(null))
  }, [])

  if (user === undefined) return null
  if (user === null) return <LoginScreen onLogin={setUser} />

  const logout = async () => {
    await api.logout().catch(() => {})
    setUser(null)
    go('/')
  }
  const reportMatch = /^\/reports\/([^/]+)$/.exec(route)
  return (
    <div className="app">
      <TopBar user={user} onLogout={logout} onHome={() => go('/')} onUsers={() => go('/users')} />
      {reportMatch ? (
        <EditorScreen key={reportMatch[1]} reportId={decodeURIComponent(reportMatch[1]!)} user={user} onBack={() => go('/')} />
      ) : route === '/users' && user.admin ? (
        <UsersScreen me={user} />
      ) : (
        <ReportListScreen onOpen={(id) => go(`/reports/${encodeURIComponent(id)}`)} />
      )}
    </div>
  )
}
