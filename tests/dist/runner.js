// The installed npm package's runner for tests/dist/vectors.py (run from the project that installed it, so
// that `require('cpay')` resolves to it): its version, then `call` on each case.
'use strict';
const cpay = require('cpay');

const lines = [JSON.stringify({ version: cpay.version() })];
for (const line of require('node:fs').readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  const tab = line.indexOf('\t');
  try {
    lines.push(JSON.stringify({ output: cpay.call(line.slice(0, tab), JSON.parse(line.slice(tab + 1))) }));
  } catch (e) {
    if (!(e instanceof cpay.CpayError)) throw e;
    lines.push(JSON.stringify({ error: { code: e.code, number: e.number, field: e.field ?? null, gateway_code: e.gatewayCode } }));
  }
}
process.stdout.write(lines.join('\n') + '\n');
