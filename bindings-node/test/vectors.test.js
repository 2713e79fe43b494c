'use strict';
// Every golden vector of every gateway (tests/vectors/*.json) through `call`: the same cases the core,
// the CLI and the other bindings pass, so Node cannot drift from them.
const test = require('node:test');
const assert = require('node:assert/strict');
const cpay = require('..');
const { vectorFiles, isSubset } = require('./helpers.js');

const files = vectorFiles();

test('there are vector files with cases', () => {
  assert.ok(files.length >= 1);
  assert.ok(files.every((f) => f.cases.length > 0));
});

for (const { file, cases } of files) {
  test.describe(file, () => {
    for (const c of cases) {
      test(c.name, () => {
        assert.ok(cpay.operations().includes(c.op), `unknown op ${c.op}`);
        if ('output' in c) {
          const actual = cpay.call(c.op, c.input);
          assert.ok(isSubset(c.output, actual), `got ${JSON.stringify(actual).slice(0, 600)}`);
        } else {
          assert.throws(() => cpay.call(c.op, c.input), (e) => {
            assert.ok(e instanceof cpay.CpayError, `not a CpayError: ${e}`);
            // The error object of the vector format, in the JSON schema's names.
            const asJson = { code: e.code, field: e.field, message: e.message, gateway_code: e.gatewayCode };
            assert.ok(isSubset(c.error, asJson), `got ${JSON.stringify(asJson)}`);
            assert.equal(e.number, cpay.ERROR_CODES[e.code]);
            return true;
          });
        }
      });
    }
  });
}
