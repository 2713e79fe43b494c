'use strict';
// A Lyra IPN endpoint (the "URL de notification" of the Back Office) on plain node:http.
//
// For each POST: read the url-encoded body, find the order it names, let cpay verify it (signature, shop,
// mode, order id and amount), update the order at most once per payment (the outcome's idempotency key:
// the platform retries an IPN until it gets a 2xx, and a retried IPN must not ship twice), and answer
// with the reply cpay gives. A rejected IPN gets cpay's rejection reply (400) and changes nothing.
//
// Run it:  CPAY_SITE_ID=12345678 CPAY_KEY=… node examples/ipn-server.js   (listens on 127.0.0.1:8080)
// Your shop replaces `orders` and `processed` with its database (one transaction: check the key, update).

const http = require('node:http');
const { lyra, CpayError } = require('..');

/** The largest body read: a genuine IPN is a few kilobytes; cpay rejects oversized ones anyway. */
const MAX_BODY = 64 * 1024;

/**
 * A server answering Lyra IPNs for `config`.
 * @param {object} opts
 * @param {import('..').LyraConfig} opts.config the shop (keys included)
 * @param {Map<string, {amount: number, status: string}>} opts.orders order id → order, updated in place
 * @param {Set<string>} [opts.processed] idempotency keys of the payments already applied
 * @param {(order: object, outcome: import('..').Outcome) => void} [opts.onUpdate] called once per payment
 */
function createIpnServer({ config, orders, processed = new Set(), onUpdate = () => {} }) {
  return http.createServer((req, res) => {
    if (req.method !== 'POST') return answer(res, { status: 405, body: 'POST only' });
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return answer(res, { status: 413, body: 'KO too large' });
      answer(res, handle(Buffer.concat(chunks).toString('utf8')));
    });
  });

  function handle(body) {
    // The order id is read only to find what to expect; cpay checks it against the signed fields.
    const order = orders.get(new URLSearchParams(body).get('vads_order_id') ?? '');
    if (!order) return { status: 404, body: 'KO unknown order' };
    let notification;
    try {
      notification = lyra.notification(config, body, { order_id: order.id, amount: order.amount });
    } catch (error) {
      if (error instanceof CpayError && error.reply) return error.reply;
      throw error;
    }
    const { outcome, reply } = notification;
    if (!processed.has(outcome.idempotency_key)) {
      processed.add(outcome.idempotency_key);
      order.status = outcome.status;
      order.gatewayReference = outcome.gateway_reference;
      onUpdate(order, outcome);
    }
    return reply;
  }
}

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
  const config = { platform: 'sogecommerce', site_id: process.env.CPAY_SITE_ID ?? '12345678', mode: 'TEST', test_key: key };
  const orders = new Map([['CMD-2020-0042', { id: 'CMD-2020-0042', amount: 2990, status: 'new' }]]);
  const server = createIpnServer({ config, orders, onUpdate: (o) => console.log('order', o.id, '→', o.status) });
  server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
    console.log(`IPN endpoint on http://127.0.0.1:${server.address().port}/`);
  });
}
