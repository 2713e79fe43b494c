'use strict';
// The hot primitives' typed crossings (NATIVE in tools/generate/node.py): the generated function gives the
// operation's result or error (class, code, number, field) for every input, whichever crossing it takes,
// and takes the typed one for every plain object of strings (packed fields) with string arguments.
const test = require('node:test');
const assert = require('node:assert/strict');
const cpay = require('..');
const { native } = require('../native.js');

/** `[result or error detail, the typed function was called]` of `run()`. */
function observe(name, run) {
  const original = native[name];
  let used = false;
  native[name] = (...args) => {
    used = true;
    return original(...args);
  };
  try {
    return [{ ok: run() }, used];
  } catch (error) {
    const { code, number, field } = error;
    return [{ error: error.constructor.name, code, number, field, message: error.message.split(' at line ')[0] }, used];
  } finally {
    native[name] = original;
  }
}

/** The operation's own answer, through `call`, as the facade gives it (the single property unwrapped). */
function viaCall(op, input, property) {
  try {
    return { ok: cpay.call(op, input)[property] };
  } catch (error) {
    const { code, number, field } = error;
    return { error: error.constructor.name, code, number, field, message: error.message.split(' at line ')[0] };
  }
}

const KEY = '1122334455667788';
const ACCENTED = {
  vads_amount: '42850',
  vads_cust_first_name: 'Renée',
  'vads_cust_last_name': 'Lefèvre-d\'Aubigné',
  vads_cust_address: '12 rue de l\'Église "Le Clos" \\ bât. B / 2ᵉ étage\n\t😀',
  vads_ship_to_name: 'Ĳsbrand Øster',
  '': 'a field with an empty name',
};
/** ACCENTED without one field, deleted: V8 keeps such an object's properties in a dictionary. */
function withoutAmount() {
  const fields = { ...ACCENTED };
  delete fields.vads_amount;
  return fields;
}
const signed = (fields, algo) => ({ ...fields, signature: cpay.call('lyra.sign', { fields, key: KEY, algo }).signature });

const LYRA = [
  ['accented names and values, escapes, an empty name', ACCENTED, KEY, {}, true],
  ['sha1', ACCENTED, KEY, { algo: 'sha1' }, true],
  ['no fields', {}, KEY, {}, true],
  ['an empty key', ACCENTED, '', {}, true],
  ['an unknown algorithm', ACCENTED, KEY, { algo: 'md5' }, true],
  ['a null-prototype object', Object.assign(Object.create(null), ACCENTED), KEY, {}, true],
  ['an object with a deleted field (dictionary mode)', withoutAmount(), KEY, {}, true],
  // The addon answers null for a NUL inside a name or value (the packing cannot carry it): `call` then.
  ['a NUL inside a value', { ...ACCENTED, vads_order_info: 'a\0b' }, KEY, {}, true],
  ['a NUL inside a name', { ...ACCENTED, 'vads_\0x': 'a' }, KEY, {}, true],
  ['a NUL as a whole value and a whole name', { '\0': '\0', vads_a: '' }, KEY, {}, true],
  // What the packing does not carry goes to `call` without the addon's typed function.
  ['a value that is not a string', { ...ACCENTED, vads_amount: 42850 }, KEY, {}, false],
  ['a null value', { vads_amount: null }, KEY, {}, false],
  ['a value with toJSON', { vads_amount: { toJSON: () => '42850' } }, KEY, {}, false],
  ['fields that are a list', ['a', 'b'], KEY, {}, false],
  ['fields that are a Map', new Map([['vads_amount', '1']]), KEY, {}, false],
  ['fields that inherit a field', Object.create({ vads_amount: '1' }), KEY, {}, false],
  ['fields that are null', null, KEY, {}, false],
  ['fields that are a string', 'vads_amount=1', KEY, {}, false],
  ['fields beyond the packed size (64 Ki characters)', { vads_order_info: 'é'.repeat(70000) }, KEY, {}, false],
  ['no fields at all', undefined, KEY, {}, false],
  ['a key that is not a string', ACCENTED, 1234, {}, false],
  ['an algorithm that is null', ACCENTED, KEY, { algo: null }, false],
  ['an unknown option', ACCENTED, KEY, { algorithm: 'sha1' }, false],
  ['a key with a lone surrogate', ACCENTED, 'k\uD800', {}, false],
  ['a value with a lone surrogate', { vads_a: 'x\uDC00' }, KEY, {}, false],
  ['a name with a lone surrogate', { 'vads_\uD800': 'x' }, KEY, {}, false],
];

for (const [verb, op, property] of [['sign', 'lyra.sign', 'signature'], ['verify', 'lyra.verify', 'valid']]) {
  const cases = verb === 'sign' ? LYRA : [
    ...LYRA,
    ['a valid signature', signed(ACCENTED), KEY, {}, true],
    ['a valid sha1 signature', signed(ACCENTED, 'sha1'), KEY, { algo: 'sha1' }, true],
    ['a forged value', { ...signed(ACCENTED), vads_amount: '1' }, KEY, {}, true],
    ['an empty signature', { ...ACCENTED, signature: '' }, KEY, {}, true],
  ];
  test.describe(`lyra.${verb}`, () => {
    for (const [title, fields, key, options, typedPath] of cases) {
      test(title, () => {
        const [actual, used] = observe(`lyra${verb[0].toUpperCase()}${verb.slice(1)}`, () => cpay.lyra[verb](fields, key, options));
        assert.deepEqual(actual, viaCall(op, { ...options, fields, key }, property));
        assert.equal(used, typedPath, 'the crossing taken');
      });
    }
  });
}

test('the addon refuses packed fields that do not split back into their pairs', () => {
  const packed = (text) => {
    const bytes = new TextEncoder().encode(text);
    return [bytes, bytes.length];
  };
  const [bytes, length] = packed('vads_a\0x\0vads_b\0y\0');
  assert.equal(typeof native.lyraSign(bytes, length, 2, KEY), 'string');
  assert.equal(native.lyraSign(bytes, length, 1, KEY), null, 'more pairs than counted');
  assert.equal(native.lyraSign(bytes, length, 3, KEY), null, 'fewer pairs than counted');
  assert.equal(native.lyraSign(bytes, length - 1, 2, KEY), null, 'no final NUL');
  assert.equal(native.lyraSign(bytes, length + 1, 2, KEY), null, 'a length beyond the buffer');
  assert.equal(native.lyraSign(new Uint8Array([0x76, 0, 0xff, 0]), 4, 1, KEY), null, 'not UTF-8');
  assert.equal(native.lyraVerify(bytes, length, 0xffffffff, KEY), null, 'a huge count');
  assert.equal(native.ogoneSign(bytes, length, 3, 'p', 'sha1', 'in'), null);
});

test('lyra.verify without a signature is signature_missing, as the operation says', () => {
  const [actual, used] = observe('lyraVerify', () => cpay.lyra.verify(ACCENTED, KEY));
  assert.equal(used, true);
  assert.equal(actual.code, 'signature_missing');
  assert.deepEqual(actual, viaCall('lyra.verify', { fields: ACCENTED, key: KEY }, 'valid'));
});

test.describe('ogone.sign', () => {
  const fields = { orderID: 'CMD-42', AMOUNT: '42850', CN: 'Renée Lefèvre-d\'Aubigné "\\"', COM: 'Noël', EMAIL: '' };
  for (const [title, f, pass, algo, direction, options, typedPath] of [
    ['accented values, escapes', fields, 'Mysecretsig1875!?', 'sha512', 'in', {}, true],
    ['ISO-8859-1', fields, 'Mysecretsig1875!?', 'sha256', 'out', { charset: 'iso-8859-1' }, true],
    ['a name twice in different case', { ...fields, amount: '1' }, 'p', 'sha1', 'in', {}, true],
    ['an empty passphrase', fields, '', 'sha1', 'in', {}, true],
    ['an unknown direction', fields, 'p', 'sha1', 'up', {}, true],
    ['an unknown charset', fields, 'p', 'sha1', 'in', { charset: 'latin9' }, true],
    ['a NUL inside a value', { ...fields, COM: 'No\0l' }, 'p', 'sha1', 'in', {}, true],
    ['a value that is not a string', { AMOUNT: 1 }, 'p', 'sha1', 'in', {}, false],
    ['no algorithm', fields, 'p', undefined, 'in', {}, false],
  ]) {
    test(title, () => {
      const [actual, used] = observe('ogoneSign', () => cpay.ogone.sign(f, pass, algo, direction, options));
      const input = { ...options, fields: f, passphrase: pass, algo, direction };
      assert.deepEqual(actual, viaCall('ogone.sign', input, 'shasign'));
      assert.equal(used, typedPath);
    });
  }
});

test.describe('sips.seal', () => {
  const data = 'amount=34200|currencyCode=978|customerName=Renée Lefèvre|merchantId=002001000000001';
  for (const [title, d, key, options, typedPath] of [
    ['accented Data', data, 'secret', {}, true],
    ['legacy sha256', data, 'secret', { algo: 'sha256' }, true],
    ['an empty key', data, '', {}, true],
    ['an unknown algorithm', data, 'secret', { algo: 'md5' }, true],
    ['Data that is not a string', 42, 'secret', {}, false],
  ]) {
    test(title, () => {
      const [actual, used] = observe('sipsSeal', () => cpay.sips.seal(d, key, options));
      assert.deepEqual(actual, viaCall('sips.seal', { ...options, data: d, key }, 'seal'));
      assert.equal(used, typedPath);
    });
  }
});
