'use strict';
// ogone.*: the documentation's SHASIGN examples through the native primitive, sign → response round trip,
// bad inputs as typed errors naming the field, and every ogone vector through the typed functions.
const test = require('node:test');
const assert = require('node:assert/strict');
const { ogone, UnsupportedAlgorithmError, InvalidValueError, MalformedError, InvalidFormatError,
  SignatureMismatchError, SignatureMissingError, WrongShopError, WrongOrderError, VerificationError } = require('..');
const { typedVectors } = require('./typed.js');
const { vectorCase } = require('./helpers.js');

typedVectors(test, 'ogone');

const DOC = { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: '1234', PSPID: 'MyPSPID' };
const PASS = 'Mysecretsig1875!?';
const FEEDBACK = vectorCase('ogone.json', 'documentation feedback (STATUS 9) is accepted').input;

test('documentation examples: SHA-IN and SHA-OUT', () => {
  assert.equal(ogone.sign(DOC, PASS, 'sha1', 'in'), 'F4CC376CD7A834D997B91598FA747825A238BE0A');
  const lower = Object.fromEntries(Object.entries(DOC).map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(ogone.sign({ ...lower, UNLISTED: 'x', COM: '' }, PASS, 'sha1', 'in'),
    'F4CC376CD7A834D997B91598FA747825A238BE0A');
  const out = { ACCEPTANCE: '1234', AMOUNT: '15.00', BRAND: 'VISA', CARDNO: 'xxxxxxxxxxxx1111', CURRENCY: 'EUR',
    NCERROR: '0', ORDERID: '12', PAYID: '32100123', PM: 'CreditCard', STATUS: '9' };
  assert.equal(ogone.sign(out, PASS, 'sha1', 'out'), '8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA');
  assert.equal(ogone.sign(DOC, PASS, 'SHA-256', 'in'), ogone.sign(DOC, PASS, 'sha256', 'in'));
  assert.equal(ogone.sign(DOC, PASS, 'sha512', 'in').length, 128);
  assert.equal(ogone.sign({ ...DOC, CN: 'Hélène' }, PASS, 'sha256', 'in', 'utf-8'),
    ogone.sign({ ...DOC, CN: 'Hélène' }, PASS, 'sha256', 'in'));
  assert.notEqual(ogone.sign({ ...DOC, CN: 'Hélène' }, PASS, 'sha256', 'in', 'iso-8859-1'),
    ogone.sign({ ...DOC, CN: 'Hélène' }, PASS, 'sha256', 'in'));
  // A NUL in a value cannot cross packed: the object itself is read, with the same answer as `call`.
  const odd = { ...DOC, COM: 'a\0b' };
  assert.equal(ogone.sign(odd, PASS, 'sha256', 'in'),
    require('..').call('ogone.sign', { params: odd, passphrase: PASS, algo: 'sha256', direction: 'in' }).shasign);
  assert.throws(() => ogone.sign({ ...DOC, AMOUNT: 1500 }, PASS, 'sha1', 'in'), TypeError);
});

test('sign → response: a feedback signed with the SHA-OUT passphrase is accepted, a changed one is not', () => {
  const config = { pspid: 'MyPSPID', environment: 'test', algorithm: 'sha512', sha_out_passphrase: 'out-pass' };
  const params = { orderID: 'CMD-1', amount: '29.90', currency: 'EUR', PAYID: '4242', STATUS: '5', NCERROR: '0' };
  const signed = { ...params, SHASIGN: ogone.sign(params, 'out-pass', 'sha512', 'out') };
  const outcome = ogone.response(config, signed, { order_id: 'CMD-1', amount: 2990 }, { serverToServer: true });
  assert.equal(outcome.status, 'accepted');
  assert.equal(outcome.server_to_server, true);
  assert.deepEqual(ogone.response(config, new URLSearchParams(signed).toString()).status, 'accepted');
  assert.throws(() => ogone.response(config, { ...signed, STATUS: '9' }), SignatureMismatchError);
  assert.throws(() => ogone.response(config, params), (e) => e instanceof SignatureMissingError
    && e instanceof VerificationError);
  assert.throws(() => ogone.response(config, signed, { amount: 2991 }), WrongOrderError);
  assert.throws(() => ogone.response({ ...config, pspid: 'Other' }, { ...signed, PSPID: 'MyPSPID' }), WrongShopError);
});

test('documentation feedback, raw body and decoded params alike', () => {
  const fromBody = ogone.response(FEEDBACK.config, FEEDBACK.body, FEEDBACK.expected);
  const params = Object.fromEntries(new URLSearchParams(FEEDBACK.body));
  assert.deepEqual(ogone.response(FEEDBACK.config, params, FEEDBACK.expected), fromBody);
  assert.equal(fromBody.idempotency_key, 'ogone:32100123:0');
});

test('bad inputs: typed errors naming the field, the passphrase never echoed', () => {
  assert.throws(() => ogone.sign(DOC, PASS, 'md5', 'in'), (e) => e instanceof UnsupportedAlgorithmError && e.field === 'algo');
  assert.throws(() => ogone.sign(DOC, PASS, 'sha1', 'sideways'), (e) => e instanceof InvalidValueError
    && e.field === 'direction');
  assert.throws(() => ogone.sign(DOC, PASS, 'sha1', 'in', 'ebcdic'), (e) => e instanceof InvalidValueError
    && e.field === 'charset');
  assert.throws(() => ogone.sign({ ...DOC, orderid: '1' }, PASS, 'sha1', 'in'), (e) => e instanceof MalformedError
    && e.field === 'ORDERID' && !e.message.includes(PASS));
  assert.throws(() => ogone.sign({ ...DOC, CN: 'Łukasz' }, PASS, 'sha1', 'in', 'iso-8859-1'),
    (e) => e instanceof InvalidFormatError && e.field === 'CN');
  for (const args of [[{ AMOUNT: 1500 }, PASS, 'sha1', 'in'], [DOC, PASS, 'sha1'], [DOC, 1, 'sha1', 'in'], ['DOC', PASS, 'sha1', 'in']]) {
    assert.throws(() => ogone.sign(...args), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  }
});
