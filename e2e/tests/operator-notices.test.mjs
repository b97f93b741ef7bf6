// Notices for a venue's staff (issue 15, item 7), in a real browser, in
// Swedish: an operator sets the staffed hours and adds a caretaker who is
// mailed closures and the morning summary; a recipient told of nothing is
// refused on the field, by keyboard; saved, it is there after a reload; a
// closure then reaches the caretaker's mailbox. axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, api, checkA11y, freeSlotTomorrow, LEDIG_BIN, openPhone, shot, startSmtp, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('an operator tells a caretaker of closures, and the caretaker is mailed one', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  const stamp = Date.now();
  const { venue, court } = await freeSlotTomorrow('09:00', '19:00');
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `ines-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'operator', '--organisation', 'Exempelkommun');
  const caretaker = `vakt-${stamp}@exempelkommun.se`;

  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li', { hasText: venue.name });
    await item.getByRole('link', { name: 'Aviseringar' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Aviseringar till personal' }).waitFor();
    await checkA11y(page, 'the notices for staff');

    await page.getByLabel('Bemannad från', { exact: true }).fill('08:00');
    await page.getByLabel('Bemannad till', { exact: true }).fill('16:00');
    await page.getByRole('button', { name: 'Lägg till mottagare' }).tap();
    await page.getByLabel('Namn eller roll', { exact: true }).fill('Vaktmästare Anna');
    await page.getByLabel('E-post', { exact: true }).fill(caretaker);
    // Told of nothing: refused on the field, the focus there.
    await page.getByLabel('Stängningar och blockeringar', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Spara aviseringarna' }).press('Enter');
    await page.getByText('Välj minst en sak att skicka e-post om.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'notices-0-closures');
    await page.keyboard.press('Space');
    await page.getByLabel('Dagens bokningar varje morgon (från kl. 06)', { exact: true }).check();
    await page.getByRole('button', { name: 'Spara aviseringarna' }).tap();
    await page.getByText('Aviseringarna är sparade.').waitFor();
    await checkA11y(page, 'the notices, saved');
    await shot(page, '71-notices');

    await page.reload();
    await page.getByLabel('Namn eller roll', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('E-post', { exact: true }).inputValue(), caretaker);
    assert.equal(await page.getByLabel('Bemannad från', { exact: true }).inputValue(), '08:00');
    assert.ok(await page.getByLabel('Stängningar och blockeringar', { exact: true }).isChecked());

    // A closure of the court: the caretaker is mailed it (by the notices job).
    const csrf = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()).then((s) => s.csrf_token));
    const start = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3600 * 1000);
    const closed = await page.evaluate(async ({ venueId, courtId, from, to, token }) => {
      const r = await fetch(`/api/v1/operator/venues/${venueId}/closures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ court_id: courtId, starts_at: from, ends_at: to, reason: 'maintenance' }),
      });
      return r.status;
    }, { venueId: venue.id, courtId: court.court_id, from: start.toISOString(), to: end.toISOString(), token: csrf });
    assert.equal(closed, 201);
    const mail = await smtp.waitForMail(caretaker, 40000);
    assert.match(mail.subject, new RegExp(`^Stängt: ${court.court_name}, ${venue.name}`));
    assert.match(mail.text, /underhåll/);
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-notices-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await smtp.close();
  }
});
