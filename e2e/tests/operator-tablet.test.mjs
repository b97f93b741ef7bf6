// The operator side (issue 15, item 9) in English on a tablet: every
// operator page of a venue, the organisation's people and the audit log
// pass axe with no target under 44 px, and none is wider than the screen
// (nothing to scroll sideways to). The Swedish pages at phone size are
// checked by each page's own test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, api, checkA11y, LEDIG_BIN, openPhone, startSmtp, signInByMail, shot } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('every operator page passes axe in English on a tablet, nothing wider than the screen', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  const stamp = Date.now();
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  const email = `tove-${stamp}@exempelkommun.se`;
  ledig('operator', 'add', '--email', email, '--role', 'operator', '--organisation', 'Exempelkommun');
  const { body: page1 } = await api('/venues?per_page=1');
  const venue = (Array.isArray(page1) ? page1 : page1.venues)[0];

  const smtp = await startSmtp(SMTP_PORT);
  const tablet = await openPhone({ width: 820, height: 1180, language: 'en' });
  const { page } = tablet;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'en');
    await page.waitForURL('**/account');
    const { body: me } = await page.evaluate(() => fetch('/api/v1/operator/me').then(async (r) => ({ body: await r.json() })));
    const organisation = me[0].organisation_id;
    const pages = [
      ['/operator', 'Venues you run'],
      [`/operator/venues/${venue.id}/closures`, null],
      [`/operator/venues/${venue.id}/bookings`, 'Bookings'],
      [`/operator/venues/${venue.id}/statistics`, 'Statistics'],
      [`/operator/venues/${venue.id}`, 'Venue and courts'],
      [`/operator/venues/${venue.id}/hours`, 'Opening hours'],
      [`/operator/venues/${venue.id}/rules`, null],
      [`/operator/venues/${venue.id}/notices`, 'Notices for staff'],
      [`/operator/organisations/${organisation}/members`, null],
      ['/operator/audit', null],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${BASE}${path}`);
      const h1 = heading
        ? page.getByRole('heading', { level: 1, name: heading })
        : page.getByRole('heading', { level: 1 });
      await h1.first().waitFor();
      // Loaded: no skeleton left.
      await page.waitForFunction(() => !document.querySelector('.skeleton'), null, { timeout: 15000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', `${path} is in English`);
      await checkA11y(page, `${path} in English on a tablet`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `${path} is ${wide} px wider than the screen`);
    }
    await shot(page, '72-operator-tablet');
    assert.deepEqual(tablet.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-tablet-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await tablet.close();
    await smtp.close();
  }
});
