// Opening hours in the app (issue 15, item 2), in a real browser, in
// Swedish: an operator opens a venue's opening hours, is told that 07:30
// does not fit the courts' hourly slots (and the focus goes there), closes
// a day ahead with an exception, previews it, saves, and the day has no
// slots for players. The venue's hours are put back at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, api, checkA11y, LEDIG_BIN, openPhone, shot, startSmtp, localDate, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

/** In the page's session: the opening hours of `venueId` and their ETag, or a PUT of them. */
function hoursCall(page, venueId, body, etag) {
  return page.evaluate(async ({ venueId, body, etag }) => {
    const path = `/api/v1/operator/venues/${venueId}/hours`;
    if (!body) {
      const r = await fetch(path);
      return { status: r.status, etag: r.headers.get('etag'), body: await r.json() };
    }
    const { csrf_token: csrf } = await fetch('/api/v1/session').then((r) => r.json());
    const r = await fetch(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'if-match': etag },
      body: JSON.stringify(body),
    });
    return { status: r.status, etag: r.headers.get('etag'), body: await r.json() };
  }, { venueId, body, etag });
}

test('an operator closes a day ahead with an exception, told of hours off the slot grid', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const email = `hanna-${Date.now()}@exempelkommun.se`;
  execFileSync(LEDIG_BIN, ['operator', 'add', '--email', email, '--role', 'operator', '--organisation', 'Exempelkommun'], {
    env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' },
  });
  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  let original = null;
  let venueId = null;
  const day = localDate(10);
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li').first();
    await item.getByRole('link', { name: 'Öppettider' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Öppettider' }).waitFor();
    venueId = Number(page.url().match(/venues\/(\d+)\/hours/)[1]);
    original = await hoursCall(page, venueId);
    assert.equal(original.status, 200, JSON.stringify(original.body));
    const { body: before } = await api(`/venues/${venueId}/slots?date=${day}`);
    assert.ok(before.courts.some((c) => c.slots.length > 0), 'the day has slots before');
    await checkA11y(page, 'the opening hours form');

    // Monday from 07:30: off the courts' hourly grid, told where.
    const monday = page.locator('fieldset.rules-band', { hasText: 'måndag' }).first();
    const opens = monday.getByLabel('Öppnar', { exact: true });
    const was = await opens.inputValue();
    await opens.fill('07:30');
    await page.getByRole('button', { name: 'Spara öppettiderna' }).tap();
    await page.getByText(/^Tiden passar inte banornas tider/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-0-opens');
    await checkA11y(page, 'hours with a mistake');
    await opens.fill(was);

    // An exception: closed on that day.
    await page.getByRole('button', { name: 'Lägg till ett undantag' }).tap();
    const exception = page.locator('fieldset.rules-band', { hasText: 'Undantag' }).last();
    await exception.getByLabel('Första dagen').fill(day);
    await exception.getByLabel('Sista dagen').fill(day);
    await exception.getByLabel('Anledning (för er själva, frivillig)').fill('Underhåll');
    await page.getByLabel('Datum', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Visa tiderna' }).tap();
    const said = page.locator('.hours-preview-result');
    await said.waitFor();
    assert.match(await said.textContent(), /: stängt\.$/);
    assert.doesNotMatch(await said.textContent(), /\d\d:\d\d/, 'no times that day');

    await page.getByRole('button', { name: 'Spara öppettiderna' }).tap();
    await page.getByText(/^Sparat\./).waitFor();
    const { body: after } = await api(`/venues/${venueId}/slots?date=${day}`);
    assert.ok(after.courts.every((c) => c.slots.length === 0), JSON.stringify(after.courts.map((c) => c.slots.length)));
    await checkA11y(page, 'hours saved');
    await shot(page, '67-hours');
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-hours-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    if (original) {
      const now = await hoursCall(page, venueId);
      const restored = await hoursCall(page, venueId, original.body, now.etag);
      assert.equal(restored.status, 200, JSON.stringify(restored.body));
    }
    await phone.close();
    await smtp.close();
  }
});
