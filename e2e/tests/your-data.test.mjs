// Your data, in Swedish (the default): sign in by an e-mailed code, see
// what Ledig holds (a guest booking made with the same address among it),
// download the file and parse it, delete the account (a wrong address is
// refused first), get the confirmation mail, find the booking cancelled,
// and sign in again with the same address to a new, empty account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, api, checkA11y, freeSlotTomorrow, shot, signInByMail, startSmtp, withPhone } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('see, download and delete your data; the same address then signs in afresh', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it and points the server (LEDIG_SMTP_URL) at it');
  const smtp = await startSmtp(SMTP_PORT);
  const stamp = Date.now();
  const email = `data-${stamp}@example.se`;
  const { court, slot } = await freeSlotTomorrow('08:00', '21:00');
  const held = await api('/bookings', { method: 'POST', body: { court_id: court.court_id, starts_at: slot.starts_at, name: `Dana Data ${stamp}`, email } });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await api(`/payments/demo/${held.body.id}/confirm`, { method: 'POST', key: held.body.owner_key });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  try {
    await withPhone({ language: 'sv' }, async ({ page }) => {
      // Signed out, the page tells a guest how to see their bookings.
      await page.goto(`${BASE}/account/data`);
      await page.getByText('Har du bokat som gäst? Logga in med en kod', { exact: false }).waitFor();
      await checkA11y(page, 'your data, signed out');
      await page.goto(`${BASE}/signin`);
      await signInByMail(page, smtp, email, 'sv');
      await page.getByRole('heading', { level: 1, name: 'Konto', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Dina uppgifter' }).tap();
      await page.getByRole('heading', { level: 1, name: 'Dina uppgifter' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Det här sparar vi' }).waitFor();

      // The guest booking of the proved address is there, readable.
      const bookings = page.locator('details.data-section', { hasText: 'Bokningar' }).first();
      await bookings.locator('summary').tap();
      await bookings.getByText(`Dana Data ${stamp}`).waitFor();
      await bookings.getByText('Anläggning').first().waitFor();
      // What stays after deleting the account, and why, in the section.
      await bookings.getByText('sparas i sju år, som bokföringslagen kräver', { exact: false }).waitFor();
      await shot(page, '70-your-data');
      await checkA11y(page, 'your data');

      // The file downloads and parses.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Ladda ner allt som fil (JSON)' }).tap(),
      ]);
      assert.match(download.suggestedFilename(), /^ledig-\d{4}-\d{2}-\d{2}\.json$/);
      const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.equal(file.email, email);
      // It says what stays after deleting the account, and why.
      const bookingsSection = file.sections.find((s) => s.key === 'bookings');
      assert.equal(bookingsSection.title, 'Bokningar');
      assert.equal(bookingsSection.on_erasure, 'pseudonymised');
      assert.match(bookingsSection.kept, /sju år.*bokföringslagen/);
      const booked = bookingsSection.rows;
      assert.deepEqual(booked.map((b) => b.id), [held.body.id]);
      const firstAccount = file.account_id;

      // Protected personal data: marked here, staff then see an alias.
      await page.getByText('Kontot är inte markerat som skyddat.').waitFor();
      await page.getByRole('button', { name: 'Markera kontot som skyddat' }).tap();
      await page.getByText('Kontot är markerat som skyddat.').waitFor();
      const marked = await page.evaluate(() => fetch('/api/v1/me/profile').then((r) => r.json()));
      assert.equal(marked.protected, true);

      // A wrong address is refused in place; nothing happens.
      const confirm = page.getByLabel('Skriv din e-postadress för att bekräfta');
      await confirm.fill('someone@example.se');
      await page.getByRole('button', { name: 'Radera mitt konto' }).tap();
      await page.getByText(`Det är inte kontots e-postadress. Skriv ${email}.`).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'data-delete-confirm');
      await checkA11y(page, 'deleting the account, refused');

      await confirm.fill(email);
      await page.getByRole('button', { name: 'Radera mitt konto' }).tap();
      await page.getByRole('heading', { level: 2, name: 'Ditt konto är raderat' }).waitFor();
      await page.getByText('En kommande bokning avbokades').waitFor();
      await checkA11y(page, 'the account deleted');
      await shot(page, '71-deleted');

      const mail = await smtp.waitForMail(email, 15000, (m) => m.subject === 'Ditt konto hos Ledig är raderat');
      assert.match(mail.text, /bokföringslagen/);
      const cancelled = await api(`/bookings/${held.body.id}`, { key: held.body.owner_key });
      assert.equal(cancelled.body.status, 'cancelled');
      assert.equal(cancelled.body.name, '', 'the kept record names nobody');
      // Signed out on this device too.
      const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()));
      assert.equal(session.account, null);

      // The same address signs in to a new account with nothing in it.
      smtp.mails.length = 0;
      await page.goto(`${BASE}/signin`);
      await signInByMail(page, smtp, email, 'sv');
      await page.getByRole('heading', { level: 1, name: 'Konto', exact: true }).waitFor();
      const fresh = await page.evaluate(() => fetch('/api/v1/me/export').then((r) => r.json()));
      assert.ok(fresh.sections, JSON.stringify(fresh));
      assert.notEqual(fresh.account_id, firstAccount);
      assert.deepEqual(fresh.sections.find((s) => s.key === 'bookings').rows, []);
    });
  } finally {
    await smtp.close();
  }
});
