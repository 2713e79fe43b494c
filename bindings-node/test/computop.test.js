'use strict';
// computop.*: the spec's public vectors through the native primitives, round trips, bad inputs as typed
// errors naming the field, and every computop vector through the typed functions.
const test = require('node:test');
const assert = require('node:assert/strict');
const { computop, CpayError, VerificationError, SignatureMismatchError, InvalidKeyError, InvalidValueError,
  MalformedError, InconsistentError, NotEligibleError, WrongOrderError } = require('..');
const { typedVectors } = require('./typed.js');
const { vectorCase } = require('./helpers.js');

typedVectors(test, 'computop');

const NOTIFY = vectorCase('computop.json', 'notify: success').input;
const FORM = vectorCase('computop.json', 'FullCB 4x form: every field, shipping differs').input;

test('spec vectors: Blowfish and HMAC', () => {
  assert.deepEqual(computop.encrypt('plaintext', 'password'), { data: '14ec7a6da0fbb3e50a84b47302443328', len: 9 });
  assert.equal(computop.decrypt('14EC7A6DA0FBB3E50A84B47302443328', 9, 'password'), 'plaintext');
  assert.equal(computop.mac('value', 'password'), '18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A');
  assert.equal(computop.mac('*TID-4453732122167114558*yourMerchantId*1234*EUR', 'mySecret'),
    '38CED807E293FC634A6C36FFAEA7BD2687038D40615781918AEF2DE7BB9A9903');
});

test('encrypt → decrypt round trip; Len counts UTF-8 bytes', () => {
  for (const text of ['', 'a', '12345678', 'MerchantID=x&TransID=é€', 'x'.repeat(1000)]) {
    for (const key of ['k', 'password', 'k'.repeat(72)]) {
      const { data, len } = computop.encrypt(text, key);
      assert.equal(len, Buffer.byteLength(text));
      assert.equal(data.length, Math.ceil(len / 8) * 16);
      assert.equal(computop.decrypt(data, len, key), text);
      if (len > 0) assert.notEqual(computop.decrypt(data, len, `${key}!`.slice(-72)), text);
    }
  }
});

test('bad keys and Data: typed errors naming the field, the key never echoed', () => {
  const secret = 'S3cr3t-blowfish-'.repeat(5); // 80 bytes: too long
  for (const key of ['', secret]) {
    assert.throws(() => computop.encrypt('plaintext', key), (e) => e instanceof InvalidKeyError
      && e.code === 'invalid_key' && e.field === 'key' && !e.message.includes(secret));
  }
  assert.throws(() => computop.mac('value', ''), (e) => e instanceof InvalidKeyError && e.field === 'mac_key');
  assert.throws(() => computop.decrypt('zz', 1, 'password'), (e) => e instanceof MalformedError && e.field === 'Data');
  assert.throws(() => computop.decrypt('14ec7a6da0fbb3e50a84b47302443328', 17, 'password'),
    (e) => e instanceof InconsistentError && e.field === 'Len');
  for (const len of [-1, 1.5, NaN, Infinity, 2 ** 40]) {
    assert.throws(() => computop.decrypt('14ec7a6da0fbb3e50a84b47302443328', len, 'password'),
      (e) => e instanceof InvalidValueError && e.field === 'len', String(len));
  }
});

test('arguments of the wrong JS type are TypeErrors', () => {
  for (const args of [[42, 'password'], ['plaintext'], ['plaintext', null], [{}, 'k']]) {
    assert.throws(() => computop.encrypt(...args), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  }
  assert.throws(() => computop.decrypt('14ec', '9', 'password'), TypeError);
  assert.throws(() => computop.mac(Buffer.from('value'), 'password'), TypeError);
});

test('form: MAC and encrypted Data; options change only the HTML', () => {
  const plain = computop.form(FORM.config, FORM.payment);
  assert.match(plain.mac, /^[0-9A-F]{64}$/);
  assert.equal(plain.form.fields.MerchantID, 'cpay_test');
  assert.equal(plain.form.fields.Len, String(Number(plain.form.fields.Len)));
  const auto = computop.form(FORM.config, FORM.payment, { autoSubmit: true, submitLabel: 'Continuer' });
  assert.deepEqual(auto.form, plain.form);
  assert.notEqual(auto.html, plain.html);
  assert.match(auto.html, /Continuer/);
  assert.throws(() => computop.form(FORM.config, { ...FORM.payment, amount: 8999 }),
    (e) => e instanceof NotEligibleError && e.field === 'Amount');
});

test('notification: outcome, serverToServer, tampering and another order', () => {
  const outcome = computop.notification(NOTIFY.config, NOTIFY.body, NOTIFY.expected, { serverToServer: true });
  assert.equal(outcome.gateway, 'computop');
  assert.equal(outcome.server_to_server, true);
  assert.match(outcome.idempotency_key, /^computop:/);
  assert.equal(computop.notification(NOTIFY.config, NOTIFY.body).server_to_server, false);
  const tampered = NOTIFY.body.replace(/Data=(.)/, (_, c) => `Data=${c === '0' ? '1' : '0'}`);
  assert.throws(() => computop.notification(NOTIFY.config, tampered), (e) => e instanceof SignatureMismatchError
    && e instanceof VerificationError && e instanceof CpayError && e.field === 'MAC');
  assert.throws(() => computop.notification(NOTIFY.config, NOTIFY.body, { trans_id: 'OTHER' }),
    (e) => e instanceof WrongOrderError && e.field === 'TransID');
  assert.throws(() => computop.notification({ ...NOTIFY.config, mac_key: 'other' }, NOTIFY.body),
    (e) => e instanceof SignatureMismatchError && !e.message.includes('hmac-pass-5678'));
});
