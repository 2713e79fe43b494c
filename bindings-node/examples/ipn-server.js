'use strict';
// A Lyra IPN endpoint (the "URL de notification" of the Back Office) on plain node:http.
//
// For each POST: read the url-encoded body, find the order it names, let cpay verify it (signature, shop,
// mode, order id and amount), let `plan.orderState` decide what the outcome does to the order (apply it,
// or ignore a retried or stale IPN, or flag a conflict), store what it returns (status, key, captured,
// refunds, shipped), ship only when it says `ship`, and answer with the reply cpay gives. A rejected IPN gets the reply attached to the
// error (400 for a forged or misrouted one, 500 for an internal error so the platform retries) and changes
// nothing.
//
// Run it:  CPAY_SITE_ID=12345678 CPAY_KEY=… node examples/ipn-server.js   (listens on 127.0.0.1:8080)
// Your shop replaces `orders` with its database (read the order, decide, store: in one transaction).

const http = require('node:http');
const { lyra, plan, CpayError } = require('..');

/** The largest body read: a genuine IPN is a few kilobytes; cpay rejects oversized ones anyway. */
const MAX_BODY = 64 * 1024;

/**
 * @typedef {object} Order
 * @property {string} id
 * @property {number} amount minor units
 * @property {import('..').OrderStatus} status
 * @property {string | null} [key] the idempotency key of the outcome that set `status`
 * @property {number | null} [captured] what the accepted payment captured (refunds never exceed it)
 * @property {import('..').RecordedRefund[]} [refunds] the refunds recorded, each once
 * @property {boolean} [shipped] whether the order went to the warehouse (never twice)
 */

/**
 * A server answering Lyra IPNs for `config`.
 * @param {object} opts
 * @param {import('..').LyraConfig} opts.config the shop (keys included)
 * @param {Map<string, Order>} opts.orders order id → order, updated in place
 * @param {(order: Order, outcome: import('..').Outcome) => void} [opts.ship] called once per paid order
 */
function createIpnServer({ config, orders, ship = () => {} }) {
  return http.createServer((req, res) => {
    if (req.method !== 'POST') return answer(res, { status: 405, body: 'POST only' });
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return answer(res, { status: 413, body: 'KO too large' });
      answer(res, handle(Buffer.concat(chunks)));
    });
  });

  /**
   * @param {Buffer} body
   * @returns {{status: number, body: string}}
   */
  function handle(body) {
    // The order id is read only to find what to expect; cpay checks it against the signed fields.
    const order = orders.get(new URLSearchParams(body.toString('utf8')).get('vads_order_id') ?? '');
    if (!order) return { status: 404, body: 'KO unknown order' };
    let notification;
    try {
      notification = lyra.notification(config, { body, expected: { order_id: order.id, amount: order.amount } });
    } catch (error) {
      if (error instanceof CpayError && error.reply) return error.reply;
      throw error;
    }
    const { outcome, reply } = notification;
    // Everything the last decision returned goes back in: a refund is checked against what was captured, and
    // an order that already shipped never ships again.
    const current = {
      status: order.status, key: order.key, amount: order.amount, currency: 'EUR',
      captured: order.captured ?? null, refunds: order.refunds ?? [], shipped: order.shipped ?? false,
    };
    const decision = plan.orderState(current, outcome);
    if (decision.decision === 'apply') {
      order.status = decision.status;
      order.key = decision.key;
      order.captured = decision.captured ?? null;
      order.refunds = decision.refunds;
      order.shipped = decision.shipped;
    }
    if (decision.ship) {
      order.shipped = true;
      ship(order, outcome);
    }
    return reply;
  }
}

/**
 * @param {http.ServerResponse} res
 * @param {{status: number, body: string}} reply
 */
function answer(res, { status, body }) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

module.exports = { createIpnServer };

if (require.main === module) {
  const key = process.env.CPAY_KEY;
  if (!key) {
    console.error('set CPAY_KEY (the TEST key of the shop) and CPAY_SITE_ID');
    process.exit(2);
  }
  /** @type {import('..').LyraConfig} */
  const config = { platform: 'sogecommerce', site_id: process.env.CPAY_SITE_ID ?? '12345678', mode: 'TEST', test_key: key };
  /** @type {Map<string, Order>} */
  const orders = new Map([['CMD-2020-0042', { id: 'CMD-2020-0042', amount: 2990, status: 'new' }]]);
  const server = createIpnServer({ config, orders, ship: (o) => console.log('ship order', o.id) });
  server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
    const address = server.address();
    console.log(`IPN endpoint on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}/`);
  });
}
