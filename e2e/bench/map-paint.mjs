// When the map's first tiles show on a slow phone (issue 7, the first load),
// measured in Debian's Chromium with the slow network and CPU applied for
// real — Lighthouse's mobile figures for "applied" throttling (562.5 ms
// round trip, 1.4 Mbit/s down at 90 %, 4× CPU slowdown) set through
// DevTools. Lighthouse's own simulation cannot show this: it lets the
// largest paint wait for every byte asked for before it, the wasm included,
// whatever the page really waited for.
//
// Per run: when the first map tile was painted, when the venues were first
// on the map (the early map's dots or the app's markers, whichever came
// first), when the app's home page rendered, and the largest contentful paint the browser reports (its time,
// and what it was). Medians over LEDIG_BENCH_RUNS (default 5). Run by
// scripts/bench-load after Lighthouse, on the same server and dist/; give
// LEDIG_STATIC_DIRS=a,b to compare two builds.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { chromium } from 'playwright-core';

import { startLedig } from '../lib/ledig-server.mjs';

const BIN = process.env.LEDIG_BIN;
const DISTS = (process.env.LEDIG_STATIC_DIRS || process.env.LEDIG_STATIC_DIR || '').split(',').filter(Boolean);
const RUNS = Number(process.env.LEDIG_BENCH_RUNS || 5);
if (!BIN || !DISTS.length) {
  console.error('map-paint.mjs: LEDIG_BIN and LEDIG_STATIC_DIR (or LEDIG_STATIC_DIRS) must be set (scripts/bench-load sets them)');
  process.exit(2);
}

const TILE = readFileSync(new URL('../fixtures/tile.png', import.meta.url));
const tiles = createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
  res.end(TILE);
});
await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
const tileUrl = `http://127.0.0.1:${tiles.address().port}/{z}/{x}/{y}.png`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One cold load of `url` under the throttling; times in ms from navigation start. */
async function run(browser, url) {
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
    locale: 'sv-SE',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 562.5,
    downloadThroughput: ((1.4 * 1024 * 1024) / 8) * 0.9,
    uploadThroughput: ((675 * 1024) / 8) * 0.9,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    const seen = (window.__paint = {});
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.lcp = { at: e.startTime, size: e.size, what: e.element?.className || e.element?.tagName };
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new MutationObserver(() => {
      if (!seen.tile && document.querySelector('.leaflet-tile-loaded')) {
        // The next frame is when it is on the screen.
        requestAnimationFrame(() => { seen.tile ??= performance.now(); });
      }
      if (!seen.venues && document.querySelector('.leaflet-overlay-pane path, .leaflet-marker-icon')) {
        requestAnimationFrame(() => { seen.venues ??= performance.now(); });
      }
      if (!seen.app && document.querySelector('.page-home')) seen.app = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.__paint.tile && window.__paint.app && document.querySelector('.leaflet-marker-icon'), null, { timeout: 120_000 });
  await page.waitForTimeout(1500);
  const result = await page.evaluate(() => window.__paint);
  await context.close();
  return result;
}

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const dist of DISTS) {
    const server = await startLedig({ bin: BIN, staticDir: dist, name: 'bench-map', env: { LEDIG_TILE_URL: tileUrl, RUST_LOG: 'warn' } });
    try {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run(browser, `${server.url}/`));
      const m = (f) => (median(runs.map(f)) / 1000).toFixed(2);
      console.log(`\n/ on ${dist} — median of ${runs.length} cold loads (applied slow 4G, 4× CPU)`);
      console.log(`  first map tile painted ${m((r) => r.tile)} s, venues on the map ${m((r) => r.venues)} s, app rendered ${m((r) => r.app)} s, LCP ${m((r) => r.lcp.at)} s`);
      console.log(`  LCP elements: ${[...new Set(runs.map((r) => `${r.lcp.what} (${r.lcp.size} px²)`))].join(' | ')}`);
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
  tiles.close();
}
