// Swedish first (issue 7, item 2): a phone that never chose sees Swedish,
// from the static shell before the wasm to the app itself; the header's
// switch changes every text at once and is remembered; and every page passes
// axe in both languages at phone and desktop width.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

import { BASE, api, checkA11y, withPhone } from './support.mjs';

let venueId;
before(async () => {
  const { body } = await api('/venues?per_page=1');
  venueId = body.venues[0].id;
});

test('the HTML is Swedish and meaningful before the wasm arrives', async () => {
  const res = await fetch(`${BASE}/`);
  const html = await res.text();
  assert.match(html, /<html lang="sv">/);
  assert.match(html, /<title>Ledig — boka en bana<\/title>/);
  assert.match(html, /Laddar Ledig…/);
  // Without JavaScript: the shell's header and a readable message, never a
  // blank page.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 412, height: 915 } });
    await page.goto(`${BASE}/`);
    assert.equal(await page.locator('header .brand').innerText(), 'Ledig');
    assert.match(await page.locator('main').innerText(), /Ledig behöver JavaScript/);
    await page.close();
  } finally {
    await browser.close();
  }
  // Before the wasm arrives (held back here for good): the loading shell is
  // what a slow phone shows first, so it must pass axe too.
  await withPhone({ language: null }, async ({ page }) => {
    await page.route('**/*.wasm', () => {});
    await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('status').filter({ hasText: 'Laddar Ledig…' }).waitFor();
    await checkA11y(page, 'the loading shell');
  });
});

test('a phone that never chose gets Swedish; the switch changes everything and is remembered', async () => {
  await withPhone({ language: null }, async ({ page }) => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Hitta en ledig bana' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Karta' }).waitFor();
    assert.equal(await page.title(), 'Ledig — boka en bana');

    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).waitFor();
    assert.equal(await page.getByText('Hitta en ledig bana').count(), 0, 'no Swedish left on the page');
    assert.equal(await page.title(), 'Ledig — book a court');

    // Remembered on this phone, on every page.
    await page.goto(`${BASE}/my`);
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    // The server's problems in the app's language: an unknown booking.
    await page.goto(`${BASE}/bookings/00000000-0000-4000-8000-000000000000`);
    await page.getByText('No such booking.').waitFor();
    await page.goto(`${BASE}/my`);
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();

    await page.getByRole('button', { name: 'På svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina bokningar' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mina bokningar' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await page.goto(`${BASE}/bookings/00000000-0000-4000-8000-000000000000`);
    await page.getByText('Det du letar efter finns inte, eller finns inte längre.').waitFor();
  });
});

for (const language of ['sv', 'en']) {
  for (const width of [412, 1280]) {
    test(`axe finds nothing on any page in ${language} at ${width} px`, async () => {
      await withPhone({ language, width, height: width > 800 ? 900 : 915 }, async ({ page, consoleErrors }) => {
        const pages = [
          ['/', 'the map'],
          [`/venues/${venueId}`, 'a venue'],
          ['/my', 'My bookings'],
          ['/watches', 'My watches'],
          ['/signin', 'sign-in'],
          ['/account', 'the account page, signed out'],
          ['/account/data', 'your data, signed out'],
          ['/privacy', 'the privacy page'],
          ['/accessibility', 'the accessibility statement'],
          ['/no/such/page', 'not found'],
        ];
        for (const [path, name] of pages) {
          await page.goto(`${BASE}${path}`);
          await page.locator('main h1').first().waitFor();
          // Settled: no loading announcement left.
          await page.waitForFunction(() => !document.querySelector('.skeleton'), null, { timeout: 10_000 });
          assert.equal(await page.getAttribute('html', 'lang'), language, `${path}: <html lang>`);
          await checkA11y(page, `${name} (${language}, ${width} px)`);
        }
        assert.deepEqual(consoleErrors, []);
      });
    });
  }
}

test('every page reflows at 320 px (a 640 px window at 200 % zoom) and keeps still with reduced motion', async () => {
  await withPhone({ language: 'sv', width: 320, height: 640 }, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    for (const path of ['/', `/venues/${venueId}`, `/venues/${venueId}?view=week`, '/my', '/watches', '/signin', '/account', '/account/data', '/privacy', '/accessibility']) {
      await page.goto(`${BASE}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.skeleton'), null, { timeout: 10_000 });
      // WCAG 1.4.10: no sideways scrolling of the page (the week grid and
      // the map scroll inside their own boxes, as two-dimensional content may).
      const { page: width, view } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(width <= view, `${path}: the page is ${width} px wide in a ${view} px window`);
      const moving = await page.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((el) => {
            const s = getComputedStyle(el);
            const longest = (v) => Math.max(...v.split(',').map((t) => parseFloat(t) * (t.trim().endsWith('ms') ? 1 : 1000)));
            return longest(s.transitionDuration) > 1 || (s.animationName !== 'none' && longest(s.animationDuration) > 1);
          })
          .map((el) => el.className || el.tagName)
          .slice(0, 5),
      );
      assert.deepEqual(moving, [], `${path}: nothing moves with reduced motion`);
    }
  });
});

/** Free slots at least two hours ahead (past every venue's notice), as { venue, court, day, slot }. */
async function freeSlots(count) {
  const found = [];
  const earliest = Date.now() + 2 * 3_600_000;
  const { body } = await api('/venues?per_page=100');
  for (const venue of body.venues) {
    for (let d = 0; d < 3 && found.length < count; d++) {
      const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
      const { body: day } = await api(`/venues/${venue.id}/slots?date=${date}`);
      for (const court of day.courts ?? []) {
        for (const slot of court.slots) {
          if (slot.status === 'free' && Date.parse(slot.starts_at) >= earliest && found.length < count) {
            found.push({ venue, court, day, slot });
          }
        }
      }
    }
    if (found.length >= count) return found;
  }
  throw new Error(`fewer than ${count} free slots in the demo data`);
}

test('axe finds nothing on the booking pages (form, pay, booking, receipt) in both languages at both widths', async () => {
  const [toBook, toPay, toShow] = await freeSlots(3);
  const hold = async ({ court, slot }, email) => {
    const res = await api('/bookings', {
      method: 'POST',
      body: { court_id: court.court_id, starts_at: slot.starts_at, name: 'Axe Testsson', email },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const held = await hold(toPay, 'axe-pay@example.se');
  const shown = await hold(toShow, 'axe-show@example.se');
  const paid = await api(`/payments/demo/${shown.id}/confirm`, { method: 'POST', key: shown.owner_key });
  assert.equal(paid.status, 200);
  const keys = { [held.id]: held.owner_key, [shown.id]: shown.owner_key };
  const form = `/book?venue=${toBook.venue.id}&court=${toBook.court.court_id}&date=${toBook.day.date}&start=${encodeURIComponent(toBook.slot.starts_at)}`;
  for (const language of ['sv', 'en']) {
    for (const width of [412, 1280]) {
      await withPhone({ language, width, height: 900 }, async ({ page }) => {
        await page.goto(`${BASE}/my`);
        await page.evaluate((k) => localStorage.setItem('ledig.booking-keys.v1', JSON.stringify(k)), keys);
        const pages = [
          [form, 'input[autocomplete="email"], #email', 'the booking form'],
          [`/bookings/${held.id}/pay`, 'main .button-primary', 'the payment page'],
          [`/bookings/${shown.id}`, '.door-code', 'the confirmation'],
          [`/bookings/${shown.id}/receipt`, '.receipt-lines', 'the receipt'],
        ];
        for (const [path, ready, name] of pages) {
          await page.goto(`${BASE}${path}`);
          await page.locator(ready).first().waitFor();
          await page.waitForFunction(() => !document.querySelector('.skeleton'), null, { timeout: 10_000 });
          assert.equal(await page.getAttribute('html', 'lang'), language);
          await checkA11y(page, `${name} (${language}, ${width} px)`);
        }
      });
    }
  }
});

test("a phone on another clock reads the venue's times: the slot and its cancellation deadline", async () => {
  // A slot two days ahead whose free cancellation ends before it starts.
  const date = new Date(Date.now() + 2 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const { body: page1 } = await api('/venues?per_page=100');
  let found = null;
  for (const venue of page1.venues) {
    const { body: day } = await api(`/venues/${venue.id}/slots?date=${date}`);
    for (const court of day.courts) {
      for (const slot of court.slots.filter((s) => s.status === 'free')) {
        const { body: quote } = await api(`/courts/${court.court_id}/quote?starts_at=${encodeURIComponent(slot.starts_at)}`);
        if (Date.parse(quote.cancellation.free_until) < Date.parse(slot.starts_at)) {
          found = { venue, court, slot, quote };
          break;
        }
      }
      if (found) break;
    }
    if (found) break;
  }
  assert.ok(found, `a slot on ${date} with a cancellation deadline before it`);
  const { venue, court, slot, quote } = found;
  const venueTime = quote.cancellation.free_until_local.slice(11, 16);
  const phoneTime = new Date(quote.cancellation.free_until).toLocaleTimeString('sv-SE', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' });
  assert.notEqual(venueTime, phoneTime, 'the two clocks differ, so the check below can fail');

  await withPhone({ language: 'sv', timezone: 'America/New_York' }, async ({ page }) => {
    const query = new URLSearchParams({ venue: venue.id, court: court.court_id, date, start: slot.starts_at });
    await page.goto(`${BASE}/book?${query}`);
    const summary = page.locator('.summary');
    await page.waitForFunction(() => /Fri avbokning till/.test(document.querySelector('.summary')?.textContent ?? ''));
    const text = (await summary.textContent()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`${slot.local_start}–${slot.local_end}`), `the slot on the venue's clock: ${text}`);
    assert.match(text, new RegExp(`Fri avbokning till \\S+ \\d+ \\S+ ${venueTime}`), `the deadline on the venue's clock (${venueTime}, not ${phoneTime}): ${text}`);
  });
});
