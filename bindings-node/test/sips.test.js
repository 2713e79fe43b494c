'use strict';
// sips.*: public seal vectors (Odoo's test response, RFC 4231) through the native primitive, Data
// building and decoding, responses raw or decoded, bad inputs as typed errors naming the field, and every
// sips vector through the typed functions.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sips, UnsupportedAlgorithmError, InvalidFormatError, NotAllowedError, SignatureMismatchError,
  SignatureMissingError, WrongOrderError, VerificationError, MalformedError } = require('..');
const { typedVectors } = require('./typed.js');
const { vectorCase } = require('./helpers.js');

typedVectors(test, 'sips');

const ODOO = vectorCase('sips.json', 'Odoo test response is accepted').input;
const ODOO_BODY = vectorCase('sips.json', 'the same as a url-encoded POST body').input;
const ODOO_SEAL = vectorCase('sips.json', 'Odoo test response, SHA-256(Data + secret)');
const FORM = vectorCase('sips.json', 'Cpay payment, HMAC-SHA-256').input;

test('public vectors: RFC 4231 case 2 and Odoo\'s test response', () => {
  const rfc = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
  assert.equal(sips.seal('what do ya want for nothing?', 'Jefe'), rfc);
  assert.equal(sips.seal('what do ya want for nothing?', 'Jefe', 'hmac-sha256'), rfc);
  assert.equal(sips.seal('what do ya want for nothing?', 'Jefe', 'HMAC-SHA-256'), rfc);
  assert.equal(sips.seal(ODOO_SEAL.input.data, ODOO_SEAL.input.key, 'sha256'), ODOO_SEAL.output.seal);
  assert.equal(sips.seal(ODOO.fields.Data, 'dummy_secret', 'sha256'), ODOO.fields.Seal.toLowerCase());
});

test('data and decode', () => {
  const data = sips.data({ amount: 2990, currencyCode: '978', merchantId: '002001000000001', list: ['CB', 'VISA'],
    customerContact: { email: 'me@example.com' } });
  assert.equal(data, 'amount=2990|currencyCode=978|customerContact.email=me@example.com|list=CB,VISA|merchantId=002001000000001');
  assert.deepEqual(sips.decode(data), { amount: '2990', currencyCode: '978', 'customerContact.email': 'me@example.com',
    list: 'CB,VISA', merchantId: '002001000000001' });
  assert.deepEqual(sips.decode(Buffer.from(data).toString('base64'), 'base64'), sips.decode(data));
  assert.throws(() => sips.data({ returnContext: 'a|b' }), (e) => e instanceof InvalidFormatError && e.field !== null);
  assert.throws(() => sips.decode('not base64!', 'base64'), MalformedError);
});

test('form: sealed Data; Cpay rules name the Sips key', () => {
  const { form, html } = sips.form(FORM.config, FORM.payment, { autoSubmit: true });
  assert.equal(form.fields.Seal, sips.seal(form.fields.Data, FORM.config.secret_key));
  assert.match(html, /<script|onload/i);
  assert.throws(() => sips.form(FORM.config, { ...FORM.payment, currency: 'USD' }),
    (e) => e instanceof NotAllowedError && e.field !== null && !e.message.includes(FORM.config.secret_key));
});

test('response: raw body and decoded fields alike; tampering and another order refused', () => {
  const outcome = sips.response(ODOO.config, ODOO.fields, ODOO.expected, { serverToServer: true });
  assert.equal(outcome.status, 'accepted');
  assert.equal(outcome.server_to_server, true);
  assert.deepEqual(sips.response(ODOO_BODY.config, ODOO_BODY.body, ODOO.expected, { serverToServer: true }), outcome);
  const tampered = { ...ODOO.fields, Data: ODOO.fields.Data.replace('amount=10000', 'amount=10001') };
  assert.throws(() => sips.response(ODOO.config, tampered), (e) => e instanceof SignatureMismatchError
    && e instanceof VerificationError && e.field !== null);
  const { Seal: _, ...unsealed } = ODOO.fields;
  assert.throws(() => sips.response(ODOO.config, unsealed), SignatureMissingError);
  assert.throws(() => sips.response(ODOO.config, ODOO.fields, { amount: 1 }), WrongOrderError);
});

test('bad inputs: typed errors naming the field; wrong JS types are TypeErrors', () => {
  assert.throws(() => sips.seal('data', 'key', 'md5'), (e) => e instanceof UnsupportedAlgorithmError && e.field === 'algo');
  for (const args of [[1, 'key'], ['data'], ['data', 'key', 256], [null, 'key']]) {
    assert.throws(() => sips.seal(...args), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  }
});
