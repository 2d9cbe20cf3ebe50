/**
 * The offline service worker (client/public/sw.js): registered in production
 * builds only (the dev server has no built shell to cache), and the cache of
 * per-user API answers it keeps is deleted on logout.
 */

/** The cache sw.js keeps `/api/auth/me`, `/api/config` and `/api/reports/:id` in (same name there). */
const API_CACHE = 'ops-report-api-v1'

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  // Offline reload is a bonus: a browser that refuses the worker still has the app online.
  navigator.serviceWorker.register('/sw.js').catch(() => {})
}

/** The signed-out user's cached answers go with the session: the next user of this browser must not see them. */
export async function clearOfflineApiCache(): Promise<void> {
  if (typeof caches === 'undefined') return
  await caches.delete(API_CACHE).catch(() => false)
}
