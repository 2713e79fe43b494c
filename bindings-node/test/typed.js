'use strict';
// Shared by the per-namespace tests: how each operation's JSON input maps onto the typed function's
// arguments, and its answer back onto the operation's output, so every golden vector can be run through
// the typed functions too (not only through `call`). An adapter lists the input keys it maps; a case
// using other keys tests the JSON schema itself and is left to vectors.test.js.
const assert = require('node:assert/strict');
const cpay = require('..');
const { vectorFiles, isSubset } = require('./helpers.js');

const ACCOUNT = ['merchant_id', 'access_key', 'environment', 'version'];

const pick = (input, keys) => Object.fromEntries(Object.entries(input).filter(([k]) => keys.includes(k)));
const omit = (input, keys) => Object.fromEntries(Object.entries(input).filter(([k]) => !keys.includes(k)));
const formOptions = (i) => ({ autoSubmit: i.auto_submit, submitLabel: i.submit_label });
const receive = (i) => ({ serverToServer: i.server_to_server });
const FORM = ['config', 'payment', 'auto_submit', 'submit_label'];

/** op → [input keys mapped (null: any, for flat inputs), run(input), output(result)]. */
const ADAPTERS = {
  'computop.encrypt': [['plaintext', 'key'], (i) => cpay.computop.encrypt(i.plaintext, i.key)],
  'computop.decrypt': [['data', 'len', 'key'], (i) => cpay.computop.decrypt(i.data, i.len, i.key), (r) => ({ plaintext: r })],
  'computop.mac': [['message', 'key'], (i) => cpay.computop.mac(i.message, i.key), (r) => ({ mac: r })],
  'computop.form': [FORM, (i) => cpay.computop.form(i.config, i.payment, formOptions(i))],
  'computop.notification': [['config', 'body', 'expected', 'server_to_server'],
    (i) => cpay.computop.notification(i.config, i.body, i.expected, receive(i))],
  'computop.refund': [['config', 'refund'], (i) => cpay.computop.refund(i.config, i.refund)],
  'computop.refund_answer': [['config', 'response', 'expected'],
    (i) => cpay.computop.refundAnswer(i.config, i.response, i.expected)],

  'payline.web_payment': [null, (i) => cpay.payline.webPayment(pick(i, ACCOUNT), omit(i, ACCOUNT))],
  'payline.web_payment_answer': [['body'], (i) => cpay.payline.webPaymentAnswer(i.body)],
  'payline.notification': [['query', 'stored_token'], (i) => cpay.payline.notification(i.query, i.stored_token)],
  'payline.details': [[...ACCOUNT, 'token'], (i) => cpay.payline.details(pick(i, ACCOUNT), i.token)],
  'payline.outcome': [['body', 'token', 'expected'], (i) => cpay.payline.outcome(i.body, i.token, i.expected)],
  'payline.capture': [null, (i) => cpay.payline.capture(pick(i, ACCOUNT), omit(i, ACCOUNT))],
  'payline.capture_answer': [['body'], (i) => cpay.payline.captureAnswer(i.body)],
  'payline.refund': [null, (i) => cpay.payline.refund(pick(i, ACCOUNT), omit(i, ACCOUNT))],
  'payline.refund_answer': [['body'], (i) => cpay.payline.refundAnswer(i.body)],

  'ogone.sign': [['params', 'passphrase', 'algo', 'direction', 'charset'],
    (i) => cpay.ogone.sign(i.params, i.passphrase, i.algo, i.direction, i.charset), (r) => ({ shasign: r })],
  'ogone.form': [FORM, (i) => cpay.ogone.form(i.config, i.payment, formOptions(i))],
  'ogone.response': [['config', 'body', 'params', 'expected', 'server_to_server'],
    (i) => cpay.ogone.response(i.config, i.body ?? i.params, i.expected, receive(i))],

  'sips.seal': [['data', 'key', 'algo'], (i) => cpay.sips.seal(i.data, i.key, i.algo), (r) => ({ seal: r })],
  'sips.data': [['fields'], (i) => cpay.sips.data(i.fields), (r) => ({ data: r })],
  'sips.decode': [['data', 'encode'], (i) => cpay.sips.decode(i.data, i.encode), (r) => ({ fields: r })],
  'sips.form': [FORM, (i) => cpay.sips.form(i.config, i.payment, formOptions(i))],
  'sips.response': [['config', 'body', 'fields', 'expected', 'server_to_server'],
    (i) => cpay.sips.response(i.config, i.body ?? i.fields, i.expected, receive(i))],

  'plan.schedule': [null, (i) => cpay.plan.schedule(i)],
  'plan.eligible': [null, (i) => cpay.plan.eligible(i)],
  'plan.refund': [null, (i) => cpay.plan.refund(i)],
  'plan.split': [null, (i) => cpay.plan.split(i)],
  'plan.three_ds': [null, (i) => cpay.plan.threeDs(i)],
  'plan.order_state': [['current', 'outcome'], (i) => cpay.plan.orderState(i.current, i.outcome)],
};

/** Whether the adapter of `op` maps every key of `input` (and, for body|fields, not both at once). */
function mapped(op, input) {
  const [keys] = ADAPTERS[op];
  if (input === null || typeof input !== 'object') return false;
  if (('body' in input) && (('params' in input) || ('fields' in input))) return false;
  return keys === null || Object.keys(input).every((k) => keys.includes(k));
}

/**
 * Register one test per vector of `gateway`'s operations: the typed function gives the vector's output,
 * or throws the vector's error as a CpayError subclass. Returns how many cases were run.
 */
function typedVectors(test, gateway) {
  const cases = vectorFiles().flatMap((f) => f.cases).filter((c) => c.op.startsWith(`${gateway}.`));
  const ops = new Set(cpay.operations().filter((op) => op.startsWith(`${gateway}.`)));
  test(`every ${gateway} operation has a typed function`, () => {
    for (const op of ops) assert.ok(ADAPTERS[op], `no adapter for ${op}`);
    // Classes (computop.Cipher, capitalised) are not operations: they have tests of their own.
    const verbs = Object.keys(cpay[gateway]).filter((k) => /^[a-z]/.test(k)).sort();
    const expected = [...ops].map((op) => op.split('.')[1].replace(/_([a-z])/g, (_, c) => c.toUpperCase())).sort();
    assert.deepEqual(verbs, expected);
  });
  let run = 0;
  test.describe(`${gateway} vectors through the typed functions`, () => {
    for (const c of cases) {
      if (!mapped(c.op, c.input)) continue;
      run += 1;
      const [, fn, back = (r) => r] = ADAPTERS[c.op];
      test(c.name, () => {
        if ('output' in c) {
          const actual = back(fn(c.input));
          assert.ok(isSubset(c.output, actual), `got ${JSON.stringify(actual).slice(0, 600)}`);
        } else {
          assert.throws(() => fn(c.input), (e) => {
            assert.ok(e instanceof cpay.CpayError, `not a CpayError: ${e}`);
            assert.equal(e.constructor, errorClass(e.code));
            const asJson = { code: e.code, field: e.field, message: e.message, gateway_code: e.gatewayCode };
            assert.ok(isSubset(c.error, asJson), `got ${JSON.stringify(asJson)}`);
            return true;
          });
        }
      });
    }
  });
  test(`${gateway}: most vectors run through the typed functions`, () => {
    assert.ok(run >= cases.length * 0.8, `${run} of ${cases.length}`);
  });
}

/** The class `index.js` throws for `code` (`wrong_shop` → WrongShopError). */
function errorClass(code) {
  const name = code.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('').replace(/(Error)?$/, 'Error');
  return cpay[name];
}

module.exports = { typedVectors, errorClass };
