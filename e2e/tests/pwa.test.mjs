// Installable and updatable (issue 7, item 1), against the real build the
// server sends: the manifest and its icons, the service worker's precache
// list made at build time, and "new version available — Reload" when a new
// release's worker takes over an open page.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BASE, LEDIG_BIN, LEDIG_DIST, openPhone, shot, startLedig } from './support.mjs';

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getUint32(0), 0x89504e47, 'a PNG signature');
  return [view.getUint32(16), view.getUint32(20)];
}

test('the manifest is Swedish, installable, and its icons are what it says', async () => {
  const html = await (await fetch(`${BASE}/`)).text();
  const href = html.match(/<link rel="manifest" href="([^"]+)"/)?.[1];
  assert.ok(href, 'index.html links the manifest');
  const manifest = await (await fetch(new URL(href, BASE))).json();
  assert.equal(manifest.lang, 'sv');
  assert.equal(manifest.name, 'Ledig — boka en bana');
  assert.equal(manifest.short_name, 'Ledig');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
  // WCAG 1.3.4: the app works in both orientations, so it must not lock one.
  assert.equal(manifest.orientation, undefined);
  const wanted = [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ];
  for (const [sizes, purpose] of wanted) {
    const icon = manifest.icons.find((i) => i.sizes === sizes && i.purpose === purpose && i.type === 'image/png');
    assert.ok(icon, `a ${sizes} ${purpose} icon`);
    const res = await fetch(new URL(icon.src, BASE));
    assert.equal(res.status, 200, icon.src);
    const [w, h] = pngSize(new Uint8Array(await res.arrayBuffer()));
    assert.equal(`${w}x${h}`, sizes, `${icon.src} is ${sizes}`);
  }
});

test("the service worker precaches this build's own files, each of which is served", async () => {
  const html = await (await fetch(`${BASE}/`)).text();
  const sw = await (await fetch(`${BASE}/sw.js`)).text();
  const build = sw.match(/const BUILD = '([^']+)';/)?.[1];
  assert.match(build ?? '', /^[0-9a-f]{16}$/, 'the build id is written in at build time');
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[[^\]]*\]);/)?.[1] ?? 'null');
  assert.ok(Array.isArray(precache) && precache.length > 5, 'a precache list');
  // Every hashed file the page loads is in the list: the shell works offline.
  // Trunk's hashes: 12 to 16 hex digits (no leading zeros).
  const hashed = [...html.matchAll(/(?:href|src)="(\/[^"]+-[0-9a-f]{12,16}(?:_bg)?\.[a-z]+)"/g)].map((m) => m[1]);
  assert.ok(hashed.length >= 2, 'index.html names its hashed js and css');
  for (const file of hashed) assert.ok(precache.includes(file), `${file} is precached`);
  assert.ok(precache.some((f) => f.endsWith('_bg.wasm')), 'the wasm is precached');
  assert.ok(precache.includes('/'), 'the page itself is precached');
  for (const file of precache) {
    const res = await fetch(new URL(file, BASE), { method: 'HEAD' });
    assert.equal(res.status, 200, `${file} is served`);
  }
});

test("the players' app carries none of the operator pages, which are a build of their own", async () => {
  // The wasm Trunk's loader asks for (the players' build has no preload
  // link: its wasm waits for the first view, frontend/map-start.js).
  const wasmOf = (html) => html.match(/module_or_path: '([^']+_bg\.wasm)'/)?.[1];
  const players = wasmOf(await (await fetch(`${BASE}/venues/1`)).text());
  const staff = wasmOf(await (await fetch(`${BASE}/operator/venues/1/bookings`)).text());
  assert.match(players ?? '', /^\/frontend-[0-9a-f]{12,16}_bg\.wasm$/, "a players' page loads the players' wasm");
  assert.match(staff ?? '', /^\/operator\/frontend-[0-9a-f]{12,16}_bg\.wasm$/, "an operator page loads the operator build's");
  // The bytes as sent to a phone (brotli): the operator pages' code is in
  // the operator build only.
  const size = async (path) => {
    const res = await fetch(new URL(path, BASE), { headers: { 'accept-encoding': 'br' } });
    assert.equal(res.status, 200, path);
    return (await res.arrayBuffer()).byteLength;
  };
  const [p, s] = [await size(players), await size(staff)];
  assert.ok(p < s * 0.8, `the players' wasm (${p} bytes) is well under the operator build's (${s})`);
  // Nor does the service worker fetch it in the background.
  const sw = await (await fetch(`${BASE}/sw.js`)).text();
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[[^\]]*\]);/)?.[1] ?? 'null');
  assert.ok(!precache.some((f) => f.startsWith('/operator')), 'no operator file is precached');
});

/**
 * A server of its own on a copy of the real dist/, so the test can put the
 * next release's sw.js in place on disk, as a deploy does (a browser fetches
 * a worker's script past any page-level interception).
 */
async function ownServer() {
  const copy = mkdtempSync(join(tmpdir(), 'ledig-pwa-dist-'));
  const dist = join(copy, 'dist');
  cpSync(LEDIG_DIST, dist, { recursive: true });
  const server = await startLedig({ bin: LEDIG_BIN, staticDir: dist, name: 'pwa' });
  return {
    url: server.url,
    /** Deploys "the next release": sw.js with another build id. */
    release(build) {
      const file = join(dist, 'sw.js');
      const next = readFileSync(file, 'utf8').replace(/const BUILD = '[^']+';/, `const BUILD = '${build}';`);
      writeFileSync(file, next);
      // The precompressed copies are of the old release.
      for (const ext of ['.br', '.gz']) rmSync(file + ext, { force: true });
    },
    async stop() {
      await server.stop();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

test('a new release offers "Det finns en ny version — Ladda om" on an open page, and Reload loads it', async () => {
  const server = await ownServer();
  const phone = await openPhone({ language: null });
  const { page } = phone;
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // The next visit: a page this release's worker controls from the start.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
    // Nothing to say while nothing changed.
    assert.equal(await page.getByText('Det finns en ny version av Ledig.').count(), 0);

    server.release('ffffffffffffffff');
    // What the browser does by itself on the next navigation or within a day.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const banner = page.getByRole('status').filter({ hasText: 'Det finns en ny version av Ledig.' });
    await banner.waitFor({ timeout: 20_000 });
    await shot(page, 'pwa-01-new-version');
    // The old release's cache is gone once the new worker is active.
    await page.waitForFunction(async () => {
      const keys = (await caches.keys()).filter((k) => k.startsWith('ledig-shell-'));
      return keys.length === 1 && keys[0] === 'ledig-shell-ffffffffffffffff';
    }, null, { timeout: 20_000 });

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Ladda om' }).click();
    await reloaded;
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal(await page.getByText('Det finns en ny version av Ledig.').count(), 0, 'the reloaded page runs the new release');
    assert.deepEqual(phone.external, []);
  } finally {
    await phone.close();
    await server.stop();
  }
});
