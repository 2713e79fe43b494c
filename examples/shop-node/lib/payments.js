'use strict';
// Everything the shop asks cpay: the payment form of each way to pay, the notification, the browser
// return, the back office's refund and status check. cpay builds and verifies; the shop sends (fetch) and
// stores (db.js).

const { lyra, computop, plan, reply, CpayError } = require('cpay');

/** The ways to pay offered at checkout: the gateway, and what tells it the Cetelem method. */
const WAYS = {
  'lyra-cpay': { gateway: 'lyra', label: 'Payer avec Cpay (Cetelem) — Lyra', cards: 'AURORE-MULTI' },
  'lyra-3x': { gateway: 'lyra', label: 'Payer en 3 fois (Cetelem 3xCB) — Lyra', cards: 'FULLCB3X', schedule: 'fullcb-3x' },
  'lyra-4x': { gateway: 'lyra', label: 'Payer en 4 fois (Cetelem 4xCB) — Lyra', cards: 'FULLCB4X', schedule: 'fullcb-4x' },
  // Computop's PayType for CetelemFullCB.aspx: 1 = 3xCB, 2 = 4xCB.
  'computop-3x': { gateway: 'computop', label: 'Payer en 3 fois (Cetelem 3xCB) — Computop', payType: 1, schedule: 'fullcb-3x' },
  'computop-4x': { gateway: 'computop', label: 'Payer en 4 fois (Cetelem 4xCB) — Computop', payType: 2, schedule: 'fullcb-4x' },
};

/** The demo cart and buyer (a French shop's usual hard case: accents, apostrophes, long address). */
const CART = { label: "Canapé d'angle « Lévis » en velours côtelé", ref: 'LEVIS-ANGLE-01', type: 'HOME_AND_GARDEN' };
const BUYER = {
  salutation: 'Mme',
  first_name: 'Renée',
  last_name: "L'Hôte-Lefèvre",
  email: 'renee.lhote-lefevre@example.fr',
  phone: '0612345678',
  street: "12, rue de l'Église — Bâtiment « Les Érables »",
  zip: '42000',
  city: 'Saint-Étienne',
  country: 'FR',
};
const DEFAULT_AMOUNT = 124990;

const today = () => new Date().toISOString().slice(0, 10);
const utcSeconds = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The 3x/4x schedule of a way (first part today), or null; an amount the plan refuses gives its reason. */
function schedule(way, amount) {
  const method = WAYS[way].schedule;
  if (!method) return null;
  try {
    return { instalments: plan.schedule(method, amount, today(), { gateway: WAYS[way].gateway }) };
  } catch (error) {
    if (error instanceof CpayError) return { error: error.message };
    throw error;
  }
}

/** The auto-posting form (cpay's `html`) that sends the buyer to the gateway for order `order`. */
function paymentForm(shop, order, counter) {
  const way = WAYS[order.way];
  const urls = {
    notify: `${shop.shopUrl}/notify/${way.gateway}`,
    back: `${shop.shopUrl}/return/${way.gateway}`,
  };
  if (way.gateway === 'lyra') {
    return lyra.form(shop.gateways.lyra, {
      amount: order.amount,
      trans_id: counter,
      trans_date: utcSeconds(),
      payment_cards: way.cards,
      order_id: order.id,
      customer: {
        first_name: BUYER.first_name, last_name: BUYER.last_name, email: BUYER.email, phone: BUYER.phone,
        address: BUYER.street, zip: BUYER.zip, city: BUYER.city, country: BUYER.country,
      },
      shipping: {
        first_name: BUYER.first_name, last_name: BUYER.last_name, street: BUYER.street, zip: BUYER.zip,
        city: BUYER.city, country: BUYER.country,
      },
      cart: [{ label: CART.label, amount: order.amount, type: CART.type, ref: CART.ref, qty: 1 }],
      urls: { check: urls.notify, return: urls.back },
      // The signed result fields come back in the return's query string, so the return page can verify
      // which order it is about.
      return_mode: 'GET',
      language: 'fr',
    }, { auto_submit: true });
  }
  const address = {
    first_name: BUYER.first_name, last_name: BUYER.last_name, street: BUYER.street, zip: BUYER.zip,
    city: BUYER.city, country_code: BUYER.country,
  };
  return computop.form(shop.gateways.computop, {
    trans_id: order.trans_id,
    ref_nr: order.id,
    amount: order.amount,
    pay_type: way.payType,
    url_success: urls.back,
    url_failure: urls.back,
    url_notify: urls.notify,
    customer: { salutation: BUYER.salutation, first_name: BUYER.first_name, last_name: BUYER.last_name, email: BUYER.email, phone: BUYER.phone },
    billing: address,
    shipping: address,
    order_desc: CART.label,
  }, { auto_submit: true });
}

/** The reply for a rejected message: the one cpay attached to its error, else its generic rejection. */
function rejection(error) {
  if (error instanceof CpayError) return error.reply ?? reply.rejected(error.code, error.message);
  return reply.rejected('internal', 'internal error');
}

/**
 * A gateway's notification (raw body): verified by cpay against the order it names, then applied once.
 * Returns cpay's reply ({status, content_type, body}) for the gateway.
 */
function notify(shop, orders, gateway, body) {
  let result;
  let order;
  try {
    if (gateway === 'lyra') {
      // The order id is read only to know what to expect; cpay checks it against the signed fields.
      order = orders.get(new URLSearchParams(body).get('vads_order_id') ?? '');
      if (!order || order.gateway !== 'lyra') return reply.rejected('wrong_order', 'unknown order');
      result = lyra.notification(shop.gateways.lyra, { body, expected: { order_id: order.id, amount: order.amount } });
    } else if (gateway === 'computop') {
      // Paygate's notify is encrypted: decrypt and check it first, then find the order by its TransID (this
      // shop's TransID is its order id) and check it again against that order (`plan.orderState` also
      // checks the amount of a payment).
      const first = computop.notification(shop.gateways.computop, body, { server_to_server: true });
      order = orders.get(first.outcome.transaction_id ?? '') ?? null;
      if (!order || order.gateway !== 'computop') return reply.rejected('wrong_order', 'unknown order');
      result = computop.notification(shop.gateways.computop, body, {
        server_to_server: true, expected: { trans_id: order.trans_id },
      });
    } else {
      return reply.rejected('not_allowed', `no gateway ${gateway} in this shop`);
    }
  } catch (error) {
    return rejection(error);
  }
  const decision = orders.apply(order.id, result.outcome, { serverToServer: true });
  if (decision.decision === 'conflict') console.error(`order ${order.id}: conflict: ${decision.reason}`);
  return result.reply;
}

/**
 * The browser return: which order it is about (verified by cpay), never a status change. Returns the
 * order id, or null when the return does not verify.
 */
function browserReturn(shop, orders, gateway, fields) {
  try {
    if (gateway === 'lyra') {
      const given = Object.fromEntries(Object.entries(fields)
        .filter(([k, v]) => typeof v === 'string' && (k.startsWith('vads_') || k === 'signature')));
      const { outcome } = lyra.notification(shop.gateways.lyra, { fields: given });
      return outcome.order_id ?? null;
    }
    if (gateway === 'computop') {
      const strings = Object.entries(fields).filter(([, v]) => typeof v === 'string');
      const { outcome } = computop.notification(shop.gateways.computop, new URLSearchParams(strings).toString());
      const order = orders.get(outcome.transaction_id ?? '');
      // The PayID is kept for the status check (inquire.aspx needs it) when the notify never comes.
      if (order && outcome.gateway_reference) orders.remember(order.id, outcome.gateway_reference);
      return order ? order.id : null;
    }
  } catch (error) {
    if (error instanceof CpayError) return null;
    throw error;
  }
  return null;
}

/** Send a request cpay built with Node's fetch; hand back what came, for cpay to read. */
async function send(request) {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'GET' ? undefined : request.body,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/**
 * Back office: refund what is left of order `id` (`<gw>.refund` → the gateway → `<gw>.refund_answer` →
 * `plan.orderState`). Returns a sentence for the page.
 */
async function refund(shop, orders, id) {
  const order = orders.get(id);
  if (!order) return 'unknown order';
  const refunds = JSON.parse(order.refunds);
  const refunded = refunds.reduce((sum, r) => sum + r.amount, 0);
  const captured = order.captured ?? 0;
  if (!order.gateway_ref || captured - refunded <= 0) return `nothing to refund on ${id} (${order.status})`;
  let outcome;
  try {
    if (order.gateway === 'lyra') {
      const config = shop.gateways.lyra;
      const request = lyra.refund(config, {
        uuid: order.gateway_ref, amount: captured - refunded, paid_at: order.paid_at, now: new Date().toISOString(),
        captured, refunded, comment: `remboursement ${id}`,
      });
      ({ outcome } = lyra.refundAnswer(config, await send(request), { expected: { order_id: id } }));
    } else {
      const config = shop.gateways.computop;
      const request = computop.refund(config, {
        pay_id: order.gateway_ref, trans_id: order.trans_id, amount: captured - refunded, captured,
        credited: refunded, notify_answered: order.notify_answered === 1,
      });
      outcome = computop.refundAnswer(config, await send(request), { expected: { pay_id: order.gateway_ref, trans_id: order.trans_id } });
    }
  } catch (error) {
    if (error instanceof CpayError) return `refund of ${id} refused: ${error.code}: ${error.message}`;
    return `refund of ${id} failed: ${error instanceof Error ? error.message : error}`;
  }
  const decision = orders.apply(id, outcome);
  return `refund of ${id}: ${outcome.status} → ${decision.decision}, order ${decision.status}`;
}

/**
 * Back office: ask the gateway what became of order `id` (the lost-notification recovery) and apply each
 * verified outcome as a notification would be. Returns a sentence for the page.
 */
async function statusCheck(shop, orders, id) {
  const order = orders.get(id);
  if (!order) return 'unknown order';
  let outcomes;
  try {
    if (order.gateway === 'lyra') {
      // V4/Order/Get by the shop's own order id: the transaction's uuid came with the lost IPN.
      const config = shop.gateways.lyra;
      const answer = lyra.orderStatusAnswer(config, await send(lyra.orderStatus(config, id)), { expected: { order_id: id } });
      outcomes = answer.outcomes;
    } else {
      // inquire.aspx needs the PayID: the notify brings it, and so does the verified browser return.
      if (!order.gateway_ref) return `status of ${id}: no PayID known yet (neither the notify nor the return came)`;
      const config = shop.gateways.computop;
      const answer = computop.statusAnswer(config, await send(computop.status(config, order.gateway_ref, order.trans_id)),
        { pay_id: order.gateway_ref, trans_id: order.trans_id });
      outcomes = [answer.outcome];
    }
  } catch (error) {
    if (error instanceof CpayError) return `status of ${id}: ${error.code}: ${error.message}`;
    return `status of ${id} failed: ${error instanceof Error ? error.message : error}`;
  }
  let last = null;
  for (const outcome of outcomes) last = orders.apply(id, outcome);
  return `status of ${id}: ${outcomes.length} transaction(s), order ${last ? last.status : order.status}`;
}

module.exports = { WAYS, CART, BUYER, DEFAULT_AMOUNT, schedule, paymentForm, notify, browserReturn, refund, statusCheck };
