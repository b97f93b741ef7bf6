// Cold start of the app in a phone profile: a fresh browser profile (empty
// cache, no service worker) opens `/` and we time until the venue markers
// (or their clusters) are on the map. Run against a server with the demo data:
//
//   LEDIG_E2E_URL=http://localhost:8080 node bench/cold-start.mjs [runs]
//
// Prints each run and the median; figures go in docs/BENCHMARKS.md.
import { openPhone, BASE } from '../tests/support.mjs';

const runs = Number(process.argv[2] || 5);
const times = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const phone = await openPhone();
  const { page } = phone;
  let transferred = 0;
  const pending = [];
  page.on('requestfinished', (request) => {
    pending.push(request.sizes().then((s) => { transferred += s.responseBodySize + s.responseHeadersSize; }, () => {}));
  });
  const started = Date.now();
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  await page.locator('.leaflet-marker-icon').first().waitFor({ state: 'visible', timeout: 30_000 });
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  times.push(ms);
  bytes = Math.max(bytes, transferred);
  console.log(`run ${i + 1}: map with markers after ${ms} ms`);
  await phone.close();
}
times.sort((a, b) => a - b);
console.log(`cold start (fresh profile, phone, loopback): median ${times[Math.floor(times.length / 2)]} ms, min ${times[0]} ms, max ${times.at(-1)} ms over ${runs} runs; ${(bytes / 1024).toFixed(0)} KiB transferred (compressed, map tiles excluded: served from a fixture)`);
