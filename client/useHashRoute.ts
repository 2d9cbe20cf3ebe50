import { useEffect, useState } from 'react'

/** The route is the URL hash (`#/reports/<id>`), so the server only ever serves index.html. */
export function useHashRoute(): [string, (route: string) => void] {
  const [route, setRoute] = useState(() => location.hash.slice(1) || '/')
  useEffect(() => {
    const onChange = () => setRoute(location.hash.slice(1) || '/')
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return [route, (next) => (location.hash = next)]
}
