'use strict';
// The typed lyra.* functions: same answers as the vectors, native argument handling, typed errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const { lyra, CpayError, VerificationError, SignatureMismatchError, WrongOrderError, InvalidValueError,
  UnsupportedAlgorithmError, SignatureMissingError, NotAllowedError } = require('..');
const { vectorCase } = require('./helpers.js');

const DOC = vectorCase('lyra.json', 'documentation example, HMAC-SHA-256').input.fields;
const KEY = '1122334455667788';
const IPN = vectorCase('lyra.json', 'IPN: captured Cpay payment');
const FORM = vectorCase('lyra.json', 'Cpay form (seed §10.1 fields, trans_date given at +02:00)');

test('sign: documentation example, both algorithms', () => {
  assert.equal(lyra.sign(DOC, KEY), 'ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=');
  assert.equal(lyra.sign(DOC, KEY, 'hmac-sha256'), 'ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=');
  assert.equal(lyra.sign(DOC, KEY, 'sha1'), '59c96b34c74b9375c332b0b6a32e6deeec87de2b');
});

test('sign agrees with call("lyra.sign") on every vector', () => {
  const cpay = require('..');
  for (const c of require('./helpers.js').vectorFiles().flatMap((f) => f.cases)) {
    if (c.op !== 'lyra.sign' || !('output' in c)) continue;
    assert.equal(lyra.sign(c.input.fields, c.input.key, c.input.algo), cpay.call('lyra.sign', c.input).signature);
  }
});

test('verify: genuine, tampered, wrong key, no signature', () => {
  const signed = { ...DOC, signature: lyra.sign(DOC, KEY) };
  assert.equal(lyra.verify(signed, KEY), true);
  assert.equal(lyra.verify({ ...signed, vads_amount: '5125' }, KEY), false);
  assert.equal(lyra.verify(signed, 'wrong'), false);
  assert.equal(lyra.verify(signed, KEY, 'sha1'), false);
  assert.throws(() => lyra.verify(DOC, KEY), (e) => e instanceof SignatureMissingError
    && e instanceof VerificationError && e.code === 'signature_missing' && e.field === 'signature');
});

test('bad algorithm: UnsupportedAlgorithmError naming the field', () => {
  assert.throws(() => lyra.sign(DOC, KEY, 'md5'), (e) => e instanceof UnsupportedAlgorithmError
    && e instanceof CpayError && e instanceof Error && e.code === 'unsupported_algorithm' && e.number === 7107
    && e.field === 'algo' && e.gatewayCode === null && e.name === 'UnsupportedAlgorithmError');
});

test('arguments of the wrong JS type are TypeErrors, not crashes', () => {
  for (const args of [[{ vads_amount: 5124 }, KEY], [DOC, 42], [null, KEY], ['fields', KEY], [DOC]]) {
    assert.throws(() => lyra.sign(...args), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE',
      JSON.stringify(args));
  }
  assert.throws(() => require('..').call('lyra.sign'), TypeError);
});

test('fields cross packed into one string, and every shape the packing cannot carry still works', () => {
  const cpay = require('..');
  const viaCall = (fields) => cpay.call('lyra.sign', { fields, key: KEY }).signature;
  // A NUL inside a value or a name: the packed pairs do not split back, the object itself is read.
  for (const odd of [{ ...DOC, vads_order_info: 'a\0b' }, { ...DOC, 'vads_x\0y': 'z' }, { ...DOC, vads_cust_name: '\0' }]) {
    assert.equal(lyra.sign(odd, KEY), viaCall(odd));
    assert.equal(lyra.verify({ ...odd, signature: viaCall(odd) }, KEY), true);
  }
  // Non-ASCII, separators and empty values pack like any other text.
  const text = { ...DOC, vads_cust_name: 'Zoë Ærø — 日本', vads_order_info: '', vads_cust_address: 'a+b=c&d' };
  assert.equal(lyra.sign(text, KEY), viaCall(text));
  assert.equal(lyra.sign({}, KEY), viaCall({}));
  // Inherited enumerable properties count, as they always did (the object is read like for...in).
  const inherited = Object.assign(Object.create({ vads_amount: '5124' }), { ...DOC, vads_amount: undefined });
  delete inherited.vads_amount;
  assert.equal(lyra.sign(inherited, KEY), lyra.sign(DOC, KEY));
  // A value that is not a string is still a TypeError, wherever it sits.
  for (const bad of [{ ...DOC, vads_amount: undefined }, { ...DOC, vads_x: 1 }, { vads_x: new String('a') }]) {
    assert.throws(() => lyra.sign(bad, KEY), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
    assert.throws(() => lyra.verify({ ...bad, signature: 'x' }, KEY), TypeError);
  }
  assert.equal(typeof lyra.signPacked, 'undefined', 'the packed entry points stay internal');
});

test('form: the vector form, with options', () => {
  const { form, html } = lyra.form(FORM.input.config, FORM.input.payment);
  assert.equal(form.fields.signature, FORM.output.form.fields.signature);
  assert.equal(form.method, 'POST');
  assert.match(html, /name="vads_trans_id" value="/);
  assert.doesNotMatch(html, /<script/i);
  const auto = lyra.form(FORM.input.config, FORM.input.payment, { autoSubmit: true, submitLabel: 'Go' });
  assert.notEqual(auto.html, html);
  assert.match(auto.html, /Go/);
});

test('form: a Cpay rule broken is a NotAllowedError naming the vads_ field; the key is never echoed', () => {
  assert.throws(() => lyra.form(FORM.input.config, { ...FORM.input.payment, currency: 'USD' }), (e) =>
    e instanceof NotAllowedError && e.field === 'vads_currency' && !e.message.includes(KEY)
    && !e.stack.includes(KEY));
});

test('form: integers above 2^32 stay integers (amounts in minor units)', () => {
  // 50 000 000.00 EUR: rejected or accepted by the core's rules, but never as a float parse error.
  try {
    lyra.form(FORM.input.config, { ...FORM.input.payment, amount: 5_000_000_000 });
  } catch (e) {
    assert.ok(!/floating point/.test(e.message), e.message);
  }
  assert.throws(() => lyra.form(FORM.input.config, { ...FORM.input.payment, amount: 29.9 }),
    (e) => e instanceof InvalidValueError);
});

test('notification: raw body or decoded fields, same outcome', () => {
  const { outcome, reply } = lyra.notification(IPN.input.config, IPN.input.body, IPN.input.expected);
  assert.equal(outcome.status, 'accepted');
  assert.equal(outcome.idempotency_key, 'lyra:9f3c2a1b4d5e6f708192a3b4c5d6e7f8');
  assert.equal(outcome.amount, 2990);
  assert.equal(reply.status, 200);
  const fields = Object.fromEntries(new URLSearchParams(IPN.input.body));
  assert.deepEqual(lyra.notification(IPN.input.config, fields).outcome, outcome);
});

test('notification: a rejected one carries the reply to give', () => {
  const tampered = IPN.input.body.replace('vads_amount=2990', 'vads_amount=2991');
  assert.throws(() => lyra.notification(IPN.input.config, tampered), (e) => e instanceof SignatureMismatchError
    && e.reply.status === 400 && e.reply.body.startsWith('KO'));
  assert.throws(() => lyra.notification(IPN.input.config, IPN.input.body, { order_id: 'OTHER' }),
    (e) => e instanceof WrongOrderError && e.reply.status === 400);
  assert.throws(() => lyra.notification(IPN.input.config, 'vads_amount=%ZZ'), (e) => e instanceof CpayError);
});

test('transId and restAnswer unwrap their single value', () => {
  assert.equal(lyra.transId(362812), '362812');
  const ok = vectorCase('lyra.json', 'REST success envelope');
  assert.deepEqual(lyra.restAnswer(ok.input.response), require('..').call('lyra.rest_answer', ok.input).answer);
});
