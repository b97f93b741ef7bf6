// Door access end to end: a booking's QR, read from My bookings with the
// phone offline, opens the reference lock controller (`ledig door`) only in
// the booked window. scripts/test gives LEDIG_BIN (the ledig binary) and
// LEDIG_E2E_DATABASE_URL (the database of the server under test, where the
// controller is registered, as an operator would with `ledig controller add`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, api, checkA11y, freePort, openPhone, shot } from './support.mjs';

const BIN = process.env.LEDIG_BIN || new URL('../../target/debug/ledig', import.meta.url).pathname;
const DB = process.env.LEDIG_E2E_DATABASE_URL;

/**
 * The first free slot, across the demo venues, that starts at least half an
 * hour from now (so "now" is before its door window) and within the door
 * feed's 24-hour horizon (so the lock gets its code at once): later today or
 * tomorrow, venue-local.
 */
async function freeSlotWithinADay() {
  const earliest = Date.now() + 30 * 60_000;
  const latest = Date.now() + 23 * 3_600_000;
  const { body: found } = await api('/venues?per_page=100');
  for (const venue of found.venues) {
    const { body: today } = await api(`/venues/${venue.id}/slots`);
    const next = new Date(`${today.date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const { body: tomorrow } = await api(`/venues/${venue.id}/slots?date=${next.toISOString().slice(0, 10)}`);
    for (const day of [today, tomorrow]) {
      for (const court of day.courts) {
        const slot = court.slots.find((s) => s.status === 'free'
          && Date.parse(s.starts_at) >= earliest && Date.parse(s.starts_at) <= latest);
        if (slot) return { venue, court, slot };
      }
    }
  }
  throw new Error('no free slot within the next day in the demo data');
}

const shift = (iso, minutes) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

test('the QR from My bookings, offline, opens the door only in the booked window', async () => {
  assert.ok(DB, 'set LEDIG_E2E_DATABASE_URL to the database of the server under test (scripts/test does)');
  const { venue, court, slot } = await freeSlotWithinADay();
  const held = await api('/bookings', {
    method: 'POST',
    body: { court_id: court.court_id, starts_at: slot.starts_at, name: 'Door Tester', email: 'door@example.se' },
  });
  assert.equal(held.status, 201);
  assert.equal((await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST' })).status, 404,
    'the booking id alone pays nothing');
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200);
  const booking = paid.body;
  assert.match(booking.access_token, /^LEDIG1\./);

  // The operator registers the court's lock controller.
  const added = execFileSync(BIN, ['controller', 'add', '--name', 'e2e door', '--courts', String(court.court_id)], {
    env: { ...process.env, LEDIG_DATABASE_URL: DB },
  }).toString();
  const id = added.match(/controller id:\s*(\S+)/)[1];
  const secret = added.match(/secret:\s*(\S+)/)[1];

  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'ledig-door-'));
  const door = spawn(BIN, [
    'door', '--server', BASE, '--controller', id, '--secret', secret, '--court', String(court.court_id),
    '--listen', `127.0.0.1:${port}`, '--state', join(stateDir, 'state.json'), '--sync-seconds', '1',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let doorLog = '';
  door.stdout.on('data', (d) => { doorLog += d; });
  door.stderr.on('data', (d) => { doorLog += d; });
  const doorUrl = `http://127.0.0.1:${port}`;
  const phone = await openPhone();
  const { page, context } = phone;
  try {
    // The phone has the booking (as after booking on it), then loses network.
    await page.goto(`${BASE}/`);
    await page.evaluate((b) => localStorage.setItem('ledig.bookings.v1', JSON.stringify([b])), booking);
    await page.goto(`${BASE}/my`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.getByRole('link', { name: 'Map', exact: true }).tap();
    await context.setOffline(true);
    await page.goto(`${BASE}/my`);
    await page.getByText("You're offline").waitFor();
    const item = page.locator('.booking-item', { hasText: venue.name });
    await item.locator('.qr svg').waitFor();
    const token = await item.locator('.qr').getAttribute('data-payload');
    assert.equal(token, booking.access_token, 'the QR shown offline is the access token');
    assert.equal((await item.locator('.door-code').textContent()).trim(), booking.door_code);
    await shot(page, 'access-01-my-bookings-offline');
    await context.setOffline(false);

    // The door syncs the keys and credentials from the server.
    for (let i = 0; ; i++) {
      const status = await fetch(`${doorUrl}/status`).then((r) => r.json(), () => null);
      if (status?.last_sync_ok && status.keys > 0 && status.credentials > 0) break;
      if (i > 150) throw new Error(`the door did not sync:\n${doorLog}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const present = async (body) => (await fetch(`${doorUrl}/present`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    })).json();
    const inside = await present({ token, at: shift(booking.starts_at, 5) });
    assert.equal(inside.result, 'accepted', JSON.stringify(inside));
    // The lock knows the booking by an opaque reference, never by its id.
    assert.match(inside.booking_ref, /^[0-9a-f-]{36}$/);
    assert.notEqual(inside.booking_ref, booking.id);
    assert.ok(!token.includes(booking.id) && !Buffer.from(token.split('.')[1], 'base64url').toString().includes(booking.id),
      'the QR token does not carry the booking id');
    const early = await present({ token, at: shift(booking.starts_at, -60) });
    assert.deepEqual([early.result, early.reason], ['denied', 'not_yet_valid']);
    const late = await present({ token, at: shift(booking.ends_at, 5) });
    assert.deepEqual([late.result, late.reason], ['denied', 'expired']);
    const code = await present({ code: booking.door_code, at: shift(booking.starts_at, 30) });
    assert.equal(code.result, 'accepted', JSON.stringify(code));

    // The virtual door page, by hand: now is before the booked window.
    await page.goto(doorUrl);
    await page.getByLabel('QR token').fill(token);
    await page.getByRole('button', { name: 'Open' }).tap();
    await page.locator('#result').filter({ hasText: /denied/i }).waitFor();
    assert.match(await page.locator('#result').textContent(), /not.yet.valid/i);
    await shot(page, 'access-02-virtual-door');
    await checkA11y(page, 'the virtual door page');
  } finally {
    await phone.close();
    door.kill();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
