// Ledig's service worker: keeps the app shell (HTML, wasm, JS, CSS, icons,
// Leaflet) so the app — and "My bookings", saved on the phone — opens without
// a network, e.g. at the court. Pages network first, cache as fallback, so a
// new release is picked up as soon as there is a connection; hashed build
// files from the cache first, as they never change. The API is never
// cached here: bookings live in localStorage, written by the app.
'use strict';

// Filled in at build time by frontend/tools/postbuild.mjs: the build's id
// and every file of the build (hashed names). A new release changes both, so
// the browser installs this worker again and the app offers a reload.
const BUILD = 'dev';
const PRECACHE = [];
const CACHE = `ledig-shell-${BUILD}`;

/**
 * Trunk's hashed build files never change: `frontend-<hex>.js` etc. The
 * hash is written without leading zeros, so 12 to 16 digits (as the
 * server's cache_control in backend/src/security.rs).
 */
function hashed(pathname) {
  return /-[0-9a-f]{12,16}(_bg)?\.[a-z]+$/.test(pathname);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One missing file must not leave the whole shell uncached.
      await Promise.all(PRECACHE.map((u) => cache.add(new Request(u, { cache: 'reload' })).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('ledig-shell-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(hashed(url.pathname) ? cacheFirst(req) : networkFirst(req));
});

/** Hashed files: from the cache when there, else from the network (and kept). */
async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

/**
 * Everything else (pages, sw-independent files): the network first, so a
 * new release is picked up as soon as there is a connection; the cache when
 * offline. Client-side routes all serve index.html: one copy under '/',
 * and one of the operator pages' under '/operator/' (a build of their own,
 * which must never stand in for the players' app).
 */
function appOf(url) {
  return url.pathname === '/operator' || url.pathname.startsWith('/operator/') ? '/operator/' : '/';
}

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  const page = req.mode === 'navigate' ? appOf(new URL(req.url)) : null;
  try {
    const res = await fetch(req);
    if (res.ok) {
      await cache.put(page || req, res.clone());
    }
    return res;
  } catch (err) {
    const hit = (await cache.match(req, { ignoreSearch: page !== null })) ||
      (page ? await cache.match(page) : undefined);
    if (hit) return hit;
    throw err;
  }
}

// Web Push (issue 5): a freed court a person watches. The server's payload is
// JSON {title, body, url, tag, action}; the tag names the slot, so a newer
// message about the same slot replaces the older one on the screen.

/** Shows the notification for one push payload (an object). */
async function showOffer(data) {
  const title = data.title || 'Ledig';
  const options = {
    body: data.body || '',
    tag: data.tag,
    data: { url: data.url || '/' },
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
  };
  if (data.action) options.actions = [{ action: 'book', title: data.action }];
  // A replaced notification for the same slot should still be noticed.
  if (data.tag) options.renotify = true;
  await self.registration.showNotification(title, options);
}

function pushData(event) {
  if (!event.data) return {};
  try {
    return event.data.json();
  } catch (_) {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  event.waitUntil(showOffer(pushData(event)));
});

/**
 * Where a click on a notification (or on its Book action) goes: the app's
 * own page from the payload, or nothing for anything off the app's origin.
 */
function clickTarget(notification) {
  const path = (notification.data && notification.data.url) || '/';
  const target = new URL(path, self.location.origin);
  return target.origin === self.location.origin ? target.href : null;
}

/**
 * What a click does: close the notification, then focus a window of the app
 * already showing that page, or open it. Kept apart from the listener so
 * tests can call it (a notification cannot be clicked there).
 */
async function openOffer(notification) {
  notification.close();
  const href = clickTarget(notification);
  if (!href) return null;
  const path = new URL(href).pathname;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const same = windows.find((c) => new URL(c.url).pathname === path);
  if (same) return same.focus();
  return self.clients.openWindow(href);
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(openOffer(event.notification));
});

/** base64url → bytes (the VAPID key as `applicationServerKey` wants it). */
function keyBytes(base64url) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/**
 * The push service replaced (or dropped) this device's subscription:
 * subscribe again with the server's VAPID key and tell the server, with the
 * session cookie and CSRF token (signed out, nothing is sent).
 */
async function resubscribe() {
  const res = await fetch('/api/v1/push/vapid-public-key', { credentials: 'same-origin' });
  if (!res.ok) return null;
  const { public_key } = await res.json();
  const subscription = await self.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(public_key),
  });
  // State-changing requests carry the session's CSRF token.
  const session = await fetch('/api/v1/session', { credentials: 'same-origin' }).then((r) => r.json());
  if (!session.account) return subscription;
  await fetch('/api/v1/push/subscriptions', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': session.csrf_token },
    body: JSON.stringify(subscription.toJSON()),
  });
  return subscription;
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe().catch(() => undefined));
});
