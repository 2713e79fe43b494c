'use strict';
// The generated facade: every golden vector whose input is an object also runs through its camelCase
// function (required keys positional in the schema's order, the rest as the options object), with the
// same result (a single-property result unwrapped) or the same error; every operation has a function and
// is covered.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const cpay = require('..');
const { vectorFiles, isSubset } = require('./helpers.js');

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'cpay.schema.json'), 'utf8'));
const OPS = new Map(SCHEMA.operations.map((op) => [op.name, op]));
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function facade(name) {
  const [gateway, verb] = name.split('.');
  return cpay[gateway][camel(verb)];
}

/** Run a vector input through the facade: `[result as the operation's output, or the error]`. */
function viaFacade(name, input) {
  const op = OPS.get(name);
  const required = op.input.required ?? [];
  const options = Object.fromEntries(Object.entries(input).filter(([k]) => !required.includes(k)));
  const props = Object.keys(op.output.properties ?? {});
  const result = facade(name)(...required.map((k) => input[k]), options);
  return props.length === 1 && (op.output.required ?? []).length === 1 ? { [props[0]]: result } : result;
}

test('every operation has its function, and nothing else is exported per namespace', () => {
  assert.deepEqual([...OPS.keys()], cpay.operations());
  for (const name of OPS.keys()) assert.equal(typeof facade(name), 'function', name);
  for (const gateway of new Set([...OPS.keys()].map((n) => n.split('.')[0]))) {
    const extra = Object.keys(cpay[gateway]).filter((f) => !OPS.has(`${gateway}.${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`));
    assert.deepEqual(extra, gateway === 'computop' ? ['Cipher'] : [], gateway);
  }
});

const covered = new Set();
for (const { file, cases } of vectorFiles()) {
  test.describe(file, () => {
    for (const c of cases.filter((v) => v.input !== null && typeof v.input === 'object' && !Array.isArray(v.input))) {
      test(c.name, () => {
        covered.add(c.op);
        if ('output' in c) {
          const actual = viaFacade(c.op, c.input);
          assert.ok(isSubset(c.output, actual), `got ${JSON.stringify(actual).slice(0, 600)}`);
        } else {
          assert.throws(() => viaFacade(c.op, c.input), (e) => {
            assert.ok(e instanceof cpay.CpayError, `not a CpayError: ${e}`);
            assert.ok(isSubset(c.error, { code: e.code, field: e.field, message: e.message, gateway_code: e.gatewayCode }));
            return true;
          });
        }
      });
    }
  });
}

// The operations no vector calls with a valid input yet: the facade and `call` give the same answer.
const REST = { platform: 'sogecommerce', site_id: '12345678', mode: 'TEST', test_key: '1122334455667788', rest_password: 'testpassword_DEMO' };
const UUID = '9f3c2a1b4d5e6f708192a3b4c5d6e7f8';
const PAYLINE = vectorFiles().find((v) => v.file === 'payline.json').cases.find((c) => c.op === 'payline.notification' && c.output);
const EXTRA = {
  'lyra.cancel': { config: REST, uuid: UUID, comment: 'out of stock' },
  'lyra.capture': { config: REST, uuid: UUID },
  'lyra.status': { config: REST, uuid: UUID },
  'payline.status_answer': PAYLINE.input,
  'reply.rejected': { code: 'wrong_order', message: 'not this order', field: 'vads_order_id' },
};
for (const [name, input] of Object.entries(EXTRA)) {
  test(`${name} through its function`, () => {
    covered.add(name);
    assert.deepEqual(viaFacade(name, input), cpay.call(name, input));
  });
}

test('every operation is covered by a vector through its function', () => {
  const missing = [...OPS.keys()].filter((name) => !covered.has(name));
  assert.deepEqual(missing, []);
});
