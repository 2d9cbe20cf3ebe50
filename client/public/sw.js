/**
 * The offline service worker (issue 14, "Offline means offline"): a reload with
 * the whole network gone still opens the app, and the editor then reads the
 * document from the browser's local copy (client/collab/LocalCopy.ts).
 *
 * - App shell: navigations network-first, falling back to the cached
 *   index.html; `/assets/*` (hashed, immutable) cache-first.
 * - The three small GETs a report page needs before its document
 *   (`/api/auth/me`, `/api/config`, `/api/reports/:id`): network-first, the last
 *   answer kept for when the network is gone. They are per user: on logout the
 *   client deletes that cache (client/offline/serviceWorker.ts, same name).
 * - Nothing else: no other /api answer, no non-GET request and never /collab
 *   is touched.
 */
const SHELL = 'ops-report-shell-v1'
/** Also named in client/offline/serviceWorker.ts, which deletes it on logout. */
const API = 'ops-report-api-v1'
const API_PATHS = [/^\/api\/auth\/me$/, /^\/api\/config$/, /^\/api\/reports\/[^/]+$/]

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add('/'))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

/** Network first; a good answer replaces the cached one; offline, the cached one (or the network error). */
async function networkFirst(cacheName, request, cacheKey) {
  try {
    const response = await fetch(request)
    if (response.ok) {
      const cache = await caches.open(cacheName)
      await cache.put(cacheKey, response.clone())
    }
    return response
  } catch (err) {
    const cached = await caches.match(cacheKey, { cacheName })
    if (cached) return cached
    throw err
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(SHELL)
    await cache.put(request, response.clone())
  }
  return response
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  const p = url.pathname
  if (request.mode === 'navigate' && !p.startsWith('/api/')) {
    // One shell for every route (the routes are in the hash).
    event.respondWith(networkFirst(SHELL, request, '/'))
  } else if (p.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request))
  } else if (url.search === '' && API_PATHS.some((re) => re.test(p))) {
    event.respondWith(networkFirst(API, request, request))
  }
})
