'use strict';
// payline.*: the account as its own argument, answers read from SOAP bodies, bad inputs as typed errors
// naming the field, and every payline vector through the typed functions.
const test = require('node:test');
const assert = require('node:assert/strict');
const cpay = require('..');
const { payline, InvalidValueError, MissingFieldError, NotAllowedError, WrongOrderError, VerificationError,
  GatewayError, InvalidKeyError } = cpay;
const { typedVectors } = require('./typed.js');
const { vectorCase } = require('./helpers.js');

typedVectors(test, 'payline');

const WEB = vectorCase('payline.json', 'doWebPayment, Cpay cash, authorisation + capture (Basic auth = spec check value)');
const OTHER_ORDER = vectorCase('payline.json', 'details for another order (order.ref differs)').input;
const ACCOUNT_KEYS = ['merchant_id', 'access_key', 'environment', 'version'];
const account = Object.fromEntries(Object.entries(WEB.input).filter(([k]) => ACCOUNT_KEYS.includes(k)));
const order = Object.fromEntries(Object.entries(WEB.input).filter(([k]) => !ACCOUNT_KEYS.includes(k)));

test('webPayment: the same request as the flat JSON operation', () => {
  const request = payline.webPayment(account, order);
  assert.deepEqual(request, cpay.call('payline.web_payment', WEB.input));
  assert.equal(request.method, 'POST');
  assert.equal(request.headers.SOAPAction ?? request.headers.soapaction, '"doWebPayment"');
  assert.ok(!JSON.stringify(request).includes(`"${account.access_key}"`));
});

test('the account and the order stay apart: a field in the wrong one is refused by name', () => {
  assert.throws(() => payline.webPayment({ ...account, amount: 1 }, order),
    (e) => e instanceof InvalidValueError && e.field === 'amount');
  assert.throws(() => payline.webPayment(account, { ...order, merchant_id: 'x' }),
    (e) => e instanceof InvalidValueError && e.field === 'merchant_id');
  assert.throws(() => payline.webPayment('account', order), (e) => e instanceof InvalidValueError && e.field === 'account');
  assert.throws(() => payline.capture(account, [1]), (e) => e instanceof InvalidValueError && e.field === 'capture');
  const { access_key: _, ...keyless } = account;
  assert.throws(() => payline.webPayment(keyless, order), (e) => e instanceof MissingFieldError && e.field === 'access_key');
  assert.throws(() => payline.webPayment({ ...account, access_key: '' }, order), InvalidKeyError);
  assert.throws(() => payline.webPayment(account, { ...order, mode: 'NX' }), NotAllowedError);
});

test('details and outcome: the token asked about and the order expected', () => {
  const request = payline.details(account, '1aLkI8xoWWWWmQVfA2931434983528796');
  assert.match(request.body, /1aLkI8xoWWWWmQVfA2931434983528796/);
  assert.throws(() => payline.details(account, 'a token'), (e) => e instanceof cpay.CpayError && e.field !== null);
  const outcome = payline.outcome(OTHER_ORDER.body);
  assert.equal(outcome.gateway, 'payline');
  assert.equal(outcome.status, 'accepted');
  assert.throws(() => payline.outcome(OTHER_ORDER.body, OTHER_ORDER.token, OTHER_ORDER.expected),
    (e) => e instanceof WrongOrderError && e instanceof VerificationError && e.field !== null);
});

test('notification: what to call next; another order\'s token refused', () => {
  const query = 'notificationType=WEBTRS&token=1aLkI8xoWWWWmQVfA2931434983528796';
  assert.deepEqual(payline.notification(query), cpay.call('payline.notification', { query }));
  assert.equal(payline.notification(query, '1aLkI8xoWWWWmQVfA2931434983528796').next_call, 'getWebPaymentDetails');
  assert.throws(() => payline.notification(query, '2bQpR7zzYYYYnQVfA2931434983528000'),
    (e) => e instanceof WrongOrderError && e.field === 'token');
  assert.throws(() => payline.notification('notificationType=WEBTRS'), (e) => e instanceof MissingFieldError);
});

test('answers: a SOAP fault is a GatewayError; wrong JS types are TypeErrors', () => {
  const fault = vectorCase('payline.json', 'SOAP fault').input.body;
  assert.throws(() => payline.webPaymentAnswer(fault), GatewayError);
  assert.throws(() => payline.captureAnswer(fault), GatewayError);
  assert.throws(() => payline.refundAnswer(42), TypeError);
  assert.throws(() => payline.details(account, 42), TypeError);
});
