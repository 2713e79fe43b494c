'use strict';
// The IPN example end to end on 127.0.0.1 (port 0): a vector IPN posted twice updates the order once and
// is acknowledged twice; a tampered one is refused with cpay's reply and changes nothing.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createIpnServer } = require('../examples/ipn-server.js');
const { vectorCase } = require('./helpers.js');

const IPN = vectorCase('lyra.json', 'IPN: captured Cpay payment').input;

async function withServer(fn) {
  const orders = new Map([['CMD-2020-0042', { id: 'CMD-2020-0042', amount: 2990, status: 'new' }]]);
  const updates = [];
  const server = createIpnServer({ config: IPN.config, orders, onUpdate: (o, outcome) => updates.push(outcome) });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/ipn`;
  const post = async (body) => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.status, body: await res.text() };
  };
  try {
    await fn({ post, orders, updates });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('the same IPN twice: acknowledged twice, order updated once', () => withServer(async ({ post, orders, updates }) => {
  const first = await post(IPN.body);
  const second = await post(IPN.body);
  assert.equal(first.status, 200);
  assert.deepEqual(second, first);
  assert.match(first.body, /^OK CAPTURED accepted/);
  assert.equal(updates.length, 1);
  assert.equal(updates[0].idempotency_key, 'lyra:9f3c2a1b4d5e6f708192a3b4c5d6e7f8');
  assert.equal(orders.get('CMD-2020-0042').status, 'accepted');
}));

test('a tampered IPN: 400 with the reason, order untouched', () => withServer(async ({ post, orders, updates }) => {
  const res = await post(IPN.body.replace('vads_trans_status=CAPTURED', 'vads_trans_status=AUTHORISED'));
  assert.equal(res.status, 400);
  assert.match(res.body, /^KO signature_mismatch/);
  assert.equal(updates.length, 0);
  assert.equal(orders.get('CMD-2020-0042').status, 'new');
}));

test('an IPN for an unknown order: 404, nothing verified or updated', () => withServer(async ({ post, updates }) => {
  const res = await post(IPN.body.replace('CMD-2020-0042', 'CMD-0000'));
  assert.equal(res.status, 404);
  assert.equal(updates.length, 0);
}));
