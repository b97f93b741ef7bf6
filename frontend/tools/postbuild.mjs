// Trunk's post-build hook (Trunk.toml): runs in the staging directory of
// every `trunk build` before it becomes dist/.
//
// 1. Writes the build's file list into sw.js, so the service worker
//    precaches exactly this build's hashed files, and names its cache after
//    the build: a new release means a new sw.js, which the browser installs
//    and the app announces ("new version available").
// 2. Release builds only: writes brotli (.br, quality 11) and gzip (.gz,
//    level 9) copies of every compressible file, which the server sends
//    instead of compressing on the fly (`ServeDir::precompressed_*`). Quality
//    11 is too slow for per-request compression but costs a build only a few
//    seconds, and it is what keeps the first load on a phone small.
//
// 0. Players' build only: makes Trunk's loader in index.html wait for the
//    home page's first view (`window.ledigFirstView`, frontend/map-start.js)
//    before it fetches the wasm, and drops the `<link rel="preload">` that
//    would fetch it at once. On a phone's slow link the map's tiles and the
//    venues then come first instead of sharing it with the wasm.
//
// Fails the build (exit 1) when sw.js lacks its markers, or Trunk's loader
// is not the one step 0 knows, so neither can silently ship unchanged.
//
// The operator pages' build (frontend/operator.html, public URL /operator/)
// gets step 2 only: the service worker is the players' build's, and it
// precaches the players' app alone (staff are online at a desk; a player
// must not download the staff's wasm in the background).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run by trunk build only)');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';
const operatorBuild = (process.env.TRUNK_PUBLIC_URL || '/').startsWith('/operator');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const all = files(staging).filter((p) => !p.endsWith('.br') && !p.endsWith('.gz'));
const urlOf = (p) => '/' + relative(staging, p).split(sep).join('/');

// --- 0. the wasm after the first view --------------------------------------
function deferWasm() {
  const indexPath = join(staging, 'index.html');
  const html = readFileSync(indexPath, 'utf8');
  const preload = /<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>\n?/;
  const init = 'const wasm = await init(';
  if (!preload.test(html) || html.split(init).length !== 2) {
    console.error("postbuild: index.html lacks Trunk's wasm preload or its `const wasm = await init(` line");
    process.exit(1);
  }
  writeFileSync(
    indexPath,
    html.replace(preload, '').replace(init, `await window.ledigFirstView;\n${init}`),
  );
}
if (!operatorBuild) deferWasm();

// --- 1. the service worker's precache list -------------------------------
function writePrecache() {
  const precache = all
    .map(urlOf)
    .filter((u) => u !== '/sw.js' && u !== '/index.html')
    .sort();
  precache.unshift('/');
  const build = createHash('sha256');
  for (const p of all.filter((p) => urlOf(p) !== '/sw.js').sort()) {
    build.update(urlOf(p)).update(readFileSync(p));
  }
  const buildId = build.digest('hex').slice(0, 16);

  const swPath = join(staging, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const buildLine = /^const BUILD = '[^']*';$/m;
  const precacheLine = /^const PRECACHE = \[\];$/m;
  if (!buildLine.test(sw) || !precacheLine.test(sw)) {
    console.error("postbuild: sw.js must contain the lines `const BUILD = '…';` and `const PRECACHE = [];`");
    process.exit(1);
  }
  writeFileSync(
    swPath,
    sw
      .replace(buildLine, `const BUILD = '${buildId}';`)
      .replace(precacheLine, `const PRECACHE = ${JSON.stringify(precache)};`),
  );
  return { buildId, count: precache.length };
}
const precached = operatorBuild ? null : writePrecache();

// --- 2. precompressed copies ---------------------------------------------
const compressible = /\.(html|js|mjs|css|wasm|svg|json|webmanifest|ico|txt)$/;
let raw = 0;
let brotli = 0;
if (release) {
  for (const p of files(staging)) {
    if (!compressible.test(p)) continue;
    const body = readFileSync(p);
    if (body.length < 512) continue;
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    writeFileSync(p + '.br', br);
    writeFileSync(p + '.gz', gzipSync(body, { level: 9 }));
    raw += body.length;
    brotli += br.length;
  }
}

console.log(
  (precached
    ? `postbuild: build ${precached.buildId}, ${precached.count} files precached`
    : 'postbuild: the operator pages (no service worker of their own)') +
    (release ? `, ${(raw / 1024).toFixed(0)} KiB → ${(brotli / 1024).toFixed(0)} KiB brotli` : ''),
);
