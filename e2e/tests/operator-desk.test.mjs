// The bookings desk (issue 15, item 5), in a real browser, in Swedish: a
// player has booked and paid a slot tomorrow; the venue's staff open the
// venue's bookings, see who booked, find the booking by the player's name,
// move it to another free time (the player is mailed the new door code),
// and cancel it with everything refunded. The player is mailed and sees the
// booking cancelled with its refund.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, api, checkA11y, freeSlotTomorrow, LEDIG_BIN, openPhone, shot, startSmtp, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('staff find a booking by name at the desk, move it, and cancel it, refunded in full', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const stamp = Date.now();
  const { venue, court, slot, date } = await freeSlotTomorrow('09:00', '19:00');
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  // The demo venues' organisation (the first takes on every venue), then
  // staff of this one venue.
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `stina-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'staff', '--organisation', 'Exempelkommun', '--venues', String(venue.id));

  const player = `Greta Garbo ${stamp}`;
  const playerEmail = `greta-${stamp}@example.se`;
  const held = await api('/bookings', { method: 'POST', body: { court_id: court.court_id, starts_at: slot.starts_at, name: player, email: playerEmail } });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));

  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li', { hasText: venue.name });
    await item.getByRole('link', { name: 'Bokningar' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Bokningar' }).waitFor();

    // Tomorrow's bookings, with who booked.
    await page.getByLabel('Från och med', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Visa bokningarna' }).tap();
    const row = page.locator('.desk-booking', { hasText: player });
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(playerEmail));
    assert.match(await row.textContent(), /Bekräftad/);
    await checkA11y(page, 'the bookings desk');

    // Found by name alone.
    await page.getByLabel('Sök namn, e-post, dörrkod eller bokningsnummer').fill(`garbo ${stamp}`);
    await page.getByRole('button', { name: 'Visa bokningarna' }).tap();
    await page.getByRole('heading', { name: 'En bokning' }).waitFor();
    assert.equal(await page.locator('.desk-booking').count(), 1);

    // Moved to another free time that day; the player gets the new code.
    await row.getByRole('button', { name: `Flytta ${player} ${slot.local_start}` }).tap();
    const choice = row.getByLabel('Ledig tid', { exact: true });
    await choice.waitFor();
    await checkA11y(page, 'moving a booking at the desk');
    const picked = await choice.evaluate((s) => s.options[s.selectedIndex].text);
    const [courtName, times] = picked.split(' · ');
    const newStart = times.slice(0, 5);
    await row.getByRole('button', { name: 'Flytta hit' }).tap();
    await page.getByText(new RegExp(`^${player} är flyttad till ${courtName} .* ${times}\\.`)).waitFor();
    assert.match(await row.textContent(), new RegExp(`${times}.*${courtName}`));
    const moved = await smtp.waitForMail(playerEmail, 15000, (m) => /^Din bokning är flyttad/.test(m.subject));
    const code = (await api(`/bookings/${held.body.id}`, { key: held.body.owner_key })).body.door_code;
    assert.ok(code, 'the moved booking has a door code');
    assert.match(moved.text, new RegExp(`Dörrkod: ${code}`));
    await shot(page, '69-desk-moved');

    // Cancelled for the venue, everything back.
    await row.getByRole('button', { name: `Avboka ${player} ${newStart}` }).tap();
    await row.getByRole('button', { name: 'Avboka och betala tillbaka allt' }).tap();
    await page.getByText(new RegExp(`^${player} är avbokad och får \\d+\\s*kr tillbaka\\.`)).waitFor();
    assert.match(await row.textContent(), /Avbokad/);
    await checkA11y(page, 'the desk after a cancellation');
    await shot(page, '69-desk');

    const mail = await smtp.waitForMail(playerEmail, 15000, (m) => /^Din bokning är avbokad/.test(m.subject));
    assert.match(mail.subject, /^Din bokning är avbokad/);
    assert.match(mail.text, /Du får tillbaka/);
    const seen = await api(`/bookings/${held.body.id}`, { key: held.body.owner_key });
    assert.equal(seen.body.status, 'cancelled');
    assert.equal(seen.body.cancellation.refund.amount_minor, paid.body.price.amount_minor);
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-desk-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await smtp.close();
  }
});

// Booking for callers at the desk: one on the phone who pays at the venue
// (confirmed at once with a door code), one who pays by the link mailed to
// them, which opens the booking on another device, ready to pay.
test('staff book for a caller paying at the venue and for one paying by link', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  const stamp = Date.now();
  const { venue, date } = await freeSlotTomorrow('09:00', '19:00');
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `sture-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'staff', '--organisation', 'Exempelkommun', '--venues', String(venue.id));

  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  let other;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator/venues/${venue.id}/bookings`);
    await page.getByRole('heading', { level: 1, name: 'Bokningar' }).waitFor();
    await page.getByLabel('Från och med', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Visa bokningarna' }).tap();

    // A caller on the phone: the page asks for a way to reach them first.
    await page.getByRole('button', { name: 'Boka åt en kund' }).tap();
    const form = page.locator('form.desk-caller');
    await form.getByLabel('Ledig tid', { exact: true }).waitFor();
    const karin = `Karin Ek ${stamp}`;
    await form.getByLabel('Kundens namn', { exact: true }).fill(karin);
    await form.getByRole('button', { name: 'Boka', exact: true }).tap();
    await form.getByText('Skriv kundens e-post eller telefonnummer.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'caller-email', 'the focus is on the field to fix');
    await checkA11y(page, 'booking for a caller');
    await form.getByLabel('Telefon', { exact: true }).fill('070-123 45 67');
    await form.getByRole('button', { name: 'Boka', exact: true }).tap();
    await page.getByText(new RegExp(`^${karin} är bokad\\. Dörrkod \\d{6}; betalas på plats\\.`)).waitFor();
    const karinRow = page.locator('.desk-booking', { hasText: karin });
    assert.match(await karinRow.textContent(), /070-123 45 67.*Bekräftad.*betalas på plats.*dörrkod \d{6}/);

    // A caller who pays by link.
    await page.getByRole('button', { name: 'Boka åt en kund' }).tap();
    await form.getByLabel('Ledig tid', { exact: true }).waitFor();
    const lars = `Lars Berg ${stamp}`;
    const larsEmail = `lars-${stamp}@example.se`;
    await form.getByLabel('Kundens namn', { exact: true }).fill(lars);
    await form.getByLabel('E-post', { exact: true }).fill(larsEmail);
    await form.getByLabel('Betalning', { exact: true }).selectOption('link');
    await form.getByRole('button', { name: 'Boka', exact: true }).tap();
    await page.getByText(new RegExp(`^${lars} har fått en betalningslänk till ${larsEmail}\\.`)).waitFor();
    assert.match(await page.locator('.desk-booking', { hasText: lars }).textContent(), /Väntar på betalning/);
    await shot(page, '70-desk-caller');
    assert.deepEqual(phone.external, [], 'no request may leave localhost');

    // The mailed link opens the booking on another device, ready to pay.
    const mail = await smtp.waitForMail(larsEmail, 15000, (m) => /^Betala din bokning/.test(m.subject));
    const link = mail.text.match(/http\S+\/bookings\/\S+\?key=\S+/)?.[0];
    assert.ok(link, mail.text);
    other = await openPhone({ language: 'sv' });
    await other.page.goto(link);
    await other.page.getByRole('link', { name: 'Gå vidare till betalning' }).waitFor();
    assert.match(await other.page.locator('main').textContent(), new RegExp(lars));
  } catch (err) {
    await shot(page, `failed-desk-caller-${Date.now()}`).catch(() => {});
    if (other) await shot(other.page, `failed-desk-link-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    if (other) await other.close();
    await smtp.close();
  }
});

// Protected identity (issue 17) at the desk: a resident who booked as a
// guest marks their account as protected; the venue's staff then see a
// six-character alias for the booking, never the name, address or phone,
// and a search by the name finds nothing. The booking number still finds it.
test('the desk shows a protected resident by alias only, and a name search does not find them', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  const stamp = Date.now();
  const { venue, court, slot, date } = await freeSlotTomorrow('09:00', '19:00');
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `selma-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'staff', '--organisation', 'Exempelkommun', '--venues', String(venue.id));

  const resident = `Sara Skydd ${stamp}`;
  const residentEmail = `sara-${stamp}@example.se`;
  const held = await api('/bookings', { method: 'POST', body: { court_id: court.court_id, starts_at: slot.starts_at, name: resident, email: residentEmail } });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));

  const smtp = await startSmtp(SMTP_PORT);
  let residentPhone;
  let staffPhone;
  try {
    // The resident proves the address and marks the account.
    residentPhone = await openPhone({ language: 'sv' });
    await residentPhone.page.goto(`${BASE}/signin`);
    await signInByMail(residentPhone.page, smtp, residentEmail, 'sv');
    await residentPhone.page.waitForURL('**/account');
    await residentPhone.page.goto(`${BASE}/account/data`);
    await residentPhone.page.getByRole('button', { name: 'Markera kontot som skyddat' }).tap();
    await residentPhone.page.getByText('Kontot är markerat som skyddat.').waitFor();
    await residentPhone.close();
    residentPhone = undefined;

    staffPhone = await openPhone({ language: 'sv' });
    const { page } = staffPhone;
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator/venues/${venue.id}/bookings`);
    await page.getByRole('heading', { level: 1, name: 'Bokningar' }).waitFor();
    await page.getByLabel('Från och med', { exact: true }).fill(date);

    // By the booking number: the alias, and nothing of who.
    const number = held.body.id.slice(0, 8);
    await page.getByLabel('Sök namn, e-post, dörrkod eller bokningsnummer').fill(number);
    await page.getByRole('button', { name: 'Visa bokningarna' }).tap();
    await page.getByRole('heading', { name: 'En bokning' }).waitFor();
    const row = page.locator('.desk-booking');
    const text = await row.textContent();
    assert.match(text, /Skyddad identitet [0-9A-F]{6}/);
    assert.match(text, new RegExp(slot.local_start));
    for (const secret of [resident, residentEmail, 'Sara', 'sara-']) {
      assert.ok(!text.includes(secret), `the desk shows ${secret}`);
    }
    assert.ok(!(await page.content()).includes(residentEmail), 'the page holds the address');
    await checkA11y(page, 'the desk with a protected booking');
    await shot(page, '69-desk-protected');

    // By the name: nothing.
    await page.getByLabel('Sök namn, e-post, dörrkod eller bokningsnummer').fill(resident);
    await page.getByRole('button', { name: 'Visa bokningarna' }).tap();
    await page.getByText('Inga bokningar den tiden.').waitFor();
    assert.equal(await page.locator('.desk-booking').count(), 0);
    assert.deepEqual(staffPhone.external, [], 'no request may leave localhost');
  } catch (err) {
    if (staffPhone) await shot(staffPhone.page, `failed-desk-protected-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    if (residentPhone) await residentPhone.close();
    if (staffPhone) await staffPhone.close();
    await smtp.close();
  }
});
