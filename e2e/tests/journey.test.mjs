// The thin journey on a phone: map → venue → free slot → details → demo pay →
// door code and QR → My bookings (also offline) → cancel. Plus the two ways
// the booking form refuses: an invalid e-mail, and a slot taken meanwhile.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, openPhone, checkA11y, shot, markedVenues } from './support.mjs';

let venues;
before(async () => {
  const res = await api('/venues?per_page=100');
  assert.equal(res.status, 200, `GET /venues from ${BASE}`);
  // The search answers a page of hits (a venue plus its next free times).
  venues = Array.isArray(res.body) ? res.body : res.body.venues;
  assert.ok(venues.length > 0, 'the demo data has venues');
});

/** On a venue page: make sure some slot is free, moving to the next day if today is over. */
async function ensureFreeSlots(page) {
  for (let day = 0; day < 3; day++) {
    await page.locator('.day-summary').waitFor();
    if ((await page.locator('button.slot-free').count()) > 0) return;
    const shown = await page.locator('#day-heading').textContent();
    await page.getByRole('button', { name: 'Next day' }).tap();
    await page.waitForFunction(
      (before) => document.querySelector('#day-heading')?.textContent !== before && document.querySelector('.day-summary'),
      shown,
    );
  }
  assert.fail('no free slot in the next three days');
}

test('book, pay and see the door code on a phone', async () => {
  const phone = await openPhone();
  const { page } = phone;
  try {
    // 1. The map with every venue marked (clustered by city), and the list alternative.
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    await page.locator('.leaflet-marker-icon').first().waitFor();
    assert.equal((await markedVenues(page)).total, venues.length, 'every venue is on the map, alone or in a cluster');
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    assert.ok(phone.tiles.length > 0, 'map tiles were requested (and served from the fixture)');

    await shot(page, '01-map');

    // Markers are keyboard-reachable: Enter on a cluster zooms in; Enter on a
    // venue's marker opens its popup, which offers the venue.
    const cluster = page.locator('.venue-cluster').first();
    assert.ok((await cluster.count()) > 0, 'at the start view venues are clustered by city');
    await cluster.focus();
    await page.keyboard.press('Enter');
    const marker = page.locator('.venue-pin').first();
    await marker.waitFor();
    await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
    await marker.focus();
    await page.keyboard.press('Enter');
    const popupLink = page.locator('.leaflet-popup a', { hasText: 'See free times' });
    await popupLink.waitFor();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
    await shot(page, '01-map-popup');
    await checkA11y(page, 'the map page');
    await page.keyboard.press('Escape');

    // The list shows every venue too.
    await page.getByRole('button', { name: 'List', exact: true }).tap();
    await page.locator('.venue-list').waitFor();
    assert.equal(await page.locator('.venue-list > li').count(), venues.length, 'every venue in the list');

    // 2. Follow the first venue in the list.
    const first = page.locator('.venue-list a').first();
    const venueName = (await first.locator('.venue-name').textContent()).trim();
    await first.tap();
    await page.getByRole('heading', { level: 1, name: venueName }).waitFor();
    await ensureFreeSlots(page);
    await shot(page, '02-venue');
    await checkA11y(page, 'the venue page');

    // 3. Tap the first free slot; the summary and form appear.
    const slot = page.locator('button.slot-free').first();
    const slotName = (await slot.textContent()).trim();
    assert.match(slotName, /^.+, \d\d:\d\d–\d\d:\d\d, \d[\d\s]*\skr, free$/);
    // Its accessible name is what it shows plus hidden context (browsers may pad block parts with spaces).
    const loose = new RegExp('^' + slotName.split(/\s*,\s*/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('\\s*,\\s*') + '$');
    assert.equal(await page.getByRole('button', { name: loose }).count(), 1, 'the slot is a button named after what it offers');
    await slot.tap();
    await page.waitForURL(/\/book\?/);
    await page.getByRole('heading', { level: 1, name: 'Book a court' }).waitFor();
    await page.getByLabel('Name').waitFor();
    const summary = await page.locator('.summary').textContent();
    assert.ok(summary.includes(venueName), 'the summary names the venue');

    // An invalid e-mail is refused in place, with the same words as the server.
    await page.getByLabel('Name').fill('Ada Testsson');
    await page.getByLabel('E-mail').fill('ada@example');
    await page.getByRole('button', { name: 'Continue to payment' }).tap();
    const emailError = page.locator('#email-error');
    await emailError.waitFor();
    assert.match(await emailError.textContent(), /valid e-mail address/);
    assert.equal(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
    assert.match(page.url(), /\/book\?/, 'still on the form');
    await shot(page, '03-book-invalid');
    await checkA11y(page, 'the booking form with an error');

    // 4. A valid e-mail holds the slot and leads to the demo payment.
    await page.getByLabel('E-mail').fill('ada@example.se');
    const started = Date.now();
    await page.getByRole('button', { name: 'Continue to payment' }).tap();
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/pay$/);
    await page.getByText('Demo payment — no money moves.').waitFor();
    const bookingMs = Date.now() - started;
    console.log(`# booking round trip (submit → pay page): ${bookingMs} ms`);
    assert.ok(bookingMs < 5000, `booking took ${bookingMs} ms`);
    await page.getByText('This is a test mode; nothing is charged.').waitFor();
    const bookingId = page.url().match(/bookings\/([0-9a-f-]{36})\/pay/)[1];
    await shot(page, '04-pay');
    await checkA11y(page, 'the payment page');

    // 5. Pay (demo) → the confirmation with a 6-digit door code and a QR code.
    const payStarted = Date.now();
    await page.getByRole('button', { name: /^Pay \(demo\)/ }).tap();
    await page.waitForURL(new RegExp(`/bookings/${bookingId}$`));
    await page.getByRole('heading', { level: 1, name: "You're booked" }).waitFor();
    console.log(`# payment round trip (pay → confirmation): ${Date.now() - payStarted} ms`);
    const code = (await page.locator('.door-code').textContent()).trim();
    assert.match(code, /^\d{6}$/, 'a 6-digit door code');
    await page.locator('.qr svg').waitFor();
    assert.match(await page.locator('.qr').getAttribute('data-payload'), /^LEDIG1\./, 'the QR code carries a signed access token');
    await shot(page, '05-confirmation');
    await checkA11y(page, 'the confirmation page');
    // The device keeps the booking's owner key; the id alone shows a stranger nothing.
    const ownerKey = await page.evaluate((id) => JSON.parse(localStorage.getItem('ledig.booking-keys.v1') || '{}')[id], bookingId);
    assert.match(ownerKey ?? '', /^[A-Za-z0-9_-]{43}$/, 'the owner key is kept on the device');
    const stranger = await api(`/bookings/${bookingId}`);
    assert.equal(stranger.status, 404, 'a stranger with the booking id gets nothing');
    assert.ok(!JSON.stringify(stranger.body).includes('@'), 'and sees nothing personal');
    const server = await api(`/bookings/${bookingId}`, { key: ownerKey });
    assert.equal(server.body.status, 'confirmed');

    // 6. My bookings lists it.
    await page.getByRole('link', { name: 'My bookings' }).last().tap();
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    const item = page.locator('.booking-item', { hasText: venueName });
    await item.waitFor();
    assert.match(await item.textContent(), /Confirmed/);
    await shot(page, '06-my-bookings');
    await checkA11y(page, 'My bookings');

    // ... also without a network (the saved copy on the phone), even on a
    // fresh load: the service worker keeps the app shell.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.getByRole('link', { name: 'Map', exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    await phone.context.setOffline(true);
    await page.goto(`${BASE}/my`);
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await page.getByText("You're offline").waitFor();
    const offlineItem = page.locator('.booking-item', { hasText: venueName });
    assert.match(await offlineItem.textContent(), /Confirmed/);
    // The door code and the QR (the signed access token) are there offline.
    assert.equal((await offlineItem.locator('.door-code').textContent()).trim(), code, 'door code in My bookings offline');
    await offlineItem.locator('.qr svg').waitFor();
    assert.equal(await offlineItem.locator('.qr').getAttribute('data-payload'), server.body.access_token, 'the QR carries the access token');
    assert.match(server.body.access_token, /^LEDIG1\./);
    await shot(page, '06-my-bookings-offline');
    await page.getByRole('link', { name: 'Map', exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    await page.getByRole('link', { name: 'My bookings' }).tap();
    await page.getByText("You're offline").waitFor();
    assert.match(await page.locator('.booking-item', { hasText: venueName }).textContent(), /Confirmed/);
    await item.locator('a').tap();
    await page.locator('.door-code').waitFor();
    assert.equal((await page.locator('.door-code').textContent()).trim(), code, 'door code shown offline');
    await phone.context.setOffline(false);

    // 7. Cancel (with a confirm dialog) frees the slot.
    await page.reload();
    await page.locator('.door-code').waitFor();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Cancel booking' }).tap();
    await page.locator('.badge-cancelled').waitFor();
    // The button it was on is gone: the focus is on the page's heading, and
    // the outcome is said in the status region that was already there.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.match(await page.getByRole('status').filter({ hasText: /./ }).first().textContent(), /cancel|refund/i);
    const cancelled = (await api(`/bookings/${bookingId}`, { key: ownerKey })).body;
    assert.equal(cancelled.status, 'cancelled');
    // ... and the slot is free again for everyone.
    const day = (await api(`/venues/${cancelled.venue_id}/slots?date=${cancelled.local_date}`)).body;
    const freed = day.courts.find((c) => c.court_id === cancelled.court_id).slots.find((s) => Date.parse(s.starts_at) === Date.parse(cancelled.starts_at));
    assert.equal(freed?.status, 'free', 'the cancelled slot is free again');

    assert.deepEqual(phone.external, [], 'no request left localhost');
    assert.deepEqual(phone.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), [], 'no console errors');
  } catch (err) {
    await shot(page, `failed-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
  }
});

test('a slot taken while filling in the form says so clearly', async () => {
  const phone = await openPhone();
  const { page } = phone;
  try {
    const venue = venues[venues.length - 1];
    await page.goto(`${BASE}/venues/${venue.id}`);
    await page.getByRole('heading', { level: 1, name: venue.name }).waitFor();
    await ensureFreeSlots(page);
    await page.locator('button.slot-free').last().tap();
    await page.waitForURL(/\/book\?/);
    await page.getByLabel('Name').waitFor();
    const query = new URL(page.url()).searchParams;

    // Someone else books the same slot first.
    const other = await api('/bookings', {
      method: 'POST',
      body: { court_id: Number(query.get('court')), starts_at: query.get('start'), name: 'Someone Else', email: 'else@example.se' },
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));

    await page.getByLabel('Name').fill('Bo Testsson');
    await page.getByLabel('E-mail').fill('bo@example.se');
    await page.getByRole('button', { name: 'Continue to payment' }).tap();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone just took this slot — pick another.' });
    await alert.waitFor();
    assert.ok(await page.getByRole('link', { name: 'See free times' }).isVisible(), 'a way back to the free times');
    await shot(page, '07-slot-taken');
    await checkA11y(page, 'the slot-taken message');

    await page.getByRole('link', { name: 'See free times' }).tap();
    await page.getByRole('heading', { level: 1, name: venue.name }).waitFor();
    await page.locator('.day-summary').waitFor();
    assert.match(page.url(), new RegExp(`/venues/${venue.id}\\?date=${query.get('date')}$`));

    assert.deepEqual(phone.external, [], 'no request left localhost');
  } catch (err) {
    await shot(page, `failed-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
  }
});
