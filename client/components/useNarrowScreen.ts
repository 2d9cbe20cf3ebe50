import { useSyncExternalStore } from 'react'

/**
 * Phones and tablets: the outline and the comments become drawers, the insert
 * toolbar a menu. The same width as the `@media (max-width: 900px)` block of
 * styles.css ("Phone and tablet layout").
 */
export const NARROW_QUERY = '(max-width: 900px)'

const subscribe = (onChange: () => void) => {
  const list = window.matchMedia(NARROW_QUERY)
  list.addEventListener('change', onChange)
  return () => list.removeEventListener('change', onChange)
}

/** Whether the screen is narrow ({@link NARROW_QUERY}), updated when it turns or resizes. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_QUERY).matches)
}
