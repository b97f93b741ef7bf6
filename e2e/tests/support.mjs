// Shared set-up for the browser tests: Debian's Chromium at phone size, map
// tiles served from a local fixture, and no request allowed off localhost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, devices } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export const BASE = (process.env.LEDIG_E2E_URL || 'http://localhost:8080').replace(/\/$/, '');
export const SHOTS = new URL('../test-results/', import.meta.url).pathname;
const TILE = readFileSync(new URL('../fixtures/tile.png', import.meta.url));
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** GET/POST JSON against the API from the test itself (not the browser). */
export async function api(path, { method = 'GET', body, key } = {}) {
  const headers = body ? { 'content-type': 'application/json' } : {};
  // A booking's owner key (from the answer that made it): the id alone opens nothing.
  if (key) headers['x-booking-key'] = key;
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A regular expression matching the URLs of a Leaflet tile template. */
function tilePattern(template) {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp('^' + escaped.replace(/\\\{[a-z]+\\\}/g, '[^/]+') + '$');
}

/**
 * Launch Chromium and open a phone-sized, touch-enabled page (412 × 915 unless told).
 * Returns { browser, context, page, external, close }; `external` lists every
 * request that tried to leave localhost (tiles excepted: they are fulfilled
 * from the fixture and counted in `tiles`).
 *
 * `language` is the app's language as chosen on the device before the first
 * page: 'en' unless told (the journeys assert English text), 'sv', or null
 * for a device that never chose (the app's default, Swedish). `timezone` is
 * the phone's clock (the venues' own zone, Europe/Stockholm, unless told).
 */
export async function openPhone({ width = 412, height = 915, language = 'en', timezone = 'Europe/Stockholm' } = {}) {
  const { body: config } = await api('/config');
  const isTile = tilePattern(config.tile_url);
  const userDataDir = mkdtempSync(join(tmpdir(), 'ledig-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
    ...devices['Pixel 7'],
    viewport: { width, height },
    locale: 'sv-SE',
    timezoneId: timezone,
  });
  const external = [];
  const tiles = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
    if (isTile.test(url.href)) {
      tiles.push(url.href);
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE });
    }
    external.push(url.href);
    return route.abort('blockedbyclient');
  });
  if (language) {
    await context.addInitScript((code) => {
      if (!localStorage.getItem('ledig.language.v1')) localStorage.setItem('ledig.language.v1', JSON.stringify(code));
    }, language);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    page,
    external,
    tiles,
    consoleErrors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Run axe (WCAG 2.0/2.1 A and AA) on the page and fail with a readable list. */
export async function checkA11y(page, name) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
  assert.deepEqual(problems, [], `axe found problems on ${name}:\n  ${problems.join('\n  ')}`);
  await checkTargets(page, name);
}

/**
 * Every target a finger or a pointer can hit is at least 44 × 44 CSS px
 * (WCAG 2.5.5, Ledig's own bar). Exempt, as WCAG exempts them: links inside
 * a sentence, and a check box or radio whose label (the real target) is big
 * enough; also the map tiles' attribution, which Leaflet draws as text.
 */
export async function checkTargets(page, name) {
  const small = await page.evaluate(() => {
    const found = [];
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(selector)) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[aria-hidden="true"], .visually-hidden, .leaflet-control-attribution')) continue;
      let box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      // The skip link sits off-screen until it has the focus.
      if (box.right < 0 || box.bottom < 0) continue;
      if (el.tagName === 'A' && style.display === 'inline' && el.closest('p, li, dd, td') && el.parentElement.textContent.trim() !== el.textContent.trim()) continue;
      if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) {
        const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
        if (label) box = label.getBoundingClientRect();
      }
      if (box.width < 43.5 || box.height < 43.5) {
        const id = el.id ? `#${el.id}` : '';
        const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
        const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30);
        found.push(`${el.tagName.toLowerCase()}${id}${cls} "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return found;
  });
  assert.deepEqual(small.slice(0, 10), [], `targets under 44 px on ${name} (${small.length}):\n  ${small.slice(0, 10).join('\n  ')}`);
}

/** Screenshot at phone size into test-results/ (for people to look at). */
export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** The venues the map shows as markers: single pins plus the venues inside clusters. */
export async function markedVenues(page) {
  return page.evaluate(() => {
    const pins = document.querySelectorAll('.venue-pin').length;
    const clustered = [...document.querySelectorAll('.venue-cluster [aria-hidden="true"]')]
      .reduce((sum, el) => sum + Number(el.textContent), 0);
    return { pins, clusters: document.querySelectorAll('.venue-cluster').length, total: pins + clustered };
  });
}

/** Great-circle distance in metres (as the server computes it). */
export function distanceM(lat1, lon1, lat2, lon2) {
  const r = (d) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A local SMTP server that hands each parsed mail to `waitForMail`. */
export async function startSmtp(port) {
  const mails = [];
  const waiters = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        waiters.splice(0).forEach((w) => w());
        callback();
      }, callback);
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    mails,
    /** The first mail to `to` that `matches` (any, by default). */
    async waitForMail(to, timeoutMs = 15000, matches = () => true) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.find((m) => m.to?.text.includes(to) && matches(m));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export { freePort, startLedig } from '../lib/ledig-server.mjs';

/** The server binary and the real dist/ for tests that start a server of their own. */
export const LEDIG_BIN = process.env.LEDIG_BIN || new URL('../../target/debug/ledig', import.meta.url).pathname;
export const LEDIG_DIST = process.env.LEDIG_E2E_DIST || new URL('../../dist', import.meta.url).pathname;

/**
 * Runs a test body with a phone (`openPhone(options)`): a screenshot on
 * failure, and no request may have left localhost (tiles excepted).
 */
export async function withPhone(options, body) {
  const phone = await openPhone(options);
  try {
    await body(phone);
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(phone.page, `failed-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
  }
}

/** The SQLite database of the server under test (scripts/test sets it). */
export const E2E_DB = process.env.LEDIG_E2E_DATABASE_URL || '';

/** A query against the server's SQLite database, rows as objects. */
export function sql(query) {
  const path = E2E_DB.replace(/^sqlite:\/\//, '').replace(/\?.*$/, '');
  const out = execFileSync('sqlite3', ['-readonly', '-json', path, query], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** Polls `fn` until it returns something truthy (that value), or fails after `timeoutMs`. */
export async function until(what, fn, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The Stockholm date `days` from today, YYYY-MM-DD. */
export function localDate(days) {
  return new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

/** The first free slot tomorrow of any venue starting at or after `from` and before `to` (local `HH:MM`). */
export async function freeSlotTomorrow(from = '08:00', to = '20:00') {
  const { body: page } = await api('/venues?per_page=100');
  const venues = Array.isArray(page) ? page : page.venues;
  const date = localDate(1);
  for (const venue of venues) {
    const { body: day } = await api(`/venues/${venue.id}/slots?date=${date}`);
    for (const court of day.courts) {
      const slot = court.slots.find((s) => s.status === 'free' && s.local_start >= from && s.local_start < to);
      if (slot) return { venue, court, slot, date: day.date };
    }
  }
  assert.fail(`no free slot on ${date} from ${from} to ${to}`);
}

/** Signs in on `page` (at /signin) by the code mailed to `email` (labels in `lang`). */
export async function signInByMail(page, smtp, email, lang) {
  const t = lang === 'sv'
    ? { email: 'E-postadress', send: 'Skicka en kod till min e-post', code: 'Kod från e-postmeddelandet', submit: 'Logga in' }
    : { email: 'E-mail', send: 'E-mail me a code', code: 'Code from the e-mail', submit: 'Sign in' };
  await page.getByLabel(t.email).fill(email);
  await page.getByRole('button', { name: t.send }).tap();
  await page.getByLabel(t.code).waitFor();
  const code = (await smtp.waitForMail(email)).text.match(/\b(\d{6})\b/)[1];
  await page.getByLabel(t.code).fill(code);
  await page.getByRole('button', { name: t.submit, exact: true }).tap();
}
