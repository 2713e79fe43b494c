'use strict';
// The package surface: CommonJS and ESM export the same things, index.d.ts declares them, panics are caught.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const cpay = require('..');

const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');

test('operations and error codes come from the core', () => {
  assert.ok(cpay.operations().includes('lyra.notification'));
  assert.equal(cpay.errorCodes().signature_mismatch, 7201);
  assert.match(cpay.version(), /^\d+\.\d+\.\d+/);
});

test('an unknown operation is an InvalidValueError on `operation`', () => {
  assert.throws(() => cpay.call('nope.sign', {}), (e) => e instanceof cpay.InvalidValueError && e.field === 'operation');
});

test('every error code has its class, declared in index.d.ts', () => {
  for (const code of [...Object.keys(cpay.errorCodes()), 'panic']) {
    const name = Object.keys(cpay).find((k) => k.endsWith('Error') && cpay[k].prototype
      && Object.prototype.isPrototypeOf.call(cpay.CpayError.prototype, cpay[k].prototype)
      && new cpay[k]({ code, message: '' }).code === code && k.toLowerCase().replace(/error$/, '')
        === code.replace(/_/g, '').replace(/error$/, ''));
    assert.ok(name, `no class for ${code}`);
    assert.match(dts, new RegExp(`export declare class ${name} extends`), name);
  }
});

test('every exported function and class is declared in index.d.ts', () => {
  for (const [name, value] of Object.entries(cpay)) {
    if (typeof value === 'function' && !name.endsWith('Error') && name !== 'panicForTest') {
      assert.match(dts, new RegExp(`export declare function ${name}\\(`), name);
    }
    if (typeof value === 'object') {
      assert.match(dts, new RegExp(`export declare namespace ${name} \\{`), name);
      for (const fn of Object.keys(value)) {
        // A capitalised member is a class (computop.Cipher), declared as such.
        const declared = /^[A-Z]/.test(fn) ? `export class ${fn} \\{` : `export function ${fn}\\(`;
        assert.match(dts, new RegExp(declared), `${name}.${fn}`);
      }
    }
  }
});

test('ESM import gives the same objects as require', async () => {
  const esm = await import('../index.mjs');
  const names = Object.keys(cpay).filter((k) => k !== 'panicForTest').sort();
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), names);
  for (const k of names) assert.equal(esm[k], cpay[k], k);
  assert.equal(esm.default, cpay);
});

test('a panic in the addon is a PanicError and the process goes on', { skip: !cpay.panicForTest && 'built without test-hooks' }, () => {
  assert.throws(() => cpay.panicForTest(), (e) => e instanceof cpay.PanicError && e.code === 'panic' && e.number === -1);
  assert.equal(cpay.lyra.transId(1), '000001');
});

test('bad inputs to call: typed errors naming the field, never a crash', () => {
  const fields = { vads_amount: '1' };
  assert.throws(() => cpay.call('lyra.sign', { fields, key: 'k', algorythm: 'sha1' }),
    (e) => e instanceof cpay.InvalidValueError && e.field === 'algorythm');
  assert.throws(() => cpay.call('lyra.sign', { fields }), (e) => e instanceof cpay.MissingFieldError && e.field === 'key');
  assert.throws(() => cpay.call('lyra.sign', 'fields'), (e) => e instanceof cpay.InvalidValueError);
  assert.throws(() => cpay.call('lyra.sign', { fields: { vads_amount: 1 }, key: 'k' }), cpay.InvalidValueError);
  assert.throws(() => cpay.call('lyra.trans_id', { counter: -1 }), cpay.InvalidValueError);
  // Inputs cross as JSON.stringify writes them: a member with no JSON form (undefined, a function) is
  // absent, so the core names it; a value JSON cannot write at all is a TypeError.
  for (const key of [undefined, () => 1]) {
    assert.throws(() => cpay.call('lyra.sign', { fields, key }), (e) => e instanceof cpay.MissingFieldError && e.field === 'key');
  }
  const cyclic = { fields, key: 'k' };
  cyclic.self = cyclic;
  for (const input of [cyclic, { fields, key: 1n }, undefined, () => 1]) {
    assert.throws(() => cpay.call('lyra.sign', input), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  }
  // Integral numbers stay integers however large; others are refused by the core, naming the field.
  assert.equal(cpay.call('lyra.trans_id', { counter: 5000000000 }).trans_id.length, 6);
  for (const counter of [1.5, 1e21, NaN]) {
    assert.throws(() => cpay.call('lyra.trans_id', { counter }), (e) => e instanceof cpay.InvalidValueError && e.field === 'counter');
  }
  assert.throws(() => cpay.call('lyra.sign', { fields: { vads_a: 'x'.repeat(5 * 1024 * 1024) }, key: 'k' }),
    (e) => e instanceof cpay.TooLargeError && e.number === 7101);
});
