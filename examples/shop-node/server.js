'use strict';
// Example shop: Express + SQLite, taking Cetelem payments (Cpay, 3x/4x) through Lyra and Computop with
// cpay's Node binding. Run it against the cpay sandbox:
//
//   PORT=8082 SANDBOX_URL=http://127.0.0.1:8099 DATABASE_URL=sqlite:///tmp/shop-node.db node server.js
//
// It prints `shop-node listening on http://127.0.0.1:PORT/` once ready (PORT=0: a free port). See README.md.

const express = require('express');
const config = require('./lib/config');
const db = require('./lib/db');
const payments = require('./lib/payments');
const views = require('./lib/views');
const { CpayError } = require('cpay');

/** The largest notification body read: a genuine one is a few kilobytes. */
const MAX_BODY = '64kb';

/** An amount in minor units as a form or query gives it: digits only (no `1e3`, no sign), else null. */
function amountOf(value, fallback) {
  if (value === undefined) return fallback;
  return typeof value === 'string' && /^[1-9][0-9]{0,11}$/.test(value) ? Number(value) : null;
}

function createApp(shop, orders) {
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: MAX_BODY });
  const html = (res, status, body) => res.status(status).type('text/html; charset=utf-8').send(body);

  app.get('/', (req, res) => {
    const amount = amountOf(req.query.amount, payments.DEFAULT_AMOUNT);
    if (amount === null) return html(res, 400, views.failure('amount', 'montant invalide'));
    const schedules = Object.fromEntries(Object.keys(payments.WAYS).map((way) => [way, payments.schedule(way, amount)]));
    html(res, 200, views.checkout(amount, schedules));
  });

  app.post('/checkout', form, (req, res) => {
    const way = String(req.body?.way ?? '');
    const amount = amountOf(req.body?.amount, payments.DEFAULT_AMOUNT);
    if (!Object.hasOwn(payments.WAYS, way)) return html(res, 400, views.failure('way', 'moyen de paiement inconnu'));
    if (amount === null) return html(res, 400, views.failure('amount', 'montant invalide'));
    const { id, counter } = orders.create({ way, gateway: payments.WAYS[way].gateway, amount });
    let page;
    try {
      page = payments.paymentForm(shop, orders.get(id), counter);
    } catch (error) {
      // cpay names the field at fault (e.g. an amount outside the 3x/4x bounds).
      if (!(error instanceof CpayError)) throw error;
      return html(res, 422, views.failure(error.field ?? error.code, `cpay refused the payment form: ${error.message}`));
    }
    html(res, 200, `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Redirection vers le paiement</title></head><body data-order-id="${views.esc(id)}">\n${page.html}\n</body></html>`);
  });

  // The raw body goes to cpay as received (cpay parses and verifies it).
  app.post('/notify/:gateway', express.text({ type: () => true, limit: MAX_BODY }), (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const answer = payments.notify(shop, orders, req.params.gateway, body);
    res.status(answer.status).type(answer.content_type).send(answer.body);
  });

  const back = (req, res) => {
    const fields = { ...req.query, ...(typeof req.body === 'object' && req.body ? req.body : {}) };
    const id = payments.browserReturn(shop, orders, req.params.gateway, fields);
    const order = id ? orders.get(id) : null;
    html(res, order ? 200 : 400, views.returned(order));
  };
  app.get('/return/:gateway', back);
  app.post('/return/:gateway', form, back);

  app.get('/admin/orders', (req, res) => {
    html(res, 200, views.admin(orders.all(), typeof req.query.message === 'string' ? req.query.message : ''));
  });
  app.post('/admin/orders/:id/refund', async (req, res) => {
    const message = await payments.refund(shop, orders, req.params.id);
    res.redirect(303, `/admin/orders?message=${encodeURIComponent(message)}`);
  });
  app.post('/admin/orders/:id/status', async (req, res) => {
    const message = await payments.statusCheck(shop, orders, req.params.id);
    res.redirect(303, `/admin/orders?message=${encodeURIComponent(message)}`);
  });

  app.get('/api/orders/:id', (req, res) => {
    const view = orders.view(req.params.id);
    if (!view) return res.status(404).json({ error: 'unknown order' });
    res.json({ ...view, events: orders.events(req.params.id) });
  });

  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  // No stack trace to the client.
  app.use((error, req, res, next) => {
    const status = error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error(error);
    if (res.headersSent) return next(error);
    res.status(status).type('text/plain').send(status === 413 ? 'KO too large' : 'error');
  });
  return app;
}

function main() {
  const shop = config.load();
  const orders = db.open(shop.database);
  const app = createApp(shop, orders);
  const server = app.listen(shop.port, '127.0.0.1', () => {
    const { port } = server.address();
    shop.shopUrl ??= `http://127.0.0.1:${port}`;
    console.log(`shop-node listening on http://127.0.0.1:${port}/ (shop ${shop.shopUrl}, sandbox ${shop.sandboxUrl})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { createApp };

if (require.main === module) main();
