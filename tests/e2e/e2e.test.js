'use strict';
// The Cetelem journeys of tests/e2e/README.md, in Debian's headless Chromium, for every shop of shops.js, each against
// its own cpay sandbox (so faults, which the sandbox gives to its next payment, never cross shops). Shops run
// side by side; the scenarios of one shop run one after the other.
//
//   node --test e2e.test.js                 every shop
//   E2E_SHOPS=python-sqlite node --test …   some shops (comma-separated names)
//
// On a failure the scenario's screenshot, the sandbox's log and payments, and the shop's log are saved under
// target/e2e-artifacts/<shop>/.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { ARTIFACTS, waitFor } = require('./lib/procs');
const { Sandbox } = require('./lib/sandbox');
const { Shop } = require('./lib/shop');
const { Postgres } = require('./lib/postgres');
const browsers = require('./lib/browser');
// E2E_SHOPS_FILE: another list of shops (same shape as shops.js), e.g. to try a shop being written elsewhere.
const allShops = require(process.env.E2E_SHOPS_FILE ? path.resolve(process.env.E2E_SHOPS_FILE) : './shops');

const wanted = (process.env.E2E_SHOPS || '').split(',').map((s) => s.trim()).filter(Boolean);
const shops = wanted.length ? allShops.filter((s) => wanted.includes(s.name)) : allShops;
if (wanted.length && shops.length !== wanted.length) {
  throw new Error(`E2E_SHOPS names a shop shops.js does not list: ${wanted.join(', ')}`);
}

const AMOUNT = 124990; // the demo cart: 1 249,90 €
// Order statuses are cpay's (`plan.order_state`): `new` until a verified notification says otherwise; `accepted`
// is the paid state, the one `paid_transitions` counts.
const PAID = 'accepted';

let browser;
let postgres;
let postgresStarting;

before(async () => {
  browser = await browsers.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (postgres) await postgres.stop();
});

function ensurePostgres() {
  postgresStarting = postgresStarting || Postgres.start().then((pg) => (postgres = pg));
  return postgresStarting;
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

async function saveArtifacts(env, title, page, error) {
  const dir = path.join(ARTIFACTS, env.entry.name);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, slug(title));
  try {
    if (page && !page.isClosed()) await page.screenshot({ path: `${base}.png`, fullPage: true });
  } catch (e) {
    fs.writeFileSync(`${base}.screenshot-error.txt`, String(e));
  }
  let payments = '';
  try {
    payments = JSON.stringify(await env.sandbox.payments(), null, 2);
  } catch (e) {
    payments = `GET /_sandbox/api/payments failed: ${e.message}`;
  }
  fs.writeFileSync(`${base}.sandbox.log`, `${env.sandbox.log}\n==== GET /_sandbox/api/payments\n${payments}\n`);
  fs.writeFileSync(`${base}.shop.log`, env.shop ? env.shop.log : '(the shop did not start)');
  fs.writeFileSync(`${base}.error.txt`, `${error && error.stack ? error.stack : error}\n`);
}

// --- the journey's steps ----------------------------------------------------------------------------------

/** Open the checkout, press the way's button, and land on the sandbox's payment page (or fail saying why). */
async function checkout(page, env, way, amount = AMOUNT) {
  await page.goto(`${env.shop.url}/?amount=${amount}`);
  const responses = [];
  const onResponse = (r) => responses.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
  page.on('response', onResponse);
  await page.click(`button[data-pay="${way}"]`);
  try {
    await page.waitForSelector('button[data-outcome], [data-error], [data-error-code]', { timeout: 10000 });
  } catch {
    const text = (await page.textContent('body').catch(() => '')) || '';
    throw new Error(`pressing ${way} did not reach a payment page; the browser is at ${page.url()} after ${responses.join(', ')}; page: ${text.trim().slice(0, 300)}`);
  } finally {
    page.off('response', onResponse);
  }
  const shopError = await page.$('[data-error]');
  if (shopError) throw new Error(`the shop could not build the ${way} form: ${(await shopError.textContent()).trim()}`);
  const gatewayError = await page.$('[data-error-code]');
  if (gatewayError) {
    throw new Error(`the sandbox refused the ${way} form with error ${await gatewayError.getAttribute('data-error-code')}: ${(await page.textContent('body')).trim().slice(0, 300)}`);
  }
  // Scenarios of one shop run one at a time against its own sandbox: the payment still on its page is ours.
  const payment = (await env.sandbox.payments()).find((p) => p.status === 'created');
  assert.ok(payment, 'the sandbox shows a payment page but lists no payment waiting for an outcome');
  assert.equal(String(payment.amount), String(amount), 'the sandbox received another amount than the cart’s');
  return payment;
}

/** Choose an outcome on the payment page; the browser comes back to the shop's return page. */
async function choose(page, outcome) {
  await page.click(`button[data-outcome="${outcome}"]`);
  const p = await page.waitForSelector('[data-order-id][data-order-status]', { timeout: 10000 });
  return { id: await p.getAttribute('data-order-id'), status: await p.getAttribute('data-order-status') };
}

async function pay(page, env, way, outcome, amount = AMOUNT) {
  const payment = await checkout(page, env, way, amount);
  const back = await choose(page, outcome);
  assert.equal(back.id, payment.order_id, 'the return page shows another order than the one paid');
  return { payment, orderId: back.id, returned: back.status };
}

async function attemptsOf(env, uuid) {
  const payment = await env.sandbox.payment(uuid);
  return payment ? payment.ipn_attempts || [] : [];
}

async function allAttempts(env) {
  return (await env.sandbox.payments()).flatMap((p) => p.ipn_attempts || []);
}

/** Open the back office and press an order's button; wait for the page the action redirects to. */
async function backOffice(page, env, orderId, action, expectStatus) {
  await page.goto(`${env.shop.url}/admin/orders`);
  const row = `tr[data-order-id="${orderId}"]`;
  await page.waitForSelector(row);
  await Promise.all([page.waitForNavigation(), page.click(`${row} button[data-action="${action}"]`)]);
  try {
    await page.waitForSelector(`${row}[data-status="${expectStatus}"]`, { timeout: 8000 });
  } catch {
    const status = await page.getAttribute(row, 'data-status', { timeout: 500 }).catch(() => '?');
    const message = await page.textContent('[data-message]', { timeout: 500 }).catch(() => '');
    throw new Error(`after ${action}, the back office shows order ${orderId} as ${status}, not ${expectStatus}${message ? `; it says: ${message.trim()}` : ''}`);
  }
}

function paidOnce(order, what) {
  assert.equal(order.paid_transitions, 1, `${what}: expected exactly one transition to ${PAID}, the shop recorded ${order.paid_transitions}`);
}

const LYRA_REST = (op) => `/lyra/api-payment/V4/${op}`;

// --- the scenarios -----------------------------------------------------------------------------------------

const SCENARIOS = [
  ['Cpay on Lyra: paid', async (page, env) => {
    const { payment, orderId, returned } = await pay(page, env, 'lyra-cpay', 'accepted');
    assert.equal(returned, PAID, 'the IPN is sent before the browser return: the return page shows the order paid');
    const order = await env.shop.order(orderId);
    assert.equal(order.status, PAID);
    assert.equal(order.gateway, 'lyra');
    assert.equal(order.amount, AMOUNT);
    paidOnce(order, 'Cpay on Lyra');
    const attempts = await attemptsOf(env, payment.uuid);
    assert.deepEqual(attempts.map((a) => a.http_status), [200], 'one IPN, answered 200');
  }],

  ['Cpay on Lyra without JavaScript: paid', async (page, env) => {
    // cpay's form page has a <noscript> submit button; the sandbox's page and its return need no script either.
    await page.goto(`${env.shop.url}/?amount=${AMOUNT}`);
    await page.click('button[data-pay="lyra-cpay"]');
    await page.click('form[action*="/lyra/vads-payment/"] [type="submit"]');
    await page.waitForSelector('button[data-outcome="accepted"]');
    const back = await choose(page, 'accepted');
    assert.equal(back.status, PAID);
    paidOnce(await env.shop.order(back.id), 'Cpay on Lyra without JavaScript');
  }, { javaScriptEnabled: false }],

  ['3x on Lyra: paid', async (page, env) => {
    const { orderId } = await pay(page, env, 'lyra-3x', 'accepted');
    paidOnce(await env.shop.waitForStatus(orderId, PAID), '3x on Lyra');
  }],

  ...['3x', '4x'].map((n) => [`${n} on Computop: paid`, async (page, env) => {
    await env.sandbox.requireRoute('POST', '/computop/CetelemFullCB.aspx', "Computop's Cetelem 3x/4x payment page");
    await page.goto(`${env.shop.url}/?amount=${AMOUNT}`);
    const schedule = await page.$$(`[data-schedule="computop-${n}"] li`);
    assert.equal(schedule.length, Number(n[0]), `the checkout shows the ${n} schedule beside its button`);
    const { orderId } = await pay(page, env, `computop-${n}`, 'accepted');
    const order = await env.shop.waitForStatus(orderId, PAID);
    assert.equal(order.gateway, 'computop');
    paidOnce(order, `${n} on Computop`);
  }]),

  ['a refused payment', async (page, env) => {
    const { orderId, returned } = await pay(page, env, 'lyra-cpay', 'refused');
    assert.equal(returned, 'refused');
    const order = await env.shop.order(orderId);
    assert.equal(order.status, 'refused');
    assert.equal(order.paid_transitions, 0);
  }],

  ['a cancelled payment', async (page, env) => {
    const { orderId, returned } = await pay(page, env, 'lyra-cpay', 'cancelled');
    assert.equal(returned, 'cancelled');
    const order = await env.shop.order(orderId);
    assert.equal(order.status, 'cancelled');
    assert.equal(order.paid_transitions, 0);
  }],

  ['the same IPN twice: paid once', async (page, env) => {
    await env.sandbox.fault('duplicate_ipn');
    const { payment, orderId } = await pay(page, env, 'lyra-cpay', 'accepted');
    await waitFor('both copies of the IPN to be answered', async () => {
      const answered = (await attemptsOf(env, payment.uuid)).filter((a) => a.http_status === 200);
      return answered.length >= 2;
    });
    const order = await env.shop.waitForStatus(orderId, PAID);
    paidOnce(order, 'the same IPN twice');
  }],

  ['a pending IPN, then the final one: paid', async (page, env) => {
    const { payment, orderId, returned } = await pay(page, env, 'lyra-cpay', 'pending');
    assert.equal(returned, 'pending', 'the pending IPN came before the return');
    await env.sandbox.outcome(payment.uuid, 'accepted');
    const order = await env.shop.waitForStatus(orderId, PAID);
    paidOnce(order, 'pending then accepted');
    const attempts = await attemptsOf(env, payment.uuid);
    assert.deepEqual(attempts.map((a) => a.http_status), [200, 200], 'two IPNs for the one transaction, both answered 200');
  }],

  ['an IPN after the browser return: the return shows the order unpaid, the IPN then pays it', async (page, env) => {
    await env.sandbox.fault('ipn_after_return', { delay_ms: 500 });
    const { orderId, returned } = await pay(page, env, 'lyra-cpay', 'accepted');
    assert.equal(returned, 'new', 'the return page shows the order as stored: the return itself never pays it');
    paidOnce(await env.shop.waitForStatus(orderId, PAID), 'an IPN after the return');
  }],

  ['ten concurrent copies of one IPN on two processes: one state change', async (page, env) => {
    assert.ok(env.shop.servers.length >= 2, 'this scenario needs two server processes of the shop');
    await env.sandbox.fault('lost_ipn'); // the sandbox records the IPN without sending it: we send it, ten times
    const { payment, orderId, returned } = await pay(page, env, 'lyra-cpay', 'accepted');
    assert.equal(returned, 'new', 'the IPN was lost: the return page shows the order as stored, not paid');
    const attempt = (await attemptsOf(env, payment.uuid)).find((a) => typeof a.body === 'string' && a.body.length > 0);
    if (!attempt) {
      throw new Error('the sandbox records no ipn_attempts[].body for the lost IPN (GET /_sandbox/api/payments): the gateway-neutral notification plumbing that keeps each attempt’s body is not in this sandbox build');
    }
    const route = new URL(attempt.url).pathname;
    const copies = Array.from({ length: 10 }, (_, i) => fetch(env.shop.servers[i % 2].url + route, {
      method: 'POST',
      headers: { 'content-type': attempt.content_type || 'application/x-www-form-urlencoded' },
      body: attempt.body,
    }).then(async (r) => ({ status: r.status, body: await r.text() })));
    const replies = await Promise.all(copies);
    assert.deepEqual(replies.map((r) => r.status), Array(10).fill(200), `every copy is answered 200: ${JSON.stringify(replies)}`);
    const order = await env.shop.waitForStatus(orderId, PAID);
    paidOnce(order, 'ten concurrent copies');
  }],

  ['a forged IPN is refused and changes nothing; the genuine one pays', async (page, env) => {
    await env.sandbox.fault('lost_ipn');
    const { payment, orderId } = await pay(page, env, 'lyra-cpay', 'accepted');
    const attempt = (await attemptsOf(env, payment.uuid)).find((a) => typeof a.body === 'string' && a.body.length > 0);
    if (!attempt) throw new Error('the sandbox records no ipn_attempts[].body for the lost IPN (GET /_sandbox/api/payments)');
    const url = env.shop.url + new URL(attempt.url).pathname;
    const post = (body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const forged = new URLSearchParams(attempt.body);
    forged.set('vads_amount', '100'); // a buyer paying 1 € for the sofa, signature left as it was
    const refused = await post(forged.toString());
    assert.equal(refused.status, 400, `a forged IPN is refused: ${await refused.text()}`);
    assert.equal((await env.shop.order(orderId)).status, 'new', 'the forged IPN changed the order');
    const genuine = await post(attempt.body);
    assert.equal(genuine.status, 200, await genuine.text());
    paidOnce(await env.shop.waitForStatus(orderId, PAID), 'the genuine IPN after a forged one');
  }],

  ['a refund from the shop’s back office: refunded once, and a notification of it creates no payment', async (page, env) => {
    await env.sandbox.requireRoute('POST', LYRA_REST('Transaction/CancelOrRefund'), 'the Lyra REST refund (V4/Transaction/CancelOrRefund)');
    const { payment, orderId } = await pay(page, env, 'lyra-cpay', 'accepted');
    await env.shop.waitForStatus(orderId, PAID);
    const before = (await allAttempts(env)).length;
    await backOffice(page, env, orderId, 'refund', 'refunded');
    let order = await env.shop.order(orderId);
    assert.equal(order.refunded, AMOUNT);
    // The platform also notifies the refund (an IPN of the refund operation, after the REST answer): the shop
    // takes it as the refund it already recorded — answered 200, no new payment, nothing refunded twice.
    const sent = await waitFor('the refund’s notification to be answered', async () => {
      const later = (await allAttempts(env)).slice(before);
      return later.length > 0 && later.every((a) => a.http_status || a.error) && later;
    });
    assert.ok(sent.every((a) => a.http_status === 200), `the refund's notification is answered 200: ${JSON.stringify(sent.map((a) => [a.trans_status, a.http_status, a.error]))}`);
    order = await env.shop.order(orderId);
    assert.equal(order.status, 'refunded');
    paidOnce(order, 'after the refund and its notification');
    assert.equal(order.refunded, AMOUNT, 'the refund is counted once');
    assert.equal(Number((await env.sandbox.payment(payment.uuid)).refunded), AMOUNT, 'the sandbox’s ledger shows the refund');
  }],

  ['a refund of a Computop 3x payment from the shop’s back office: refunded once', async (page, env) => {
    await env.sandbox.requireRoute('POST', '/computop/credit.aspx', 'Computop’s credit (refund) server page');
    const { payment, orderId } = await pay(page, env, 'computop-3x', 'accepted');
    await env.shop.waitForStatus(orderId, PAID);
    await backOffice(page, env, orderId, 'refund', 'refunded');
    const order = await env.shop.order(orderId);
    assert.equal(order.refunded, AMOUNT);
    paidOnce(order, 'after the Computop refund');
    assert.equal(Number((await env.sandbox.payment(payment.uuid)).refunded), AMOUNT, 'the sandbox’s ledger shows the credit');
  }],

  ['refunds made in the gateway’s back office: their notifications refund the order and create no payment', async (page, env) => {
    const { payment, orderId } = await pay(page, env, 'lyra-cpay', 'accepted');
    await env.shop.waitForStatus(orderId, PAID);
    const part = 24990;
    await env.sandbox.backOfficeRefund(payment.uuid, part);
    let order = await env.shop.waitForStatus(orderId, 'partially_refunded');
    assert.equal(order.refunded, part);
    paidOnce(order, 'after a partial refund in the gateway’s back office');
    await env.sandbox.backOfficeRefund(payment.uuid); // all that is left
    order = await env.shop.waitForStatus(orderId, 'refunded');
    assert.equal(order.refunded, AMOUNT);
    paidOnce(order, 'after the whole amount was refunded in the gateway’s back office');
    const attempts = (await attemptsOf(env, payment.uuid)).filter((a) => a.http_status !== 200);
    assert.deepEqual(attempts, [], 'every notification answered 200');
  }],

  ['a lost IPN: the status check recovers the order', async (page, env) => {
    await env.sandbox.requireRoute('POST', LYRA_REST('Order/Get'), 'the Lyra REST order query (V4/Order/Get)');
    await env.sandbox.fault('lost_ipn');
    const { orderId, returned } = await pay(page, env, 'lyra-cpay', 'accepted');
    assert.equal(returned, 'new');
    assert.equal((await env.shop.order(orderId)).status, 'new');
    await backOffice(page, env, orderId, 'status', PAID);
    paidOnce(await env.shop.order(orderId), 'recovered by the status check');
  }],
];

// --- one suite per shop ---------------------------------------------------------------------------------------

describe('cpay example shops in Chromium', { concurrency: true }, () => {
  for (const entry of shops) {
    describe(entry.name, { concurrency: 1 }, () => {
      const env = { entry };

      before(async () => {
        fs.rmSync(path.join(ARTIFACTS, entry.name), { recursive: true, force: true }); // an earlier run's
        env.sandbox = await Sandbox.start();
        const databaseUrl = entry.database === 'postgres'
          ? (await ensurePostgres()).createDatabase(`shop_${entry.name.replace(/\W/g, '_')}_${process.pid}`)
          : undefined;
        try {
          env.shop = await Shop.start(entry, { sandboxUrl: env.sandbox.url, databaseUrl });
        } catch (error) {
          await saveArtifacts(env, 'start', null, error);
          throw error;
        }
      });

      after(async () => {
        if (env.shop) await env.shop.stop();
        if (env.sandbox) await env.sandbox.stop();
      });

      for (const [title, run, contextOptions] of SCENARIOS) {
        it(title, async () => {
          const context = await browser.newContext(contextOptions);
          const page = await context.newPage();
          page.setDefaultTimeout(10000);
          try {
            await run(page, env);
          } catch (error) {
            await saveArtifacts(env, title, page, error);
            throw error;
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
