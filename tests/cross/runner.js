// The Node runner of the cross-language test (tests/cross/driver.py): `call(op, obj)` of the cpay package on
// every case. First line: the error table; then for each stdin line "op<TAB>input_json" one line {"output": …}
// or {"error": {code, number, field}}. Prints {"skip": reason} when the addon cannot be loaded.
'use strict';
const path = require('path');
const fs = require('fs');

let cpay;
try {
  cpay = require(path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'bindings-node')));
} catch (e) {
  console.log(JSON.stringify({ skip: `cannot load the Node package (${e.message.split('\n')[0]})` }));
  process.exit(0);
}

function errorTable() {
  return Object.entries(cpay.ERROR_CODES).map(([name, number]) => (
    { name, number, verification_failure: cpay.VERIFICATION_FAILURES.has(name) }
  ));
}

const lines = [JSON.stringify({ errors: errorTable() })];
for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  const tab = line.indexOf('\t');
  let result;
  try {
    result = { output: cpay.call(line.slice(0, tab), JSON.parse(line.slice(tab + 1))) };
  } catch (e) {
    result = e instanceof cpay.CpayError
      ? { error: { code: e.code, number: e.number, field: e.field ?? null } }
      : { error: { code: `not a CpayError: ${e && e.name}: ${e && e.message}`, number: null, field: null } };
  }
  lines.push(JSON.stringify(result));
}
process.stdout.write(lines.join('\n') + '\n');
