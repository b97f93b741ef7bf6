// The first load of the app on a phone (issue 7, speed budgets), measured by
// Lighthouse 12 (mobile preset: a mid-range phone on slow 4G, simulated)
// driving Debian's Chromium against a real `ledig serve` and a real release
// dist/. Run by scripts/bench-load, which builds both; the figures go to
// docs/BENCHMARKS.md by hand.
//
// Map tiles come from a local tile server (one fixture PNG for every tile)
// so the run needs no network, and they are left out of the byte budget as
// the issue says. Everything else the page fetches counts.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { startLedig } from '../lib/ledig-server.mjs';

const BIN = process.env.LEDIG_BIN;
const DIST = process.env.LEDIG_STATIC_DIR;
const RUNS = Number(process.env.LEDIG_BENCH_RUNS || 3);
const PAGES = (process.env.LEDIG_BENCH_PAGES || '/').split(',');
// `simulate` (Lighthouse's default, the budget's figures) or `devtools`: the
// slow network and CPU applied to the browser for real, which shows what
// loads beside what (Lighthouse's simulation lets the largest paint wait for
// every byte asked for before it).
const THROTTLING = process.env.LEDIG_BENCH_THROTTLING || 'simulate';
if (!BIN || !DIST) {
  console.error('load.mjs: LEDIG_BIN and LEDIG_STATIC_DIR must be set (scripts/bench-load sets them)');
  process.exit(2);
}

const TILE = readFileSync(new URL('../fixtures/tile.png', import.meta.url));

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const tiles = createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
  res.end(TILE);
});
const tilePort = await listen(tiles);
const tileOrigin = `http://127.0.0.1:${tilePort}`;
const server = await startLedig({
  bin: BIN,
  staticDir: DIST,
  name: 'bench-load',
  env: { LEDIG_TILE_URL: `${tileOrigin}/{z}/{x}/{y}.png`, RUST_LOG: 'warn' },
});
const base = server.url;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox'],
});

const results = [];
try {
  for (const page of PAGES) {
    for (let run = 0; run < RUNS; run++) {
      const { lhr } = await lighthouse(`${base}${page}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        throttlingMethod: THROTTLING,
      });
      const items = lhr.audits['network-requests'].details.items;
      const counted = items.filter((i) => !i.url.startsWith(tileOrigin));
      const bytes = counted.reduce((sum, i) => sum + (i.transferSize || 0), 0);
      results.push({
        page,
        run,
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        bestPractices: Math.round(lhr.categories['best-practices'].score * 100),
        fcp: lhr.audits['first-contentful-paint'].numericValue,
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        kib: bytes / 1024,
        lcpElement: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet,
        largest: counted
          .sort((a, b) => (b.transferSize || 0) - (a.transferSize || 0))
          .slice(0, 6)
          .map((i) => `${new URL(i.url).pathname} ${((i.transferSize || 0) / 1024).toFixed(1)} KiB`),
        failed: [
          ...Object.values(lhr.categories.accessibility.auditRefs),
          ...Object.values(lhr.categories['best-practices'].auditRefs),
        ]
          .map((ref) => lhr.audits[ref.id])
          .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
          .map((a) => a.id),
      });
    }
  }
} finally {
  await chrome.kill();
  await server.stop();
  tiles.close();
}

for (const page of PAGES) {
  const runs = results.filter((r) => r.page === page);
  const m = (key) => median(runs.map((r) => r[key]));
  console.log(`\n${page} — median of ${runs.length} Lighthouse runs (mobile preset, slow 4G, throttling: ${THROTTLING})`);
  console.log(
    `  performance ${m('performance')}, accessibility ${m('accessibility')}, best practices ${m('bestPractices')}`,
  );
  console.log(
    `  FCP ${(m('fcp') / 1000).toFixed(2)} s, LCP ${(m('lcp') / 1000).toFixed(2)} s, TBT ${m('tbt').toFixed(0)} ms, CLS ${m('cls').toFixed(3)}`,
  );
  console.log(`  transferred (map tiles excluded): ${m('kib').toFixed(1)} KiB; budget 300 KB`);
  console.log(`  largest: ${runs[0].largest.join(', ')}`);
  console.log(`  LCP element: ${[...new Set(runs.map((r) => r.lcpElement))].join(' | ')}`);
  const failed = [...new Set(runs.flatMap((r) => r.failed))];
  if (failed.length) console.log(`  audits not passed: ${failed.join(', ')}`);
}
