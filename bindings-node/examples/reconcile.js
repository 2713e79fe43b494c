'use strict';
// Lost notifications (docs/plans.md, "Lost notifications"): the IPN never came (a wrong notification URL, an
// https redirect, a firewall), so the shop asks the platform. Every few minutes, for each order still `new`
// or `pending` N minutes after the buyer left for the payment page:
//
//   1. `lyra.orderStatus(config, orderId)` builds the REST call `V4/Order/Get` (the shop knows its order id,
//      not the transaction's uuid, which came with the lost IPN);
//   2. the shop sends it with its own HTTP client (`httpSend` below: Node's `fetch`);
//   3. `lyra.orderStatusAnswer` verifies the answer (shop, mode, order) and gives one outcome per
//      transaction of the order, payments and refunds;
//   4. each outcome goes, in order, through `record`: `plan.orderState` decides from the stored state, the
//      shop stores what `apply` returns and ships only when `ship` is true. A late IPN is then a duplicate.
//
// A `CpayError` (e.g. `gateway_error`: the platform does not know the order yet) leaves the order as it is:
// ask again at the next round. Your shop replaces `orders` with its database and runs `reconcile` from a timer
// or a cron job:  setInterval(() => reconcile({ config, orders, send: httpSend, now: Date.now() / 1000 }), 300_000)

const { lyra, plan, CpayError } = require('..');

/**
 * An order as the shop stores it: what `plan.orderState` reads and returns, and when the buyer left to pay.
 * @typedef {object} Order
 * @property {string} id
 * @property {number} amount minor units
 * @property {import('..').OrderStatus} status
 * @property {string | null} [key] the idempotency key of the outcome that set `status`
 * @property {number | null} [captured] the amount captured, as the last decision returned it
 * @property {import('..').RecordedRefund[]} [refunds] the refunds recorded, as the last decision returned them
 * @property {boolean} [shipped] whether the order was told to ship
 * @property {number} createdAt seconds since the epoch
 * @property {string[]} [history] what was applied, for the shop's log
 */

/**
 * How the shop sends a request cpay built and hands the answer back.
 * @typedef {(request: import('..').LyraOrderStatusOutput) => Promise<import('..').HttpResponse>} Send
 */

/**
 * Apply one verified outcome to its order as `plan.orderState` decides; ship once, when told to.
 * @param {Order} order updated in place
 * @param {import('..').Outcome} outcome
 * @param {(order: Order, outcome: import('..').Outcome) => void} [ship] hands the order to the warehouse
 * @returns {import('..').PlanOrderStateOutput}
 */
function record(order, outcome, ship = () => {}) {
  const decision = plan.orderState({
    status: order.status,
    key: order.key,
    amount: order.amount,
    currency: 'EUR',
    captured: order.captured,
    refunds: order.refunds ?? [],
    shipped: order.shipped ?? false,
  }, outcome);
  if (decision.decision === 'apply') {
    order.status = decision.status;
    order.key = decision.key;
    order.captured = decision.captured;
    order.refunds = decision.refunds;
    order.shipped = decision.shipped;
    const operation = outcome.operation && outcome.operation !== 'payment' ? `${outcome.operation} ` : '';
    (order.history ??= []).push(`${operation}${outcome.status} ${outcome.code}`);
  }
  if (decision.ship) {
    order.shipped = true;
    ship(order, outcome); // hand the order to the warehouse here
  }
  return decision;
}

/**
 * The lost-notification round: ask the platform about every order still pending after `minutes`.
 * @param {object} opts
 * @param {import('..').LyraConfig} opts.config the shop, with `rest_password`
 * @param {Map<string, Order>} opts.orders order id → order, updated in place
 * @param {Send} opts.send the shop's HTTP client
 * @param {number} opts.now seconds since the epoch (cpay never reads the clock; neither does this)
 * @param {number} [opts.minutes] how long after `createdAt` an order without an IPN is asked about
 * @param {(order: Order, outcome: import('..').Outcome) => void} [opts.ship] called once per paid order
 * @returns {Promise<number>} how many orders were asked about
 */
async function reconcile({ config, orders, send, now, minutes = 30, ship }) {
  let asked = 0;
  for (const order of orders.values()) {
    if ((order.status !== 'new' && order.status !== 'pending') || now - order.createdAt < minutes * 60) continue;
    asked += 1;
    const request = lyra.orderStatus(config, order.id);
    let answer;
    try {
      answer = lyra.orderStatusAnswer(config, await send(request), { expected: { order_id: order.id } });
    } catch (error) {
      if (error instanceof CpayError) continue; // not known yet, or a refused answer: ask again next round
      throw error;
    }
    for (const outcome of answer.outcomes) record(order, outcome, ship);
  }
  return asked;
}

/**
 * Send a request cpay built with Node's own HTTP client (`fetch`, Node ≥ 18) and hand back what came.
 * @type {Send}
 */
async function httpSend(request) {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'GET' ? undefined : request.body,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

module.exports = { reconcile, record, httpSend };
