// The Stripe pay step in a real browser (issue 7, privacy): a server of the
// test's own with Stripe switched on, pointed at a local fake of Stripe's
// API (e2e/lib/fake-stripe.mjs). The page loads Stripe.js from
// js.stripe.com and confirms through api.stripe.com, both answered here by
// the browser's request routing: Stripe.js itself is a stand-in with the
// calls the app makes (Stripe(), elements(), create(), mount(),
// confirmPayment()), because this machine has no network. What is real:
// the server's PaymentIntent through async-stripe, the pay page's CSP
// (which must let exactly these two origins in, or the script and the
// confirm fail), the app's Stripe code, the redirect back, and the signed
// webhook that confirms the booking and issues the door code.
//
// Asserted: Stripe is reached only from the pay step, and nothing else
// leaves localhost at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { api, checkA11y, LEDIG_BIN, LEDIG_DIST, openPhone, shot, startLedig } from './support.mjs';
import { decodeForm, PUBLISHABLE_KEY, startFakeStripe } from '../lib/fake-stripe.mjs';

// Stripe.js as the app uses it. `confirmPayment` posts the publishable key
// and the client secret to api.stripe.com, as the real one does, then
// redirects to the return URL the way Stripe does after a payment.
const STRIPE_JS = `
window.Stripe = function (key) {
  return {
    elements(options) {
      return {
        clientSecret: options.clientSecret,
        create(type, createOptions) {
          return {
            mount(selector) {
              window.__stripeMounted = { key, clientSecret: options.clientSecret, locale: options.locale, type, layout: createOptions.layout };
              document.querySelector(selector).innerHTML = '<p class="fake-stripe-element">Kortuppgifter</p>';
            },
          };
        },
      };
    },
    async confirmPayment({ elements, confirmParams }) {
      const secret = elements.clientSecret;
      const id = secret.split('_secret_')[0];
      const res = await fetch('https://api.stripe.com/v1/payment_intents/' + id + '/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key, client_secret: secret, return_url: confirmParams.return_url }),
      });
      const body = await res.json();
      if (body.error) return { error: body.error };
      location.assign(confirmParams.return_url + '?payment_intent=' + id +
        '&payment_intent_client_secret=' + encodeURIComponent(secret) + '&redirect_status=succeeded');
      return new Promise(() => {});
    },
  };
};`;

test('the Stripe pay step: only it reaches Stripe; a declined card and a failed return say so; the booking waits for the webhook, then shows the code', async () => {
  const { body: shared } = await api('/config');
  const stripe = await startFakeStripe();
  // The shared server's tile template, so the phone's tile routing applies.
  const server = await startLedig({
    bin: LEDIG_BIN,
    staticDir: LEDIG_DIST,
    name: 'stripe',
    env: { ...stripe.env, LEDIG_TILE_URL: shared.tile_url },
  });
  stripe.webhookUrl = `${server.url}/api/v1/payments/stripe/webhook`;
  const own = (path) => fetch(`${server.url}/api/v1${path}`).then((r) => r.json());

  const phone = await openPhone({ language: 'sv' });
  const { page, context } = phone;
  // Every request to Stripe, with the page it came from.
  const toStripe = [];
  await context.route(/^https:\/\/([a-z0-9-]+\.)*stripe\.com\//, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    toStripe.push({ url: `${url.origin}${url.pathname}`, from: new URL(request.frame().url()).pathname });
    if (url.origin === 'https://js.stripe.com' && url.pathname === '/v3/') {
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: STRIPE_JS });
    }
    const confirm = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)\/confirm$/);
    if (url.origin === 'https://api.stripe.com' && confirm && request.method() === 'POST') {
      const { status, body } = await stripe.confirm(confirm[1], decodeForm(request.postData() ?? ''));
      return route.fulfill({
        status,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify(body),
      });
    }
    return route.abort('blockedbyclient');
  });
  try {
    assert.equal((await own('/payments/config')).provider, 'stripe', 'the own server takes payments with Stripe');

    // 1. A free slot two days ahead, booked through the form.
    const found = await own('/venues?per_page=100');
    const venues = Array.isArray(found) ? found : found.venues;
    const date = new Date(Date.now() + 2 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    let venue = null;
    for (const v of venues) {
      const day = await own(`/venues/${v.id}/slots?date=${date}`);
      if (day.courts.some((c) => c.slots.some((s) => s.status === 'free'))) {
        venue = v;
        break;
      }
    }
    assert.ok(venue, `a venue with a free slot on ${date}`);
    await page.goto(`${server.url}/venues/${venue.id}?date=${date}`);
    await page.getByRole('heading', { level: 1, name: venue.name }).waitFor();
    await page.locator('button.slot-free').first().tap();
    await page.getByRole('heading', { level: 1, name: 'Boka en bana' }).waitFor();
    await page.getByLabel('Namn').fill('Stina Stripesson');
    await page.getByLabel('E-post').fill(`stina-${Date.now()}@example.se`);
    assert.deepEqual(toStripe, [], 'nothing goes to Stripe before the pay step');
    await page.getByRole('button', { name: 'Gå vidare till betalning' }).tap();

    // 2. The pay step: a page load of its own (its CSP lets Stripe in), the
    // PaymentIntent made by the server, the Payment Element mounted with it.
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/pay$/);
    const bookingId = page.url().split('/').at(-2);
    const payPath = `/bookings/${bookingId}/pay`;
    await page.locator('#payment-element .fake-stripe-element').waitFor();
    assert.equal(stripe.intents.size, 1, 'one PaymentIntent');
    const [intent] = stripe.intents.values();
    const mounted = await page.evaluate(() => window.__stripeMounted);
    assert.deepEqual(mounted, { key: PUBLISHABLE_KEY, clientSecret: intent.client_secret, locale: 'sv', type: 'payment', layout: 'tabs' });
    assert.equal(intent.currency, 'sek');
    assert.ok(Object.values(intent.metadata).includes(bookingId), `the intent names the booking: ${JSON.stringify(intent.metadata)}`);
    const payButton = page.getByRole('button', { name: /^Betala / });
    const price = (await payButton.textContent()).match(/(\d[\d\s]*)\s*kr/)[1].replace(/\s/g, '');
    assert.equal(intent.amount, Number(price) * 100, 'the intent is for the price shown, in öre');
    const csp = (path) => fetch(`${server.url}${path}`).then((r) => r.headers.get('content-security-policy'));
    assert.match(await csp(payPath), /script-src [^;]*https:\/\/js\.stripe\.com/);
    assert.doesNotMatch(await csp('/'), /stripe/, 'no other page lets Stripe in');
    await shot(page, 'stripe-01-pay');
    await checkA11y(page, 'the Stripe pay step');

    // 3. A declined card: Stripe's message in place, and the button again.
    stripe.declineNext();
    await payButton.tap();
    await page.getByRole('alert').filter({ hasText: 'Kortet nekades.' }).waitFor();
    assert.equal(await payButton.getAttribute('aria-disabled'), null, 'the button can be tapped again');

    // 4. Back from a payment that failed at Stripe (a Swish payment refused
    // on the phone returns so): said plainly, the hold stands, try again.
    await page.goto(`${server.url}/bookings/${bookingId}?payment_intent=${intent.id}&redirect_status=failed`);
    await page.getByRole('alert').filter({ hasText: 'Betalningen gick inte igenom och inga pengar har dragits.' }).waitFor();
    await checkA11y(page, 'a failed return from Stripe');
    await page.getByRole('link', { name: 'Gå vidare till betalning' }).tap();
    await page.waitForURL((url) => url.pathname === payPath);
    await page.locator('#payment-element .fake-stripe-element').waitFor();
    assert.equal(stripe.intents.size, 1, 'the same PaymentIntent, not a second one');

    // 5. Paid: back on the booking, which says it waits for the confirmation
    // (and offers no second payment) until the webhook comes; then the code.
    stripe.webhookDelayMs = 2500;
    await payButton.tap();
    await page.waitForURL((url) => url.pathname === `/bookings/${bookingId}` && url.searchParams.get('redirect_status') === 'succeeded');
    await page.getByRole('status').filter({ hasText: 'Betalningen är gjord – vi väntar på bekräftelsen' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Gå vidare till betalning' }).count(), 0, 'no second payment while the first is confirmed');
    await shot(page, 'stripe-02-waiting');
    await checkA11y(page, 'the booking while its payment is confirmed');
    await page.getByRole('heading', { level: 1, name: 'Bokningen är klar' }).waitFor({ timeout: 30_000 });
    await page.locator('.door-code').waitFor();
    assert.equal(await page.getByText('vi väntar på bekräftelsen', { exact: false }).count(), 0, 'the waiting note is gone');
    // The booking in the calendar: a plain link that works for this device.
    const calendar = await page.getByRole('link', { name: 'Lägg till i kalendern (.ics)' }).getAttribute('href');
    const ics = await page.evaluate((href) => fetch(href, { credentials: 'omit' }).then(async (r) => [r.status, r.headers.get('content-type'), await r.text()]), calendar);
    assert.equal(ics[0], 200, calendar);
    assert.match(ics[1], /^text\/calendar/);
    assert.match(ics[2], /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT[\s\S]*END:VCALENDAR/);
    assert.ok(stripe.requests.includes('webhook payment_intent.succeeded → 200'), stripe.requests.join('\n'));
    await shot(page, 'stripe-03-confirmed');

    // Only the pay step talked to Stripe: on each of its two loads the
    // script, and the confirms (declined, then paid).
    const script = { url: 'https://js.stripe.com/v3/', from: payPath };
    const confirm = { url: `https://api.stripe.com/v1/payment_intents/${intent.id}/confirm`, from: payPath };
    assert.deepEqual(toStripe, [script, confirm, script, confirm]);
    assert.deepEqual(phone.external, [], 'nothing else left localhost');
  } catch (err) {
    await shot(page, `failed-stripe-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await server.stop();
    await stripe.close();
  }
});
