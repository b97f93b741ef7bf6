// Statistics (issue 15, item 6), in a real browser, in Swedish: a viewer of
// the organisation opens a venue's statistics for tomorrow, where a player
// has booked and paid a slot; the day's booked hours and the booking's hour
// show in the figures and in the tables beside the charts, and the CSV
// downloads and parses. No names anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BASE, E2E_DB as DB, api, checkA11y, freeSlotTomorrow, LEDIG_BIN, openPhone, shot, startSmtp, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('a viewer sees the day in the statistics, as charts with tables and as CSV', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const stamp = Date.now();
  const { venue, court, slot, date } = await freeSlotTomorrow('09:00', '19:00');
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `vera-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'viewer', '--organisation', 'Exempelkommun');

  const player = `Märta Statistik ${stamp}`;
  const held = await api('/bookings', { method: 'POST', body: { court_id: court.court_id, starts_at: slot.starts_at, name: player, email: `marta-${stamp}@example.se` } });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const hour = String(Number(slot.local_start.slice(0, 2)));

  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li', { hasText: venue.name });
    assert.equal(await item.getByRole('link', { name: 'Bokningar' }).count(), 0, 'a viewer has no desk');
    await item.getByRole('link', { name: 'Statistik' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();

    await page.getByLabel('Första dagen', { exact: true }).fill(date);
    await page.getByLabel('Sista dagen', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Visa statistiken' }).tap();
    const booked = page.locator('.stats-totals div', { hasText: 'Bokade timmar' }).locator('dd');
    await page.waitForFunction(() => {
      const dd = [...document.querySelectorAll('.stats-totals div')].find((d) => d.textContent.includes('Bokade timmar'));
      return dd && Number(dd.querySelector('dd').textContent.replace(',', '.')) >= 1;
    });
    assert.ok(Number((await booked.textContent()).replace(',', '.')) >= 1);

    // The hour of the booking, in the table beside the chart.
    const table = page.getByRole('table', { name: 'Siffrorna per timme' });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${hour.padStart(2, '0')}:00`) }) });
    assert.equal(await row.count(), 1);
    const cells = await row.getByRole('cell').allTextContents();
    assert.ok(Number(cells[1].replace(',', '.')) >= 1, `booked hours at ${hour}: ${cells}`);
    assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(player), 'no names in statistics');
    await checkA11y(page, 'the statistics');
    await shot(page, '70-statistics');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ladda ner som CSV' }).click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trim().split('\r\n').map((l) => l.split(','));
    assert.equal(lines[0][0], 'dimension');
    const total = lines.find((l) => l[0] === 'total');
    assert.ok(Number(total[4]) >= 1, `booked hours in the CSV: ${total}`);
    assert.ok(lines.some((l) => l[0] === 'hour' && l[1] === hour && Number(l[4]) >= 1));
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-statistics-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await smtp.close();
  }
});
