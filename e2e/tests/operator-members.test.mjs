// The people of an organisation in the app (issue 15, item 1), in a real
// browser, in Swedish: an operator gives a colleague the staff role at one
// venue (told by mail), is told to pick a venue first, sees them listed,
// and takes the role away again. By keyboard where it matters; axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, E2E_DB as DB, checkA11y, LEDIG_BIN, openPhone, shot, sql, startSmtp, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('an operator gives a colleague a role at a venue, and takes it away', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const stamp = Date.now();
  const email = `ebba-${stamp}@exempelkommun.se`;
  const colleague = `sam-${stamp}@exempelkommun.se`;
  execFileSync(LEDIG_BIN, ['operator', 'add', '--email', email, '--role', 'operator', '--organisation', 'Exempelkommun'], {
    env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' },
  });
  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    await page.getByRole('link', { name: 'Personer', exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: 'Personer' }).waitFor();
    const me = page.locator('.member-item', { hasText: email });
    await me.waitFor();
    assert.match(await me.textContent(), /\(du\)Administratör/);
    await checkA11y(page, 'the organisation\'s people');

    // Staff without a venue: told, nothing given.
    await page.getByLabel('E-postadress', { exact: true }).fill(colleague);
    assert.equal(await page.getByLabel('Roll', { exact: true }).inputValue(), 'staff');
    await page.getByRole('button', { name: 'Ge rollen' }).tap();
    await page.getByText('Välj minst en av organisationens anläggningar.').waitFor();
    await checkA11y(page, 'a role without a venue');

    // The first venue, ticked by keyboard; given.
    const box = page.locator('fieldset.checks input[type="checkbox"]').first();
    const venueName = (await page.locator('fieldset.checks label.check').first().textContent()).trim();
    await box.focus();
    await page.keyboard.press('Space');
    assert.ok(await box.isChecked());
    await page.getByRole('button', { name: 'Ge rollen' }).tap();
    await page.getByText(`Klart. ${colleague} har fått ett mejl om sin roll.`).waitFor();
    const item = page.locator('.member-item', { hasText: colleague });
    assert.match(await item.textContent(), new RegExp(`Anläggningspersonal vid ${venueName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const mail = await smtp.waitForMail(colleague);
    assert.equal(mail.subject, 'Du har fått en roll hos Exempelkommun i Ledig');
    assert.match(mail.text, /\/signin/);
    await shot(page, '66-members');

    // Taken away again.
    const remove = item.getByRole('button', { name: `Ta bort ${colleague}` });
    await remove.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`${colleague} har inte längre någon roll här.`).waitFor();
    assert.equal(await page.locator('.member-item', { hasText: colleague }).count(), 0);
    await checkA11y(page, 'a role taken away');

    // A resident asks for their account to be marked as protected: an
    // address without an account is told, the colleague's (an account
    // since given a role) is marked.
    await page.getByLabel('Kontots e-postadress').fill(`ingen-${stamp}@example.se`);
    await page.getByRole('button', { name: 'Markera som skyddad' }).tap();
    await page.getByText('Det finns inget konto med den adressen.', { exact: false }).waitFor();
    await page.getByLabel('Kontots e-postadress').fill(colleague);
    await page.getByRole('button', { name: 'Markera som skyddad' }).tap();
    await page.getByText(`Kontot ${colleague} är markerat som skyddat.`).waitFor();
    await checkA11y(page, 'an account marked as protected');
    const [marked] = sql(`SELECT protected FROM accounts WHERE email = '${colleague}'`);
    assert.equal(marked.protected, 1);

    // The audit log says who did each, naming the protected one by alias.
    await page.goto(`${BASE}/operator/audit`);
    const entries = page.locator('.audit-item');
    await entries.first().waitFor();
    const marking = await entries.nth(0).textContent();
    assert.match(marking, new RegExp(`^Markerade ett konto som skyddat · ${email.replace(/[.]/g, '\\.')}`));
    assert.match(marking, /Skyddad identitet [0-9A-F]{6}/);
    assert.ok(!marking.includes(colleague), 'the log names the alias, not who');
    assert.match(await entries.nth(1).textContent(), new RegExp(`^Tog bort en roll · ${email.replace(/[.]/g, '\\.')}`));
    assert.match(await entries.nth(2).textContent(), new RegExp(`^Gav en roll · ${email.replace(/[.]/g, '\\.')}`));
    // The role entries from before the marking name the alias now too.
    for (const n of [1, 2]) {
      const text = await entries.nth(n).textContent();
      assert.match(text, /Skyddad identitet [0-9A-F]{6}/);
      assert.ok(!text.includes(colleague), `entry ${n} still names ${colleague}`);
    }

    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-members-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await smtp.close();
  }
});
