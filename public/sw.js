// Ledig's service worker: keeps the app shell (HTML, wasm, JS, CSS, icons,
// Leaflet) so the app — and "My bookings", saved on the phone — opens without
// a network, e.g. at the court. Network first, cache as fallback, so a new
// release is picked up as soon as there is a connection. The API is never
// cached here: bookings live in localStorage, written by the app.
'use strict';

const CACHE = 'ledig-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/marker.svg', '/icons/icon-192.png'];

/** The same-origin assets that index.html references (Trunk hashes their names). */
async function shellAssets() {
  const res = await fetch('/', { cache: 'no-store' });
  const html = await res.clone().text();
  const urls = new Set(SHELL);
  for (const m of html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']?(\/[^"' >]+)["']?/g)) {
    if (!m[1].startsWith('//')) urls.add(m[1]);
  }
  return { index: res, urls: [...urls].filter((u) => u !== '/') };
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const { index, urls } = await shellAssets();
      await cache.put('/', index);
      await Promise.all(urls.map((u) => cache.add(u).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(networkFirst(req));
});

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) {
      // Client-side routes all serve index.html: keep one copy under '/'.
      await cache.put(req.mode === 'navigate' ? '/' : req, res.clone());
    }
    return res;
  } catch (err) {
    const hit = (await cache.match(req, { ignoreSearch: req.mode === 'navigate' })) ||
      (req.mode === 'navigate' ? await cache.match('/') : undefined);
    if (hit) return hit;
    throw err;
  }
}
