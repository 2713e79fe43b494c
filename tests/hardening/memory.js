// 1,000,000 calls through the Node addon with resident memory flat (issue 10, `make memory`).
// Half are cpay.lyra.sign, half cpay.call('lyra.notification', …) on the golden IPN; every tenth notification
// is tampered so the error path (a thrown CpayError) is looped too. RSS at start, after warm-up, at the end;
// fails when the end exceeds warm-up by more than 8 MiB (after a forced GC when --expose-gc is given).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const cpay = require(process.argv[2] || '../../bindings-node');

const CALLS = Number(process.argv[3] || 1000000);
const WARM_UP = Math.floor(CALLS / 20);
const SLACK_KIB = 8 * 1024;

function rssKib() {
  if (global.gc) global.gc();
  return Math.round(process.memoryUsage.rss() / 1024);
}

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'lyra.json'), 'utf8'));
const sign = vectors.cases.find((c) => c.op === 'lyra.sign' && c.output).input;
const ipn = vectors.cases.find((c) => c.op === 'lyra.notification' && c.output).input;
const tampered = { ...ipn, body: ipn.body.replace('vads_amount=', 'vads_amount=1') };

const start = rssKib();
let warm = null;
let errors = 0;
for (let i = 0; i < CALLS; i++) {
  if (i === WARM_UP) warm = rssKib();
  if (i % 2 === 0) {
    cpay.lyra.sign(sign.fields, sign.key);
  } else if (i % 20 === 1) {
    try {
      cpay.call('lyra.notification', tampered);
    } catch (e) {
      if (!(e instanceof cpay.CpayError)) throw e;
      errors++;
    }
  } else {
    cpay.call('lyra.notification', ipn);
  }
}
const end = rssKib();
console.log(`node: ${CALLS} calls (${errors} errors): RSS start ${start} KiB, after warm-up ${warm} KiB, end ${end} KiB`);
process.exitCode = end - warm > SLACK_KIB ? 1 : 0;
