// The operator side (issue 15) in a real browser: an operator signs in (in
// Swedish), finds the venue among those they run, and closes a court for
// tomorrow for snow. The player who had booked it sees the booking
// cancelled with its refund (and got the mail); the court's slots read
// closed. The operator reopens it, and a watcher of that court gets the
// push (queued for their phone: the delivery to a service worker is
// watch.test.mjs's part). The statistics page shows the day's cancellation
// and refund.
//
// The operator's role is given as docs/OPERATIONS.md says, with `ledig
// operator add` (LEDIG_BIN) on the server's database (LEDIG_E2E_DATABASE_URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { BASE, E2E_DB as DB, api, checkA11y, LEDIG_BIN, openPhone, shot, startSmtp, sql, until, freeSlotTomorrow, signInByMail as signIn } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('an operator closes a court for snow, its booker is refunded and told, reopening reaches a watcher', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const stamp = Date.now();
  const operatorEmail = `olle-${stamp}@exempelkommun.se`;
  const added = execFileSync(LEDIG_BIN, ['operator', 'add', '--email', operatorEmail, '--role', 'operator', '--organisation', 'Exempelkommun'], {
    env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' },
  }).toString();
  assert.match(added, /is now operator of Exempelkommun/, added);

  // A player has booked and paid a slot tomorrow (as a guest, on their phone).
  const { venue, court, slot, date } = await freeSlotTomorrow();
  const playerEmail = `spelare-${stamp}@example.se`;
  const held = await api('/bookings', { method: 'POST', body: { court_id: court.court_id, starts_at: slot.starts_at, name: 'Snö Svensson', email: playerEmail } });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const booking = paid.body;

  const smtp = await startSmtp(SMTP_PORT);
  const operator = await openPhone({ width: 820, height: 1180, language: 'sv' });
  const player = await openPhone({ language: 'en' });
  const watcher = await openPhone({ language: 'en' });
  try {
    // The watcher signs in and watches the court (a phone subscribed to pushes).
    const endpoint = `https://push.example.net/e2e-closure/${b64url(randomBytes(12))}`;
    const p256dh = b64url(createECDH('prime256v1').generateKeys());
    const auth = b64url(randomBytes(16));
    await watcher.page.goto(`${BASE}/signin`);
    await signIn(watcher.page, smtp, `watcher-${stamp}@example.se`, 'en');
    await watcher.page.waitForURL('**/account');
    const made = await watcher.page.evaluate(async ({ endpoint, p256dh, auth, courtId, date }) => {
      const { csrf_token: csrf } = await fetch('/api/v1/session').then((r) => r.json());
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const sub = await fetch('/api/v1/push/subscriptions', { method: 'POST', headers, body: JSON.stringify({ endpoint, keys: { p256dh, auth } }) });
      const watch = await fetch('/api/v1/watches', {
        method: 'POST', headers,
        body: JSON.stringify({ scope: { kind: 'court', court_id: courtId }, weekdays: [], time_from: '06:00', time_to: '23:00', min_minutes: 30, from_date: date, to_date: date }),
      });
      return [sub.status, watch.status];
    }, { endpoint, p256dh, auth, courtId: court.court_id, date });
    assert.deepEqual(made, [201, 201], 'the watcher subscribed and watches the court');

    // 1. The operator signs in; the account page leads to the venues they run.
    const { page } = operator;
    await page.goto(`${BASE}/signin`);
    await signIn(page, smtp, operatorEmail, 'sv');
    await page.waitForURL('**/account');
    await page.getByRole('link', { name: 'Till dina anläggningar' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Anläggningar du driver' }).waitFor();
    // A document of its own: the operator build's wasm, not the players'.
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('_bg.wasm')));
    assert.equal(wasm.length, 1, wasm.join(', '));
    assert.match(wasm[0], /^\/operator\/frontend-/);
    const venueLink = page.locator('a.operator-venue', { hasText: venue.name }).first();
    await venueLink.waitFor();
    assert.match(await venueLink.textContent(), /Stängningar$/);
    await checkA11y(page, 'the operator\'s venues');
    await venueLink.tap();
    await page.getByRole('heading', { level: 1, name: 'Stängningar' }).waitFor();
    await page.waitForURL(`**/operator/venues/${venue.id}/closures`);

    // 2. Close the court tomorrow 07:00–22:00 (the form's default day) for snow.
    await page.getByLabel('Bana', { exact: true }).selectOption(String(court.court_id));
    assert.equal(await page.getByLabel('Från', { exact: true }).inputValue(), `${date}T07:00`, 'tomorrow at the venue by default');
    assert.equal(await page.getByLabel('Till', { exact: true }).inputValue(), `${date}T22:00`);
    assert.equal(await page.getByLabel('Orsak', { exact: true }).inputValue(), 'snow');
    await page.getByLabel('Meddelande till spelarna (frivilligt)', { exact: true }).fill('Banan plogas under dagen.');
    await checkA11y(page, 'the closure form');
    await shot(page, '60-closure-form');
    await page.getByRole('button', { name: 'Stäng', exact: true }).tap();
    const done = page.getByText(/^Stängt\. (En bokning avbokades|\d+ bokningar avbokades)/);
    await done.waitFor();
    const item = page.locator('.closure-item').first();
    assert.match(await item.textContent(), new RegExp(`${esc(court.court_name)}, .*07:00–22:00`));
    assert.match(await item.textContent(), /Snö; (en bokning avbokad|\d+ bokningar avbokade)/i);
    await shot(page, '61-closed');
    await checkA11y(page, 'a closure made');

    // 3. The player's booking: cancelled by the venue, refunded in full.
    await player.context.addInitScript(({ id, key, booking }) => {
      localStorage.setItem('ledig.booking-keys.v1', JSON.stringify({ [id]: key }));
      if (!localStorage.getItem('ledig.bookings.v1')) localStorage.setItem('ledig.bookings.v1', JSON.stringify([booking]));
    }, { id: booking.id, key: held.body.owner_key, booking });
    await player.page.goto(`${BASE}/bookings/${booking.id}`);
    await player.page.getByText(/The venue closed the court \(snow\) and cancelled your time\. .+ has been refunded\./).waitFor();
    await shot(player.page, '62-booking-closed');
    await checkA11y(player.page, 'a booking cancelled by a closure');
    const mail = await smtp.waitForMail(playerEmail);
    assert.match(mail.subject, /^Din bokning är avbokad: /, mail.subject);
    assert.match(mail.text, /snö/);
    assert.match(mail.text, /Banan plogas under dagen\./);
    // Its slots read closed on the venue's day.
    await player.page.goto(`${BASE}/venues/${venue.id}?date=${date}`);
    const section = player.page.locator(`section.court[aria-labelledby="court-${court.court_id}"]`);
    const times = `${slot.local_start}–${slot.local_end}`;
    await section.locator('.slot-closed', { hasText: times }).waitFor();
    assert.equal(await section.locator('.slot-free', { hasText: times }).count(), 0, 'the booked time is not free');

    // 4. The operator reopens it; the watcher's phone gets the push.
    const reopen = item.getByRole('button', { name: new RegExp(`^Öppna igen: ${esc(court.court_name)}, `) });
    const box = await reopen.boundingBox();
    assert.ok(box.height >= 44, `the reopen button is at least 44 px high (${box.height})`);
    await reopen.focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Öppnad igen\. De lediga tiderna kan bokas/).waitFor();
    await item.locator('.badge-reopened').waitFor();
    await checkA11y(page, 'a closure reopened');
    // 5. The audit log says who did it.
    await page.getByRole('link', { name: 'Alla dina anläggningar' }).tap();
    await page.getByRole('link', { name: 'Ändringslogg' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Ändringslogg' }).waitFor();
    const entries = page.locator('.audit-item');
    await entries.first().waitFor();
    assert.match(await entries.nth(0).textContent(), new RegExp(`^Öppnade igen · ${esc(operatorEmail)}${esc(venue.name)}`));
    assert.match(await entries.nth(1).textContent(), new RegExp(`^Stängde · ${esc(operatorEmail)}${esc(venue.name)}, ${esc(court.court_name)}, .*07:00–22:00 \\(snö\\)`));
    await checkA11y(page, 'the audit log');
    await shot(page, '63-audit-log');

    // 6. The statistics page shows the day: the venue's cancellation and
    // its refund (other tests' bookings may share the day, hence "at least").
    await page.goto(`${BASE}/operator/venues/${venue.id}/statistics`);
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await page.getByLabel('Första dagen', { exact: true }).fill(date);
    await page.getByLabel('Sista dagen', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Visa statistiken' }).tap();
    const total = (name) => page.locator('.stats-totals div', { hasText: name }).locator('dd');
    await until('the day in the statistics', async () => {
      const n = Number((await total('Avbokningar').textContent({ timeout: 1000 }).catch(() => '0')).trim());
      return n >= 1 ? n : null;
    });
    const refunded = (await total('Återbetalt').textContent()).replace(/\s/g, ' ');
    assert.match(refunded, /^[1-9][\d ]* kr$/, `refunds that day: ${refunded}`);
    await checkA11y(page, "the statistics of the closure's day");

    const [queued] = await until('the push for the watcher', () => {
      const rows = sql(`SELECT o.payload FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id
                        WHERE s.endpoint = '${endpoint}'`);
      return rows.length ? rows : null;
    });
    const payload = JSON.parse(queued.payload);
    assert.match(payload.url, /^\/offers\/[0-9a-f-]{36}$/, queued.payload);
    await watcher.page.goto(`${BASE}${payload.url}`);
    await watcher.page.getByRole('heading', { level: 1, name: 'A time you watch freed up' }).waitFor();
    const offer = await watcher.page.evaluate((url) => fetch(`/api/v1${url}`).then((r) => r.json()), payload.url);
    assert.equal(offer.court_id, court.court_id, JSON.stringify(offer));

    for (const phone of [operator, player, watcher]) {
      assert.deepEqual(phone.external, [], 'no request may leave localhost');
    }
  } catch (err) {
    await shot(operator.page, `failed-operator-${Date.now()}`).catch(() => {});
    await shot(player.page, `failed-player-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await operator.close();
    await player.close();
    await watcher.close();
    await smtp.close();
  }
});
