// Render the PWA's PNG icons and favicon from the SVGs in public/icons.
// Run once after changing an SVG (the PNGs are committed):
//   node frontend/tools/render-icons.mjs
// Uses playwright-core from e2e/node_modules and Debian's Chromium.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

const icons = join(root, 'public', 'icons');
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'apple-touch-icon.png', 180],
  ['maskable.svg', 'maskable-512.png', 512],
  ['icon.svg', 'favicon-32.png', 32],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
const pngs = {};
for (const [svg, out, size] of jobs) {
  const data = readFileSync(join(icons, svg), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">` +
      `<img style="display:block;width:${size}px;height:${size}px" src="data:image/svg+xml;base64,${Buffer.from(data).toString('base64')}">` +
      `</body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true });
  pngs[out] = png;
  if (out !== 'favicon-32.png') writeFileSync(join(icons, out), png);
}
await browser.close();

// favicon.ico: an ICO container holding the 32×32 PNG.
const png = pngs['favicon-32.png'];
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt8(0, 8); // palette
header.writeUInt8(0, 9); // reserved
header.writeUInt16LE(1, 10); // planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14);
header.writeUInt32LE(22, 18); // offset
writeFileSync(join(root, 'public', 'favicon.ico'), Buffer.concat([header, png]));
console.log('icons written to', icons);
