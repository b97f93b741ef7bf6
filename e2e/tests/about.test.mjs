// The privacy page and the accessibility statement (issue 7, items 3 and 4):
// reached from every page's footer by keyboard, and saying what this server
// really does — its operator, contact, tile host and retention settings as
// GET /api/v1/config reports them.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { BASE, api, shot, withPhone } from './support.mjs';

/** Tabs forward until the focused element's text is `name`; fails after `max` tabs. */
async function tabTo(page, name, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (text === name) return;
  }
  assert.fail(`${name} is not reachable by Tab`);
}

test('the privacy page names the operator, the recipients and the retention periods of this server', async () => {
  const { body: config } = await api('/config');
  await withPhone({ language: null }, async ({ page, consoleErrors }) => {
    await page.goto(`${BASE}/my`);
    await page.getByRole('heading', { level: 1, name: 'Mina bokningar' }).waitFor();
    // From the footer, by keyboard alone.
    await tabTo(page, 'Integritet');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Integritet och personuppgifter' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/privacy');
    assert.equal(await page.title(), 'Integritet och personuppgifter · Ledig');
    await page.getByRole('heading', { level: 2, name: 'Dina rättigheter' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, new RegExp(`${config.operator_name} är personuppgiftsansvarig`));
    assert.match(text, new RegExp(`Inloggningskoder som skickats med e-post: ${config.retention.sign_in_codes_hours} timmar`));
    assert.match(text, new RegExp(`Inpasseringar: ${config.retention.access_entries_days} dagar`));
    assert.match(text, new RegExp(`förlorar namn och e-post efter ${config.retention.unpaid_holds_days} dagar`));
    const tileHost = new URL(config.tile_url, BASE).hostname;
    if (/^https?:/.test(config.tile_url)) assert.match(text, new RegExp(`Kartbilderna hämtas från ${tileHost.replaceAll('.', '\\.')}`));
    assert.equal(/Stripe/.test(text), config.card_payments, 'Stripe is named exactly when card payments are on');
    assert.match(text, /Integritetsskyddsmyndigheten \(IMY\)/);
    if (config.contact_email) {
      assert.equal(await page.locator('main a[href^="mailto:"]').first().getAttribute('href'), `mailto:${config.contact_email}`);
    }
    await shot(page, 'about-01-privacy');
    assert.deepEqual(consoleErrors, []);
  });
});

test('the accessibility statement says how to report a problem, and reads in English too', async () => {
  const { body: config } = await api('/config');
  await withPhone({ language: 'en' }, async ({ page, consoleErrors }) => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('navigation', { name: 'About Ledig' }).getByRole('link', { name: 'Accessibility' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accessibility of Ledig' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/accessibility');
    for (const heading of ['Known shortcomings', 'Report a problem', 'Supervision', 'How we tested']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    const text = await page.locator('main').innerText();
    assert.match(text, new RegExp(`${config.operator_name} runs Ledig`));
    assert.match(text, /Agency for Digital Government \(DIGG\)/);
    if (config.contact_email) {
      const mail = page.getByRole('link', { name: config.contact_email });
      assert.equal(await mail.getAttribute('href'), `mailto:${config.contact_email}`);
    } else {
      assert.match(text, new RegExp(`Contact ${config.operator_name}`));
    }
    // A deep link works as well: the server sends the app for it.
    await page.goto(`${BASE}/accessibility`);
    await page.getByRole('heading', { level: 1, name: 'Accessibility of Ledig' }).waitFor();
    assert.deepEqual(consoleErrors, []);
  });
});
