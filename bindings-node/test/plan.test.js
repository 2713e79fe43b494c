'use strict';
// plan.*: the documented examples, an order updated from a real verified outcome, bad inputs as typed
// errors naming the field, and every plans vector through the typed functions.
const test = require('node:test');
const assert = require('node:assert/strict');
const { plan, lyra, MissingFieldError, InvalidValueError, NotEligibleError, NotAllowedError } = require('..');
const { typedVectors } = require('./typed.js');
const { vectorCase } = require('./helpers.js');

typedVectors(test, 'plan');

test('schedule: FullCB 3x from 31 January (docs/plans.md)', () => {
  assert.deepEqual(plan.schedule({ method: 'fullcb-3x', total: 10000, first_date: '2026-01-31' }), {
    installments: [
      { date: '2026-01-31', amount: 3334 }, { date: '2026-02-28', amount: 3333 }, { date: '2026-03-31', amount: 3333 },
    ],
  });
  const custom = plan.schedule({ method: 'custom', total: 1000, count: 4, period_days: 7, first_date: '2026-05-01',
    restrictive: true, event_dates: ['2026-05-22'] });
  assert.equal(custom.installments.reduce((sum, i) => sum + i.amount, 0), 1000);
  assert.throws(() => plan.schedule({ method: 'custom', total: 1000, count: 4, period_days: 8, first_date: '2026-05-01',
    restrictive: true, event_dates: ['2026-05-22'] }), (e) => e instanceof NotEligibleError && e.field === 'event_dates');
});

test('eligible, refund, split, threeDs: the documented answers', () => {
  assert.deepEqual(plan.eligible({ method: 'fullcb-3x', gateway: 'computop', amount: 8999, currency: 'EUR', country: 'FR' }),
    { eligible: false, reason: 'fullcb-3x through computop needs at least 90.00 EUR (the amount is 89.99)' });
  assert.equal(plan.eligible({ method: 'fullcb-3x', gateway: 'computop', amount: 9000, currency: 'EUR', country: 'FR' })
    .eligible, true);
  const refund = plan.refund({ gateway: 'computop', method: 'fullcb-3x', paid_at: '2026-01-01T10:00:00Z',
    now: '2026-02-01T10:00:00Z', captured: 30000, refunded: 10000, amount: 20001 });
  assert.equal(refund.allowed, false);
  assert.equal(refund.max, 20000);
  const split = plan.split({ total: 3600, promo_codes: [{ code: 'Nouveaux venus', percent: 5 }] });
  assert.deepEqual([split.discount, split.due, split.card], [180, 3420, 3420]);
  assert.equal(plan.threeDs({ policy: 'never', payment_date: '2026-05-01', method: 'cpay' }).three_ds, true);
});

test('orderState: a verified IPN applied once, shipped once', () => {
  const ipn = vectorCase('lyra.json', 'IPN: captured Cpay payment').input;
  const { outcome } = lyra.notification(ipn.config, ipn.body, ipn.expected);
  const first = plan.orderState({ status: 'new', amount: 2990, currency: 'EUR' }, outcome);
  assert.deepEqual([first.decision, first.status, first.ship, first.key], ['apply', 'accepted', true, outcome.idempotency_key]);
  const again = plan.orderState({ status: first.status, key: first.key, amount: 2990 }, outcome);
  assert.deepEqual([again.decision, again.ship], ['duplicate', false]);
  const other = plan.orderState({ status: 'new', amount: 1000 }, outcome);
  assert.deepEqual([other.decision, other.ship], ['conflict', false]);
});

test('bad inputs: typed errors naming the field', () => {
  assert.throws(() => plan.schedule({ method: 'custom', total: 1000, period_days: 7, first_date: '2026-05-01' }),
    (e) => e instanceof MissingFieldError && e.field === 'count');
  assert.throws(() => plan.schedule({ method: 'fullcb-4x', total: 1000, first_date: '2026-05-01', count: 4 }),
    (e) => e instanceof InvalidValueError && e.field === 'count');
  assert.throws(() => plan.eligible({ method: 'fullcb-3x', gateway: 'computop', amount: 9000, curency: 'EUR' }),
    (e) => e instanceof InvalidValueError && e.field === 'curency');
  assert.throws(() => plan.refund({ gateway: 'sips', method: 'cpay', now: '2026-01-01T00:00:00Z', captured: 1, amount: 1 }),
    (e) => e instanceof MissingFieldError && e.field === 'paid_at');
  assert.throws(() => plan.split({ total: 1000, waiting_account: { allowed: false } }), NotAllowedError);
  assert.throws(() => plan.split({ total: 10.5 }), InvalidValueError);
  assert.throws(() => plan.orderState({ status: 'shipped' }, {}), InvalidValueError);
});
