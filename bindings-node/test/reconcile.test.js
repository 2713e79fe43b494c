'use strict';
// The lost-notification example: a pending order older than 30 minutes is asked about (lyra.orderStatus), the
// golden vector's Order/Get answer stands in for the network, and its two outcomes (the payment, then a refund)
// go through plan.orderState: the order ends partially refunded, shipped once, and is not asked about again.
const test = require('node:test');
const assert = require('node:assert/strict');
const { reconcile, record } = require('../examples/reconcile.js');
const { vectorCase } = require('./helpers.js');

const ANSWER = vectorCase('lyra.json', 'Order/Get answer: the payment and its refund, each a verified outcome').input;
const IPN = vectorCase('lyra.json', 'IPN: captured Cpay payment').input;

function shop() {
  const orders = new Map([
    ['CMD-2020-0042', { id: 'CMD-2020-0042', amount: 2990, status: 'new', createdAt: 0 }],
    ['CMD-2020-0099', { id: 'CMD-2020-0099', amount: 1000, status: 'new', createdAt: 3000 }], // too recent
  ]);
  /** @type {any[]} */
  const sent = [];
  /** @type {any[]} */
  const shipped = [];
  const send = async (/** @type {any} */ request) => {
    sent.push(request);
    return ANSWER.response;
  };
  return { orders, sent, shipped, send, ship: (/** @type {any} */ o) => shipped.push(o.id) };
}

test('a lost IPN: the order is asked about once and ends as plan.orderState says, shipped once', async () => {
  const { orders, sent, shipped, send, ship } = shop();
  const asked = await reconcile({ config: ANSWER.config, orders, send, now: 3600, ship });
  assert.equal(asked, 1);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].method, 'POST');
  assert.match(sent[0].url, /\/V4\/Order\/Get$/);
  assert.equal(JSON.parse(sent[0].body).orderId, 'CMD-2020-0042');
  const order = orders.get('CMD-2020-0042');
  assert.equal(order.status, 'partially_refunded');
  assert.equal(order.captured, 2990);
  assert.deepEqual(order.refunds.map((/** @type {any} */ r) => r.amount), [1000]);
  assert.equal(order.shipped, true);
  assert.deepEqual(order.history, ['accepted CAPTURED', 'refund accepted AUTHORISED']);
  assert.deepEqual(shipped, ['CMD-2020-0042']);
  assert.equal(orders.get('CMD-2020-0099').status, 'new');

  // The next round: the order is final, nothing is asked; the late IPN is a duplicate and ships nothing.
  assert.equal(await reconcile({ config: ANSWER.config, orders, send, now: 3700, ship }), 0);
  const { lyra } = require('..');
  const late = lyra.notification(IPN.config, { body: IPN.body, expected: { order_id: order.id, amount: order.amount } });
  assert.equal(record(order, late.outcome, ship).decision, 'duplicate');
  assert.equal(order.status, 'partially_refunded');
  assert.deepEqual(shipped, ['CMD-2020-0042']);
});

test('an answer for another order is refused: the order stays pending and is asked again next round', async () => {
  const { orders, sent, shipped, ship } = shop();
  orders.delete('CMD-2020-0099');
  const other = orders.get('CMD-2020-0042');
  orders.delete('CMD-2020-0042');
  orders.set('CMD-2020-0043', { ...other, id: 'CMD-2020-0043' });
  const send = async (/** @type {any} */ request) => {
    sent.push(request);
    return ANSWER.response; // about CMD-2020-0042
  };
  await reconcile({ config: ANSWER.config, orders, send, now: 3600, ship });
  assert.equal(orders.get('CMD-2020-0043').status, 'new');
  assert.deepEqual(shipped, []);
  await reconcile({ config: ANSWER.config, orders, send, now: 3900, ship });
  assert.equal(sent.length, 2);
});
