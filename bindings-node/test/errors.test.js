'use strict';
// Errors: one class per code of the core's table with its number, a class tree from the table's number
// blocks, `isVerificationFailure` from the table, the fields of a real error, the `reply` every
// notification function attaches (400 forged, 500 internal), a caught panic as `internal`/7902.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const cpay = require('..');
const { vectorCase } = require('./helpers.js');

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'cpay.schema.json'), 'utf8'));
const IPN = vectorCase('lyra.json', 'IPN: captured Cpay payment').input;
const FORGED = IPN.body.replace('vads_trans_status=CAPTURED', 'vads_trans_status=AUTHORISED');
const className = (code) => code.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('').replace(/(Error)?$/, 'Error');

test('the error table: the addon, the schema and the classes agree', () => {
  assert.deepEqual(cpay.errorCodes(), { ...cpay.ERROR_CODES });
  for (const row of SCHEMA.errors) {
    const Class = cpay[className(row.name)];
    assert.equal(typeof Class, 'function', row.name);
    const e = new Class({ code: row.name, number: row.number, message: 'm' });
    assert.ok(e instanceof cpay.CpayError && e instanceof Error);
    assert.equal(e.name, className(row.name));
    assert.equal(e.number, cpay.ERROR_CODES[row.name]);
    assert.equal(e.isVerificationFailure, row.verification_failure, row.name);
  }
});

test('the class tree follows the number blocks', () => {
  assert.ok(new cpay.UnexpectedResponseError({ code: 'unexpected_response' }) instanceof cpay.GatewayError);
  assert.ok(new cpay.SignatureMismatchError({ code: 'signature_mismatch' }) instanceof cpay.VerificationError);
  assert.ok(new cpay.MissingFieldError({ code: 'missing_field' }) instanceof cpay.InputError);
  assert.ok(new cpay.NotEligibleError({ code: 'not_eligible' }) instanceof cpay.RuleError);
  assert.ok(!(new cpay.GatewayError({ code: 'gateway_error' }) instanceof cpay.VerificationError));
  assert.equal(Object.getPrototypeOf(cpay.InternalError), cpay.CpayError);
});

test('a real error: code, number, field, message', () => {
  assert.throws(() => cpay.lyra.sign({ vads_amount: '100' }, ''), (e) => e instanceof cpay.InvalidKeyError
    && e instanceof cpay.InputError && e.code === 'invalid_key' && e.number === 7108 && e.field === 'key'
    && !e.isVerificationFailure && e.reply === undefined);
  assert.throws(() => cpay.call('nope.op', {}), (e) => e.code === 'invalid_value' && e.field === 'operation');
  assert.throws(() => cpay.call('lyra.sign', 10n), TypeError);
});

test('a forged notification: a VerificationError with reply 400', () => {
  assert.throws(() => cpay.lyra.notification(IPN.config, { body: FORGED, expected: IPN.expected }), (e) => {
    assert.ok(e instanceof cpay.SignatureMismatchError && e.isVerificationFailure);
    assert.equal(e.number, 7201);
    assert.equal(e.reply.status, 400);
    assert.match(e.reply.body, /signature_mismatch/);
    return true;
  });
});

test('every notification function attaches reply', () => {
  for (const [gateway, run] of Object.entries({
    lyra: () => cpay.lyra.notification({}, {}),
    computop: () => cpay.computop.notification({}, ''),
    payline: () => cpay.payline.notification({}),
    ogone: () => cpay.ogone.notification({}, {}),
    sips: () => cpay.sips.notification({}, {}),
  })) {
    assert.throws(run, (e) => e instanceof cpay.CpayError && e.reply?.status === 400, gateway);
  }
});

test('a caught panic: InternalError internal/7902, reply 500, the process goes on', () => {
  const { native, rebuilt } = require('../native.js');
  assert.equal(typeof native.panicForTest, 'function', 'build with `npm run build:test`');
  assert.throws(() => {
    try {
      native.panicForTest();
    } catch (error) {
      throw rebuilt(error);
    }
  }, (e) => e instanceof cpay.InternalError && e.code === 'internal' && e.number === 7902 && !e.isVerificationFailure);
  const reply = cpay.reply.rejected('internal', 'a bug');
  assert.equal(reply.status, 500);
  assert.equal(cpay.lyra.sign({ vads_a: 'b' }, 'k').length, 44);
});

test('a raw body as string, Buffer or Uint8Array: the same result', () => {
  const want = cpay.lyra.notification(IPN.config, { body: IPN.body, expected: IPN.expected });
  for (const body of [Buffer.from(IPN.body), new TextEncoder().encode(IPN.body)]) {
    assert.deepEqual(cpay.lyra.notification(IPN.config, { body, expected: IPN.expected }), want);
  }
  assert.equal(want.reply.status, 200);
});
