'use strict';
// computop.Cipher: the Blowfish keyed once. Every computop.encrypt/decrypt vector through one reused cipher
// per key, the same results as the one-shot functions, errors as CpayError subclasses, `instanceof`.
const test = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const cpay = require('..');
const { computop, CpayError, InvalidKeyError, InvalidValueError, MalformedError, InconsistentError,
  TooLargeError } = cpay;

const SPEC_DATA = '14ec7a6da0fbb3e50a84b47302443328';
const VECTORS = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'computop.json'), 'utf8'));
// AES vectors (algorithm 'aes', or AES-shaped Data 'IV-ciphertext') are not for the Blowfish cipher.
const CASES = VECTORS.cases.filter((c) => (c.op === 'computop.encrypt' || c.op === 'computop.decrypt')
  && c.input.algorithm !== 'aes' && !(c.input.data || '').includes('-'));

test('golden vectors through one reused cipher per key', () => {
  assert.ok(CASES.length >= 80);
  const ciphers = new Map();
  for (const c of CASES) {
    const { key } = c.input;
    let actual;
    try {
      if (!ciphers.has(key)) ciphers.set(key, (() => { try { return new computop.Cipher(key); } catch (e) { return e; } })());
      const cipher = ciphers.get(key);
      if (cipher instanceof Error) throw cipher;
      actual = c.op === 'computop.encrypt'
        ? cipher.encrypt(c.input.plaintext)
        : { plaintext: cipher.decrypt(c.input.data, c.input.len) };
    } catch (e) {
      assert.ok(c.error, `${c.name}: unexpected ${e}`);
      assert.ok(e instanceof CpayError, `${c.name}: ${e}`);
      assert.equal(e.code, c.error.code, c.name);
      if ('field' in c.error) assert.equal(e.field, c.error.field, c.name);
      continue;
    }
    assert.ok(c.output, `${c.name}: expected an error, got ${JSON.stringify(actual)}`);
    assert.deepEqual({ ...actual }, c.output, c.name);
  }
  assert.ok(ciphers.size < CASES.length, 'ciphers were reused');
});

test('the same results as computop.encrypt / decrypt, across many messages', () => {
  const cipher = new computop.Cipher('password');
  assert.deepEqual({ ...cipher.encrypt('plaintext') }, { data: SPEC_DATA, len: 9 });
  assert.equal(cipher.decrypt(SPEC_DATA.toUpperCase(), 9), 'plaintext');
  for (let n = 0; n < 60; n++) {
    const text = `MerchantID=cpay_test&TransID=CMD${n}&Ville=Créteil&`.repeat((n % 4) + 1);
    const out = cipher.encrypt(text);
    assert.deepEqual(out, computop.encrypt(text, 'password'));
    assert.equal(cipher.decrypt(out.data, out.len), text);
  }
});

test('a class: instanceof, new required, no state shown', () => {
  const cipher = new computop.Cipher('password');
  assert.ok(cipher instanceof computop.Cipher);
  assert.equal(computop.Cipher.name, 'Cipher');
  assert.throws(() => computop.Cipher('password'), TypeError);
  assert.ok(!util.inspect(cipher, { showHidden: true, depth: 5 }).includes('password'));
  assert.deepEqual(Object.keys(cipher), []);
});

test('bad keys: InvalidKeyError naming key, never echoing it', () => {
  const secret = 'S3cr3t-blowfish-'.repeat(5); // 80 bytes: too long
  for (const key of ['', secret]) {
    assert.throws(() => new computop.Cipher(key), (e) => e instanceof InvalidKeyError
      && e.code === 'invalid_key' && e.field === 'key' && !e.message.includes(secret));
  }
  assert.throws(() => new computop.Cipher(42), (e) => e instanceof TypeError && !(e instanceof CpayError));
  assert.throws(() => new computop.Cipher(), TypeError);
});

test('bad Data, Len and plaintext: typed errors naming the field; the cipher stays usable', () => {
  const cipher = new computop.Cipher('password');
  assert.throws(() => cipher.decrypt('zz'.repeat(8), 8), (e) => e instanceof MalformedError && e.field === 'Data');
  assert.throws(() => cipher.decrypt(SPEC_DATA, 17), (e) => e instanceof InconsistentError && e.field === 'Len');
  for (const len of [-1, 1.5, NaN, 2 ** 40]) {
    assert.throws(() => cipher.decrypt(SPEC_DATA, len), (e) => e instanceof InvalidValueError && e.field === 'len');
  }
  assert.throws(() => cipher.encrypt('x'.repeat(64 * 1024 + 1)), (e) => e instanceof TooLargeError && e.field === 'Data');
  assert.throws(() => cipher.encrypt(7), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  assert.throws(() => cipher.decrypt(SPEC_DATA, '9'), TypeError);
  assert.equal(cipher.decrypt(SPEC_DATA, 9), 'plaintext');
});
