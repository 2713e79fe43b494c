'use strict';
// The IPN example end to end on 127.0.0.1 (port 0): a vector IPN posted twice ships the order once and is
// acknowledged twice; a tampered one is refused with cpay's reply and changes nothing.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createIpnServer } = require('../examples/ipn-server.js');
const { vectorCase } = require('./helpers.js');

const IPN = vectorCase('lyra.json', 'IPN: captured Cpay payment').input;

async function withServer(fn) {
  const orders = new Map([['CMD-2020-0042', { id: 'CMD-2020-0042', amount: 2990, status: 'new' }]]);
  const shipped = [];
  const server = createIpnServer({ config: IPN.config, orders, ship: (o, outcome) => shipped.push(outcome) });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/ipn`;
  const post = async (body) => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.status, body: await res.text() };
  };
  try {
    await fn({ post, orders, shipped });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('the same IPN twice: acknowledged twice, shipped once, status and key stored', () => withServer(async ({ post, orders, shipped }) => {
  const first = await post(IPN.body);
  const second = await post(IPN.body);
  assert.equal(first.status, 200);
  assert.deepEqual(second, first);
  assert.equal(shipped.length, 1);
  const order = orders.get('CMD-2020-0042');
  assert.equal(order.status, 'accepted');
  assert.equal(order.key, shipped[0].idempotency_key);
}));

test('a tampered IPN: 400 with the reason, order untouched', () => withServer(async ({ post, orders, shipped }) => {
  const res = await post(IPN.body.replace('vads_trans_status=CAPTURED', 'vads_trans_status=AUTHORISED'));
  assert.equal(res.status, 400);
  assert.match(res.body, /signature_mismatch/);
  assert.equal(shipped.length, 0);
  assert.equal(orders.get('CMD-2020-0042').status, 'new');
}));

test('an IPN for an unknown order: 404, nothing verified or updated', () => withServer(async ({ post, shipped }) => {
  const res = await post(IPN.body.replace('CMD-2020-0042', 'CMD-0000'));
  assert.equal(res.status, 404);
  assert.equal(shipped.length, 0);
}));

/** The IPN with fields changed and signed again with the shop's key: another genuine IPN of the same payment. */
function resigned(body, changes) {
  const { lyra } = require('..');
  const fields = Object.fromEntries(new URLSearchParams(body));
  delete fields.signature;
  Object.assign(fields, changes);
  fields.signature = lyra.sign(fields, IPN.config.test_key);
  return new URLSearchParams(fields).toString();
}

test('pending then captured (one idempotency key): paid and shipped once, when the capture arrives', () =>
  withServer(async ({ post, orders, shipped }) => {
    const order = orders.get('CMD-2020-0042');
    const pending = await post(resigned(IPN.body, { vads_trans_status: 'UNDER_VERIFICATION' }));
    assert.equal(pending.status, 200);
    assert.equal(order.status, 'pending');
    assert.equal(shipped.length, 0);
    const captured = await post(IPN.body);
    assert.equal(captured.status, 200);
    assert.equal(order.status, 'accepted');
    assert.equal(shipped.length, 1);
    await post(IPN.body);
    assert.equal(shipped.length, 1);
  }));
