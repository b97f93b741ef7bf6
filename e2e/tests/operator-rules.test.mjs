// Prices and rules in the app (issue 15, item 4), in a real browser, in
// Swedish: an operator opens a venue's prices and rules, replaces its price
// bands with one peak band, is told of a missing price (and the focus goes
// there), previews what a slot costs, saves, and the player's quote for
// that slot is the previewed price. When someone else saves meanwhile, the
// page says so instead of overwriting it, and loads their version.
//
// The venue's rules are put back as they were at the end, through the same
// API, so the tests after this one see the demo data's prices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, api, checkA11y, LEDIG_BIN, openPhone, shot, startSmtp, until, freeSlotTomorrow, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

/** In the page's session: the rules of `venueId` and their ETag, or a PUT of them. */
function rulesCall(page, venueId, body, etag) {
  return page.evaluate(async ({ venueId, body, etag }) => {
    const path = `/api/v1/operator/venues/${venueId}/rules`;
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

test('an operator changes a venue\'s prices with a preview, and is told when someone saved meanwhile', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const email = `rut-${Date.now()}@exempelkommun.se`;
  execFileSync(LEDIG_BIN, ['operator', 'add', '--email', email, '--role', 'operator', '--organisation', 'Exempelkommun'], {
    env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' },
  });
  const { venue, court, slot } = await freeSlotTomorrow('17:00', '20:00');

  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  let original = null;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    original = await rulesCall(page, venue.id);
    assert.equal(original.status, 200, JSON.stringify(original.body));

    // 1. From the venues they run to this venue's prices and rules.
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li', { hasText: venue.name }).first();
    await item.getByRole('link', { name: 'Priser och regler' }).tap();
    await page.waitForURL(`**/operator/venues/${venue.id}/rules`);
    await page.getByRole('heading', { level: 1, name: 'Priser och regler' }).waitFor();
    await page.getByLabel('Fri avbokning fram till (timmar före start)').waitFor();
    await checkA11y(page, 'the prices and rules form');
    await shot(page, '64-rules-form');

    // 2. One band instead of the venue's: adult, every day, 17–21, peak, per booked time.
    for (let n = original.body.tariffs.length; n > 0; n--) {
      await page.getByRole('button', { name: `Ta bort band ${n}` }).tap();
    }
    await page.getByText('Inga prisband: varje tid kostar banans eget pris.').waitFor();
    await page.getByRole('button', { name: 'Lägg till ett band' }).tap();
    const band = page.locator('fieldset.rules-band').first();
    await band.getByLabel('Från', { exact: true }).fill('17:00');
    await band.getByLabel('Till', { exact: true }).fill('21:00');
    await band.getByLabel('Trafik', { exact: true }).selectOption('peak');
    await band.getByLabel('Pris per', { exact: true }).selectOption('slot');

    // Saved without a price: told where, and the focus is there.
    await page.getByRole('button', { name: 'Spara priser och regler' }).tap();
    await page.getByText('Ange priset i kronor, 0 eller mer, till exempel 180 eller 180,50.').waitFor();
    await page.getByText('Ett fält behöver rättas innan du kan spara.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'band-0-price_minor');
    await checkA11y(page, 'a rules form with a mistake');
    await band.getByLabel('Pris (kronor, inkl. moms)').fill('250');

    // 3. The preview: what the slot would cost, before saving.
    await page.getByLabel('Bana', { exact: true }).last().selectOption(String(court.court_id));
    await page.getByLabel('Starttid').fill(slot.local_start);
    await page.getByRole('button', { name: 'Visa pris' }).tap();
    const said = page.locator('.rules-preview-result');
    await said.waitFor();
    assert.match(await said.textContent(), new RegExp(`^Vuxen: ${court.court_name}, .* ${slot.local_start} kostar 250\\skr \\(högtrafik\\)\\. `));
    const before = await api(`/courts/${court.court_id}/quote?starts_at=${encodeURIComponent(slot.starts_at)}`);
    assert.notEqual(before.body.price.amount_minor, 25000, 'nothing is saved by a preview');

    // 4. Saved: the player's quote for that slot is the previewed price.
    await page.getByRole('button', { name: 'Spara priser och regler' }).tap();
    await page.getByText('Sparat. Nya bokningar får de nya priserna och villkoren.').waitFor();
    const after = await api(`/courts/${court.court_id}/quote?starts_at=${encodeURIComponent(slot.starts_at)}`);
    assert.equal(after.body.price.amount_minor, 25000, JSON.stringify(after.body));
    assert.equal(after.body.band, 'peak');

    // 5. Someone else saves meanwhile (a 2 h deadline); this page's save is refused, not made.
    const theirs = await rulesCall(page, venue.id);
    const changed = await rulesCall(page, venue.id, { ...theirs.body, cancel_deadline_hours: 2 }, theirs.etag);
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await page.getByLabel('Fri avbokning fram till (timmar före start)').fill('12');
    await page.getByRole('button', { name: 'Spara priser och regler' }).tap();
    await page.getByText(/^Någon annan sparade ändringar i reglerna medan du hade dem öppna\./).waitFor();
    await checkA11y(page, 'a save refused as changed meanwhile');
    await shot(page, '65-rules-changed-meanwhile');
    assert.equal((await rulesCall(page, venue.id)).body.cancel_deadline_hours, 2, 'their change stands');
    await page.getByRole('button', { name: 'Ladda den senaste versionen' }).tap();
    await until('the reloaded rules', async () => (await page.getByLabel('Fri avbokning fram till (timmar före start)').inputValue()) === '2');

    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-rules-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    // Put the demo venue's rules back for the tests after this one.
    if (original) {
      const now = await rulesCall(page, venue.id);
      const restored = await rulesCall(page, venue.id, original.body, now.etag);
      assert.equal(restored.status, 200, JSON.stringify(restored.body));
    }
    await phone.close();
    await smtp.close();
  }
});

