// The whole booking journey by keyboard alone (issue 7, item 3), in Swedish,
// at desktop width where the list and the map show side by side: skip link,
// a venue from the list, a free slot, the form, the demo payment, the door
// code. Never a click or a tap. At every stop the focus is visible, and
// after each navigation it is on the new page's main region.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { BASE, openPhone, shot } from './support.mjs';

/** Tab (forward) until `locator`'s element has the focus; fails after `max` presses. */
async function tabTo(page, locator, what, max = 250) {
  const target = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((el) => el === document.activeElement, target)) {
      await assertVisibleFocus(page, what);
      return;
    }
  }
  assert.fail(`${what} is not reachable by Tab within ${max} presses`);
}

/** The focused element shows it: an outline or a focus ring (box-shadow). */
async function assertVisibleFocus(page, what) {
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  assert.ok((style.outline !== 'none' && style.width >= 2) || style.shadow !== 'none', `${what}: visible focus (${JSON.stringify(style)})`);
}

/** After a navigation: the new page's main region has the focus (screen readers start there). */
async function assertFocusOnMain(page, where) {
  await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', `${where}: focus on <main>`);
}

test('book and pay with the keyboard alone, and get the door code', async () => {
  const phone = await openPhone({ language: null, width: 1280, height: 900 });
  const { page } = phone;
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Hitta en ledig bana' }).waitFor();
    await page.locator('.venue-list a').first().waitFor();

    // The first Tab reaches the skip link, which moves past the header.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Hoppa till innehållet');
    await assertVisibleFocus(page, 'the skip link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    // A venue from the list (before any of the map's markers).
    const venue = page.locator('.venue-list a').first();
    const venueName = (await venue.locator('.venue-name').textContent()).trim();
    await tabTo(page, venue, 'the first venue in the list', 60);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: venueName }).waitFor();
    await assertFocusOnMain(page, 'the venue page');

    // A free slot: today, or a following day reached with "Nästa dag".
    await page.locator('.day-summary').waitFor();
    for (let day = 0; (await page.locator('button.slot-free').count()) === 0; day++) {
      assert.ok(day < 3, 'a free slot within three days');
      const shown = await page.locator('#day-heading').textContent();
      await tabTo(page, page.getByRole('button', { name: 'Nästa dag' }), 'Nästa dag');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (before) => document.querySelector('#day-heading')?.textContent !== before && document.querySelector('.day-summary'),
        shown,
      );
    }
    await tabTo(page, page.locator('button.slot-free').first(), 'the first free slot');
    await shot(page, 'keyboard-01-slot');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/book\?/);
    await page.getByRole('heading', { level: 1, name: 'Boka en bana' }).waitFor();
    await assertFocusOnMain(page, 'the booking form');

    // The form: each field by Tab, sent with Enter.
    await tabTo(page, page.getByLabel('Namn'), 'Namn');
    await page.keyboard.type('Tangent Testsson');
    await tabTo(page, page.getByLabel('E-post'), 'E-post', 10);
    await page.keyboard.type('tangent@example');
    await page.keyboard.press('Enter');
    // Refused in place, in Swedish, with the focus on the field to mend.
    await page.locator('#email-error').waitFor();
    assert.equal((await page.locator('#email-error').textContent()).trim(), 'Skriv en giltig e-postadress, till exempel namn@example.se.');
    assert.ok(await page.getByLabel('E-post').evaluate((el) => el === document.activeElement), 'focus on the refused field');
    await page.keyboard.type('.se');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/pay$/);
    await assertFocusOnMain(page, 'the payment page');

    const pay = page.getByRole('button', { name: /^Betala \(demo\)/ });
    await pay.waitFor();
    await tabTo(page, pay, 'Betala (demo)');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Bokningen är klar' }).waitFor();
    await assertFocusOnMain(page, 'the confirmation');
    assert.match((await page.locator('.door-code').textContent()).trim(), /^\d{6}$/, 'the door code');
    await shot(page, 'keyboard-02-booked');
    assert.deepEqual(phone.external, []);
    assert.deepEqual(phone.consoleErrors, []);
  } finally {
    await phone.close();
  }
});
