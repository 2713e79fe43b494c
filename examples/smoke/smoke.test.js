'use strict';
// Smoke test of the example shops (examples/shop-node, examples/shop-php) against the cpay sandbox, with
// Node's own fetch and no browser: the checkout's auto-posting form is followed to the sandbox's payment
// page, its `data-outcome` form is submitted (and the gateway's return form, as a browser would), and the
// shop's JSON API must then show the order as cpay's `plan.order_state` left it, paid by exactly one state
// change. Per shop: the checkout and its schedules; Cpay, 3x and 4x through Lyra; 3x and 4x through Computop;
// refused, cancelled, pending then accepted; a duplicated IPN; ten concurrent IPN copies on two processes of
// the shop sharing one SQLite file; a Paygate-style notify; lost notifications recovered by the back office's
// status check (Lyra V4/Order/Get, Computop inquire.aspx); full refunds (Lyra REST, Computop credit.aspx);
// forged, misrouted and malformed requests. `make test-shops` runs it (SHOPS=node,php to choose;
// CPAY_SANDBOX_BIN and CPAY_LIB to use binaries built elsewhere).
//
// The same journeys in a real browser are tests/e2e's.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const crypto = require('node:crypto');
const { lyra, computop } = require('../../bindings-node');

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
const SANDBOX_BIN = process.env.CPAY_SANDBOX_BIN ?? path.join(TARGET, 'debug', 'cpay-sandbox');
const CPAY_LIB = process.env.CPAY_LIB ?? path.join(TARGET, 'debug', 'libcpay.so');

/** Each shop's single start command; its config comes from the environment (PORT, SHOP_URL, …). */
const SHOPS = {
  node: { cmd: 'node', args: [path.join(ROOT, 'examples', 'shop-node', 'server.js')] },
  php: { cmd: 'sh', args: [path.join(ROOT, 'examples', 'shop-php', 'start.sh')] },
};
const chosen = (process.env.SHOPS ?? 'node,php').split(',').map((s) => s.trim()).filter(Boolean);

const children = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpay-shops-'));
let sandboxUrl;
const sandboxLog = [];

/** Start a process; resolves with the first stdout line matching `ready`. */
function start(cmd, args, env, ready, log) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr.on('data', (d) => log.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in 20 s: ${log.join('')}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${log.join('')}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(`${line}\n`);
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

/** Wait until `url` answers GET /health (a shop may print its line just before it binds). */
async function answering(url) {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} does not answer GET /health`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
  if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
});
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decode(m[2] ?? m[3]) : null;
};

/**
 * The form of `html` that contains `marker` (or the first form): its action, method and the fields a
 * browser would send (hidden and text inputs, checked radios), plus `extra`.
 */
function readForm(html, baseUrl, marker, extra = {}) {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
  const form = marker ? forms.find((f) => f.includes(marker)) : forms[0];
  assert.ok(form, `no form${marker ? ` with ${marker}` : ''} in:\n${html.slice(0, 2000)}`);
  const open = /<form\b[^>]*>/i.exec(form)[0];
  const fields = new URLSearchParams();
  for (const [input] of form.matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(input, 'name');
    const type = (attr(input, 'type') ?? 'text').toLowerCase();
    if (!name || ((type === 'radio' || type === 'checkbox') && !/\schecked\b/i.test(input))) continue;
    if (type === 'submit') continue;
    fields.append(name, attr(input, 'value') ?? '');
  }
  for (const [k, v] of Object.entries(extra)) fields.append(k, v);
  return { action: new URL(attr(open, 'action') ?? '', baseUrl).toString(), method: (attr(open, 'method') ?? 'GET').toUpperCase(), fields };
}

async function post(url, fields) {
  return fetch(url, { method: 'POST', body: fields, redirect: 'manual' });
}

/** Follow redirects by hand (the sandbox answers 303s), returning the final response and its URL. */
async function follow(res, url) {
  let current = res;
  let where = url;
  for (let i = 0; i < 5 && current.status >= 300 && current.status < 400; i += 1) {
    where = new URL(current.headers.get('location'), where).toString();
    current = await fetch(where, { redirect: 'manual' });
  }
  return { res: current, url: where };
}

before(async () => {
  assert.ok(fs.existsSync(SANDBOX_BIN), `${SANDBOX_BIN} is missing: cargo build -p cpay-sandbox`);
  const [, url] = await start(SANDBOX_BIN, ['--port', '0', '--ipn-retry-delay-ms', '100'], {}, /(http:\/\/127\.0\.0\.1:\d+)/, sandboxLog);
  sandboxUrl = url;
});

after(() => {
  for (const child of children) child.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Check out `way`, follow cpay's form to the sandbox and choose `outcome` there. */
async function pay(shopUrl, way, outcome, amount = 124990) {
  const checkout = await post(`${shopUrl}/checkout`, new URLSearchParams({ way, amount: String(amount) }));
  const checkoutHtml = await checkout.text();
  assert.equal(checkout.status, 200, checkoutHtml);
  const orderId = /<body data-order-id="([^"]+)"/.exec(checkoutHtml)?.[1];
  assert.ok(orderId, checkoutHtml);
  const gatewayForm = readForm(checkoutHtml, shopUrl, 'action=');
  assert.equal((await getJson(`${shopUrl}/api/orders/${orderId}`)).status, 'new');
  const { res: paymentPage, url: pageUrl } = await follow(await post(gatewayForm.action, gatewayForm.fields), gatewayForm.action);
  const pageHtml = await paymentPage.text();
  assert.equal(paymentPage.status, 200, pageHtml);
  const choice = readForm(pageHtml, pageUrl, `data-outcome="${outcome}"`, { outcome });
  let { res: back } = await follow(await post(choice.action, choice.fields), choice.action);
  let backHtml = await back.text();
  // A gateway that returns the buyer with a POST (Computop's URLSuccess, Lyra's return mode POST) answers
  // a page whose form the browser submits (with a script, or its button): submit it as the browser would.
  if (!backHtml.includes('data-order-status') && backHtml.includes(`action="${shopUrl}/return/`)) {
    const returnForm = readForm(backHtml, shopUrl, `action="${shopUrl}/return/`);
    ({ res: back } = await follow(await post(returnForm.action, returnForm.fields), returnForm.action));
    backHtml = await back.text();
  }
  return { orderId, gatewayForm, back, backHtml };
}

const getJson = async (url) => (await fetch(url)).json();

/** The back office's refund button on a paid order: refunded in full, and still paid exactly once. */
async function refundAndCheck(t, shopUrl, orderId) {
  const before = await getJson(`${shopUrl}/api/orders/${orderId}`);
  const { res } = await follow(await post(`${shopUrl}/admin/orders/${orderId}/refund`, ''), `${shopUrl}/admin/orders/${orderId}/refund`);
  const adminHtml = await res.text();
  t.diagnostic(/data-message>([^<]*)/.exec(adminHtml)?.[1] ?? '(no message)');
  assert.match(adminHtml, new RegExp(`<tr data-order-id="${orderId}" data-status="refunded"`), adminHtml);
  // The refund's own notification (if the gateway sends one) is a duplicate: wait for it, then check.
  await new Promise((r) => setTimeout(r, 300));
  const after = await getJson(`${shopUrl}/api/orders/${orderId}`);
  assert.equal(after.status, 'refunded');
  assert.equal(after.refunded, before.amount);
  assert.equal(after.paid_transitions, 1);
}

for (const name of chosen) {
  const shop = SHOPS[name];
  if (!shop) throw new Error(`unknown shop ${name} (known: ${Object.keys(SHOPS).join(', ')})`);

  describe(`shop-${name}`, () => {
    let shopUrl;
    const log = [];
    before(async () => {
      const port = await freePort();
      shopUrl = `http://127.0.0.1:${port}`;
      await start(shop.cmd, shop.args, {
        PORT: String(port), SHOP_URL: shopUrl, SANDBOX_URL: sandboxUrl,
        DATABASE_URL: `sqlite://${path.join(tmp, `${name}.db`)}`, CPAY_LIB,
      }, /listening on http/, log);
      await answering(shopUrl);
    });

    test('the checkout offers every way to pay, with the 3x/4x schedules', async () => {
      const home = await fetch(`${shopUrl}/?amount=124990`);
      const homeHtml = await home.text();
      assert.equal(home.status, 200, homeHtml);
      for (const way of ['lyra-cpay', 'lyra-3x', 'lyra-4x', 'computop-3x', 'computop-4x']) {
        assert.match(homeHtml, new RegExp(`data-pay="${way}"`));
      }
      assert.match(homeHtml, /Canapé d(&#39;|&#039;|&apos;|')angle/);
      // 1 249,90 € in three parts: 416,64 + 416,63 + 416,63 (plan.schedule puts the odd cent first).
      const threeX = /data-schedule="computop-3x">([\s\S]*?)<\/ol>/.exec(homeHtml)?.[1] ?? '';
      assert.deepEqual([...threeX.matchAll(/data-amount="(\d+)"/g)].map((m) => Number(m[1])), [41664, 41663, 41663]);
      const fourX = /data-schedule="lyra-4x">([\s\S]*?)<\/ol>/.exec(homeHtml)?.[1] ?? '';
      assert.equal([...fourX.matchAll(/data-amount="(\d+)"/g)].reduce((sum, m) => sum + Number(m[1]), 0), 124990);
      assert.equal((await fetch(`${shopUrl}/?amount=-3`)).status, 400);
    });

    test('Cpay through Lyra, accepted in the sandbox → paid once', async () => {
      const { orderId, gatewayForm, back, backHtml } = await pay(shopUrl, 'lyra-cpay', 'accepted');
      assert.equal(gatewayForm.action, `${sandboxUrl}/lyra/vads-payment/`);
      assert.equal(gatewayForm.fields.get('vads_payment_cards'), 'AURORE-MULTI');
      assert.equal(back.status, 200, backHtml);
      assert.match(backHtml, new RegExp(`data-order-id="${orderId}" data-order-status="accepted"`));

      const order = await getJson(`${shopUrl}/api/orders/${orderId}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.gateway, 'lyra');
      assert.equal(order.amount, 124990);
      assert.equal(order.refunded, 0);
      assert.equal(order.paid_transitions, 1);

      const adminHtml = await (await fetch(`${shopUrl}/admin/orders`)).text();
      assert.match(adminHtml, new RegExp(`<tr data-order-id="${orderId}" data-status="accepted" data-gateway="lyra">`));
      assert.match(adminHtml, /data-action="refund"/);
      assert.match(adminHtml, /data-action="status"/);

      // A tampered notification: cpay's rejection (400), nothing changes.
      const forged = new URLSearchParams(gatewayForm.fields);
      forged.set('vads_trans_status', 'REFUSED');
      const refused = await post(`${shopUrl}/notify/lyra`, forged);
      assert.equal(refused.status, 400, await refused.text());
      assert.equal((await getJson(`${shopUrl}/api/orders/${orderId}`)).status, 'accepted');
    });

    test('3x through Lyra with the IPN sent twice (sandbox fault) → paid once', async () => {
      const fault = await fetch(`${sandboxUrl}/_sandbox/api/faults`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'duplicate_ipn' }),
      });
      assert.equal(fault.status, 201, await fault.text());
      const { orderId, gatewayForm, backHtml } = await pay(shopUrl, 'lyra-3x', 'accepted');
      assert.equal(gatewayForm.fields.get('vads_payment_cards'), 'FULLCB3X');
      assert.match(backHtml, new RegExp(`data-order-status="accepted"`));
      const payment = (await getJson(`${sandboxUrl}/_sandbox/api/payments`)).payments.find((p) => p.fields?.vads_order_id === orderId);
      // Both copies reached the shop and got cpay's reply (200).
      for (let i = 0; i < 50 && payment.ipn_attempts.filter((a) => a.http_status === 200).length < 2; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        Object.assign(payment, (await getJson(`${sandboxUrl}/_sandbox/api/payments`)).payments.find((p) => p.uuid === payment.uuid));
      }
      assert.ok(payment.ipn_attempts.filter((a) => a.http_status === 200).length >= 2, JSON.stringify(payment.ipn_attempts));
      const order = await getJson(`${shopUrl}/api/orders/${orderId}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.paid_transitions, 1);
    });

    test('4x through Lyra refused, and a Cpay payment cancelled', async () => {
      const refused = await pay(shopUrl, 'lyra-4x', 'refused');
      assert.match(refused.backHtml, new RegExp(`data-order-id="${refused.orderId}" data-order-status="refused"`));
      const cancelled = await pay(shopUrl, 'lyra-cpay', 'cancelled');
      assert.match(cancelled.backHtml, new RegExp(`data-order-id="${cancelled.orderId}" data-order-status="cancelled"`));
      assert.equal((await getJson(`${shopUrl}/api/orders/${cancelled.orderId}`)).paid_transitions, 0);
    });

    test('pending, then accepted through the sandbox API (same transaction) → paid once', async () => {
      const { orderId, backHtml } = await pay(shopUrl, 'lyra-cpay', 'pending');
      assert.match(backHtml, new RegExp(`data-order-id="${orderId}" data-order-status="pending"`));
      const payment = (await getJson(`${sandboxUrl}/_sandbox/api/payments`)).payments.find((p) => p.fields?.vads_order_id === orderId);
      const decided = await fetch(`${sandboxUrl}/_sandbox/api/payments/${payment.uuid}/outcome`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'accepted' }),
      });
      assert.ok(decided.ok, await decided.text());
      const order = await getJson(`${shopUrl}/api/orders/${orderId}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.paid_transitions, 1);
      assert.deepEqual(order.events.map((e) => e.to_status), ['new', 'pending', 'accepted']);
    });

    test('ten concurrent copies of one IPN on two server processes, one database → one change to paid', async () => {
      // A second process of the same shop on the same SQLite file.
      const port = await freePort();
      const otherUrl = `http://127.0.0.1:${port}`;
      await start(shop.cmd, shop.args, {
        PORT: String(port), SHOP_URL: shopUrl, SANDBOX_URL: sandboxUrl,
        DATABASE_URL: `sqlite://${path.join(tmp, `${name}.db`)}`, CPAY_LIB,
      }, /listening on http/, log);
      await answering(otherUrl);
      const checkout = await post(`${shopUrl}/checkout`, new URLSearchParams({ way: 'lyra-cpay', amount: '124990' }));
      const form = readForm(await checkout.text(), shopUrl, 'action=');
      // The IPN Lyra would post for this form, signed with the shop's key (cpay's lyra.sign: the raw primitive).
      const ipn = Object.fromEntries(form.fields);
      delete ipn.signature;
      Object.assign(ipn, {
        vads_trans_status: 'AUTHORISED', vads_result: '00', vads_auth_result: '00', vads_auth_mode: 'FULL',
        vads_trans_uuid: crypto.randomBytes(16).toString('hex'), vads_operation_type: 'DEBIT', vads_url_check_src: 'PAY',
        vads_effective_amount: ipn.vads_amount, vads_effective_currency: ipn.vads_currency, vads_card_brand: 'AURORE-MULTI',
        vads_sequence_number: '1', vads_payment_certificate: crypto.randomBytes(20).toString('hex'),
      });
      ipn.signature = lyra.sign(ipn, '1122334455667788');
      const body = new URLSearchParams(ipn).toString();
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        fetch(`${i % 2 ? otherUrl : shopUrl}/notify/lyra`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          .then(async (r) => [r.status, await r.text()])));
      for (const [status, text] of answers) assert.equal(status, 200, text);
      const order = await getJson(`${otherUrl}/api/orders/${ipn.vads_order_id}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.paid_transitions, 1);
      assert.deepEqual(order.events.map((e) => e.to_status), ['new', 'accepted']);
    });

    for (const way of ['computop-3x', 'computop-4x']) {
      test(`${way}: cpay's encrypted form to the sandbox's CetelemFullCB.aspx, accepted → paid once`, async (t) => {
        const checkout = await post(`${shopUrl}/checkout`, new URLSearchParams({ way, amount: '124990' }));
        const checkoutHtml = await checkout.text();
        assert.equal(checkout.status, 200, checkoutHtml);
        const form = readForm(checkoutHtml, shopUrl, 'action=');
        assert.equal(form.action, `${sandboxUrl}/computop/CetelemFullCB.aspx`);
        assert.deepEqual([...form.fields.keys()].sort(), ['Data', 'Len', 'MerchantID']);
        const { orderId, backHtml } = await pay(shopUrl, way, 'accepted');
        assert.match(backHtml, new RegExp(`data-order-id="${orderId}" data-order-status="accepted"`));
        const order = await getJson(`${shopUrl}/api/orders/${orderId}`);
        assert.equal(order.gateway, 'computop');
        assert.equal(order.status, 'accepted');
        assert.equal(order.paid_transitions, 1);
        await refundAndCheck(t, shopUrl, orderId);
      });
    }

    test('computop-4x: the notify Paygate would send (encrypted, MAC-signed) pays once; the return shows it', async () => {
      const checkout = await post(`${shopUrl}/checkout`, new URLSearchParams({ way: 'computop-4x', amount: '124990' }));
      const checkoutHtml = await checkout.text();
      const orderId = /<body data-order-id="([^"]+)"/.exec(checkoutHtml)?.[1];
      assert.ok(orderId, checkoutHtml);
      // Paygate's answer fields for Cetelem FullCB, MAC over PayID*TransID*mid*Status*Code, Blowfish-encrypted
      // with the shop's password (cpay's raw primitives; the shop's TransID is its order id).
      const payId = crypto.randomBytes(16).toString('hex');
      const message = (status, code) => {
        const fields = { mid: 'cpay_demo', PayID: payId, XID: crypto.randomBytes(16).toString('hex'), TransID: orderId, RefNr: orderId,
          Status: status, Code: code, Description: status === 'OK' ? 'success' : 'failed', Amount: '124990', Currency: 'EUR' };
        fields.MAC = computop.mac(`${payId}*${orderId}*cpay_demo*${status}*${code}`, 'password');
        const { data, len } = computop.encrypt(new URLSearchParams(fields).toString(), 'password');
        return new URLSearchParams({ Data: data, Len: String(len), MerchantID: 'cpay_demo' }).toString();
      };
      const body = message('OK', '00000000');
      const answers = await Promise.all([0, 1, 2].map(() => post(`${shopUrl}/notify/computop`, body)));
      for (const answer of answers) assert.equal(answer.status, 200, await answer.text());
      let order = await getJson(`${shopUrl}/api/orders/${orderId}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.gateway, 'computop');
      assert.equal(order.paid_transitions, 1);
      // The browser return (URLSuccess, the same Data in the query string) shows the order as stored.
      const back = await fetch(`${shopUrl}/return/computop?${body}`);
      assert.match(await back.text(), new RegExp(`data-order-id="${orderId}" data-order-status="accepted"`));
      // A MAC made with another password is refused (400) and changes nothing.
      const forgedPlain = new URLSearchParams({ mid: 'cpay_demo', PayID: payId, TransID: orderId, Status: 'FAILED', Code: '21000000',
        MAC: computop.mac(`${payId}*${orderId}*cpay_demo*FAILED*21000000`, 'not-the-password') }).toString();
      const forgedData = computop.encrypt(forgedPlain, 'password');
      const forged = await post(`${shopUrl}/notify/computop`, new URLSearchParams({ Data: forgedData.data, Len: String(forgedData.len), MerchantID: 'cpay_demo' }));
      assert.equal(forged.status, 400, await forged.text());
      order = await getJson(`${shopUrl}/api/orders/${orderId}`);
      assert.equal(order.status, 'accepted');
      assert.equal(order.paid_transitions, 1);
    });

    test('computop-3x: a lost notify recovered by the status check (inquire.aspx, with the PayID of the return)', async (t) => {
      const fault = await fetch(`${sandboxUrl}/_sandbox/api/faults`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'lost_ipn' }),
      });
      assert.equal(fault.status, 201, await fault.text());
      const { orderId, backHtml } = await pay(shopUrl, 'computop-3x', 'accepted');
      assert.match(backHtml, new RegExp(`data-order-id="${orderId}" data-order-status="new"`));
      const { res } = await follow(await post(`${shopUrl}/admin/orders/${orderId}/status`, ''), `${shopUrl}/admin/orders/${orderId}/status`);
      const adminHtml = await res.text();
      t.diagnostic(/data-message>([^<]*)/.exec(adminHtml)?.[1] ?? '(no message)');
      assert.match(adminHtml, new RegExp(`<tr data-order-id="${orderId}" data-status="accepted"`), adminHtml);
      assert.equal((await getJson(`${shopUrl}/api/orders/${orderId}`)).paid_transitions, 1);
    });

    test('Lyra: a lost IPN recovered by the back office status check, then a full refund', async (t) => {
      const fault = await fetch(`${sandboxUrl}/_sandbox/api/faults`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'lost_ipn' }),
      });
      assert.equal(fault.status, 201, await fault.text());
      const { orderId, backHtml } = await pay(shopUrl, 'lyra-cpay', 'accepted');
      assert.match(backHtml, new RegExp(`data-order-id="${orderId}" data-order-status="new"`));
      const { res } = await follow(await post(`${shopUrl}/admin/orders/${orderId}/status`, ''), `${shopUrl}/admin/orders/${orderId}/status`);
      const adminHtml = await res.text();
      assert.match(adminHtml, new RegExp(`<tr data-order-id="${orderId}" data-status="accepted"`), adminHtml);
      assert.equal((await getJson(`${shopUrl}/api/orders/${orderId}`)).paid_transitions, 1);
      await refundAndCheck(t, shopUrl, orderId);
    });

    test('an unknown order, a forged Computop notify and an unknown gateway are rejected', async () => {
      assert.equal((await fetch(`${shopUrl}/api/orders/NOPE`)).status, 404);
      // 50 € is below Cetelem 3xCB's minimum: cpay refuses the form and the shop says which field.
      const small = await post(`${shopUrl}/checkout`, new URLSearchParams({ way: 'computop-3x', amount: '5000' }));
      assert.equal(small.status, 422);
      assert.match(await small.text(), /<p data-error="Amount">/);
      assert.equal((await post(`${shopUrl}/checkout`, new URLSearchParams({ way: 'paypal', amount: '5000' }))).status, 400);
      const computop = await post(`${shopUrl}/notify/computop`, 'MerchantID=cpay_demo&Len=12&Data=00112233445566778899');
      assert.equal(computop.status, 400, await computop.text());
      const other = await post(`${shopUrl}/notify/paypal`, 'x=1');
      assert.ok(other.status >= 400 && other.status < 500);
      // Malformed input: a 4xx, never a crash or a 500.
      for (const [path, body] of [
        ['/notify/lyra', crypto.randomBytes(3000)], ['/notify/lyra', 'vads_order_id[]=1&%ff%fe=%ff'],
        ['/notify/computop', 'Data=zz&Len=99999999999'], ['/checkout', 'way[]=a&amount=1'], ['/checkout', 'way=lyra-cpay&amount=1e3'],
      ]) {
        const r = await fetch(`${shopUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.ok(r.status >= 400 && r.status < 500, `${path} ${String(body).slice(0, 40)} → ${r.status}`);
      }
      for (const query of ['/return/lyra?vads_a=1&vads_a=2&signature[]=x', '/return/computop?Data[]=1&Len=3', '/?amount=1e3', '/?amount=-3']) {
        const r = await fetch(`${shopUrl}${query}`);
        assert.equal(r.status, 400, query);
      }
      assert.equal((await post(`${shopUrl}/notify/lyra`, 'a'.repeat(100_000))).status, 413);
      const back = await fetch(`${shopUrl}/return/lyra?vads_order_id=X&signature=bad`);
      assert.equal(back.status, 400);
      assert.match(await back.text(), /data-order-status="unknown"/);
    });

    after(() => {
      if (process.exitCode) console.error(`shop-${name} log:\n${log.join('')}`);
    });
  });
}
