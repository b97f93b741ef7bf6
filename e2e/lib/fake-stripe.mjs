// A local Stripe for the browser test of the pay step: the part of Stripe's
// v1 API that Ledig's server calls (form-encoded PaymentIntents with
// idempotency keys, retrieve, list), plus what Stripe.js does in the page
// (confirm a PaymentIntent with the publishable key and client secret),
// and the signed `payment_intent.succeeded` webhook Stripe then sends.
// Its objects have the fields async-stripe parses, as backend/tests/api/
// fake_stripe does for the API tests.

import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export const SECRET_KEY = 'sk_test_fake_ledig_e2e';
export const PUBLISHABLE_KEY = 'pk_test_fake_ledig_e2e';
export const WEBHOOK_SECRET = 'whsec_fake_ledig_e2e_signing_secret';

/** `a=1&metadata[booking_id]=x&payment_method_types[0]=card` → nested object. */
export function decodeForm(text) {
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/[[\]]+/).filter(Boolean);
    let node = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
    });
  }
  return out;
}

/** Stripe's v1 webhook signature: hex HMAC-SHA256 of "{t}.{payload}". */
export function signature(payload, t = Math.floor(Date.now() / 1000), secret = WEBHOOK_SECRET) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

function error(status, type, code, message, param) {
  return { status, body: { error: { type, code, message, param } } };
}

export async function startFakeStripe() {
  const intents = new Map();
  const replays = new Map();
  const requests = [];
  let count = 0;
  let webhookUrl = null;
  let declineNext = false;
  let webhookDelayMs = 300;
  const nextId = (prefix) => `${prefix}_fake${String(++count).padStart(8, '0')}`;

  function createIntent(form) {
    const amount = Number(form.amount);
    if (!Number.isInteger(amount) || amount < 1) return error(400, 'invalid_request_error', 'parameter_missing', 'Missing required param: amount.', 'amount');
    if (!form.currency) return error(400, 'invalid_request_error', 'parameter_missing', 'Missing required param: currency.', 'currency');
    const id = nextId('pi');
    const intent = {
      id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, application: null,
      application_fee_amount: null, automatic_payment_methods: null, canceled_at: null, cancellation_reason: null,
      capture_method: 'automatic_async', client_secret: `${id}_secret_${randomUUID().replaceAll('-', '')}`,
      confirmation_method: 'automatic', created: Math.floor(Date.now() / 1000), currency: form.currency, customer: null,
      description: form.description ?? null, last_payment_error: null, latest_charge: null, livemode: false,
      metadata: form.metadata ?? {}, next_action: null, on_behalf_of: null, payment_method: null, payment_method_options: {},
      payment_method_types: form.payment_method_types ?? ['card'], processing: null, receipt_email: null, review: null,
      setup_future_usage: null, shipping: null, source: null, statement_descriptor: null, statement_descriptor_suffix: null,
      status: 'requires_payment_method', transfer_data: null, transfer_group: null,
    };
    intents.set(id, intent);
    return { status: 200, body: intent };
  }

  async function sendWebhook(kind, object) {
    const event = {
      id: nextId('evt'), object: 'event', api_version: '2025-10-29.clover', created: Math.floor(Date.now() / 1000),
      data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: kind,
    };
    const payload = JSON.stringify(event);
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature(payload) },
      body: payload,
    });
    requests.push(`webhook ${kind} → ${res.status}`);
    return res;
  }

  /** Stripe.js's confirm from the page: the publishable key and the client secret, never the secret key. */
  async function confirm(id, form) {
    requests.push(`confirm ${id}`);
    const intent = intents.get(id);
    if (!intent || form.client_secret !== intent.client_secret || form.key !== PUBLISHABLE_KEY) {
      return error(404, 'invalid_request_error', 'resource_missing', `No such payment_intent: '${id}'`, 'intent');
    }
    if (declineNext) {
      declineNext = false;
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Kortet nekades.' };
      return error(402, 'card_error', 'card_declined', 'Kortet nekades.');
    }
    Object.assign(intent, {
      status: 'succeeded', amount_received: intent.amount, latest_charge: nextId('ch'),
      payment_method: 'pm_fake_card', last_payment_error: null,
    });
    // Stripe tells the server on its own, a moment after the page's confirm.
    setTimeout(() => sendWebhook('payment_intent.succeeded', intent).catch((e) => requests.push(`webhook failed: ${e}`)), webhookDelayMs);
    return { status: 200, body: intent };
  }

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url, 'http://fake');
    const reply = ({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${SECRET_KEY}`) {
      return reply(error(401, 'invalid_request_error', null, 'Invalid API Key provided.'));
    }
    requests.push(`${req.method} ${url.pathname}`);
    if (req.method === 'POST' && url.pathname === '/v1/payment_intents') {
      // Stripe's idempotency: the same key and parameters replay the first answer.
      const key = req.headers['idempotency-key'];
      if (key && replays.has(key)) {
        const first = replays.get(key);
        if (first.text !== text) return reply(error(400, 'idempotency_error', null, 'Keys for idempotent requests can only be used with the same parameters they were first used with.'));
        return reply(first.answer);
      }
      const answer = createIntent(decodeForm(text));
      if (key) replays.set(key, { text, answer });
      return reply(answer);
    }
    const one = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)$/);
    if (req.method === 'GET' && one) {
      const intent = intents.get(one[1]);
      return reply(intent ? { status: 200, body: intent } : error(404, 'invalid_request_error', 'resource_missing', `No such payment_intent: '${one[1]}'`, 'intent'));
    }
    if (req.method === 'GET' && url.pathname === '/v1/payment_intents') {
      const data = [...intents.values()].reverse();
      return reply({ status: 200, body: { object: 'list', data, has_more: false, url: '/v1/payment_intents' } });
    }
    return reply(error(404, 'invalid_request_error', null, `Unrecognized request URL (${req.method}: ${url.pathname}).`));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    intents,
    requests,
    /** Where the signed events go: the app's webhook endpoint. */
    set webhookUrl(value) {
      webhookUrl = value;
    },
    /** How long after a confirm Stripe's webhook comes. */
    set webhookDelayMs(value) {
      webhookDelayMs = value;
    },
    /** The next confirm is declined, as a card issuer would. */
    declineNext() {
      declineNext = true;
    },
    confirm,
    /** The app's settings that point `ledig serve` at this fake. */
    env: {
      LEDIG_STRIPE_SECRET_KEY: SECRET_KEY,
      LEDIG_STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      LEDIG_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LEDIG_STRIPE_API_BASE: `${url}/`,
    },
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
