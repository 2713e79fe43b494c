// Two builds of the Node package on the same fixtures, in one process, interleaved: for a before/after that
// does not depend on how fast the machine (or the host implementation) was on another day.
// Usage: node bench/tools/compare_node_builds.mjs OLD_PACKAGE_DIR NEW_PACKAGE_DIR [CASES_JSON]
// e.g. OLD = bindings-node of a worktree at f128d46 (the report before the registry rework), built with
// `npm ci && npm run build`; NEW = this checkout's bindings-node after `npm run build`. Each row prints both
// builds' median time per call and their ratio to node:crypto (25 repetitions of ~20 ms, as bench/node).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const [oldDir, newDir, casesPath = new URL('../cases.json', import.meta.url).pathname] = process.argv.slice(2);
if (!oldDir || !newDir) throw new Error('usage: compare_node_builds.mjs OLD_PACKAGE_DIR NEW_PACKAGE_DIR [CASES_JSON]');
const builds = { old: require(path.resolve(oldDir)), new: require(path.resolve(newDir)) };
const C = JSON.parse(readFileSync(casesPath, 'utf8'));
const { lyra: L, ogone: OG, sips: SP } = C;
const KEY = L.key;
const form = { ...builds.new.lyra.form(L.config, L.payment).form.fields };
delete form.signature;
const accented = C.lyra_accented.fields;
const accentedSigned = { ...accented, signature: C.lyra_accented.signature };

function hostSign(fields, key) {
  const names = Object.keys(fields).filter((k) => k.startsWith('vads_')).sort();
  return createHmac('sha256', key).update(names.map((k) => fields[k]).join('+') + '+' + key).digest('base64');
}
function hostVerify(fields, key) {
  const a = Buffer.from(hostSign(fields, key));
  const b = Buffer.from(fields.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
// The Sips seal took its algorithm positionally before the registry rework, in an options object after:
// the style a build accepts is found once, not per call.
const seal = (cpay) => {
  try {
    cpay.sips.seal(SP.data, SP.key, { algo: 'hmac-sha256' });
    return () => cpay.sips.seal(SP.data, SP.key, { algo: 'hmac-sha256' });
  } catch {
    return () => cpay.sips.seal(SP.data, SP.key, 'hmac-sha256');
  }
};
const rows = {
  'Lyra sign, form (26 fields)': [(c) => () => c.lyra.sign(form, KEY), () => hostSign(form, KEY)],
  'Lyra sign, 25 accented': [(c) => () => c.lyra.sign(accented, KEY), () => hostSign(accented, KEY)],
  'Lyra verify, 25 accented': [(c) => () => c.lyra.verify(accentedSigned, KEY), () => hostVerify(accentedSigned, KEY)],
  'Lyra verify, 60-field IPN': [(c) => () => c.lyra.verify(L.ipn_fields, KEY), () => hostVerify(L.ipn_fields, KEY)],
  'Ogone SHA-OUT, 22 (no host)': [(c) => () => c.ogone.sign(OG.fields, OG.passphrase, 'sha256', 'out'), null],
  'Sips seal': [seal, () => createHmac('sha256', SP.key).update(SP.data).digest('hex')],
};
for (const cpay of Object.values(builds)) {
  if (cpay.lyra.sign(form, KEY) !== hostSign(form, KEY) || !cpay.lyra.verify(accentedSigned, KEY)) {
    throw new Error('a build disagrees with node:crypto');
  }
  if (seal(cpay)() !== SP.seal || cpay.ogone.sign(OG.fields, OG.passphrase, 'sha256', 'out') !== OG.shasign) {
    throw new Error('a build disagrees with the fixtures');
  }
}

function time(fn, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t);
}
function medians(impls) {
  const counts = {};
  for (const [k, fn] of Object.entries(impls)) {
    let n = 1;
    while (time(fn, n) < 5e6) n *= 2;
    counts[k] = n * 4;
  }
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let r = 0; r < 25; r++) for (const [k, fn] of Object.entries(impls)) samples[k].push(time(fn, counts[k]) / counts[k]);
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, s.sort((a, b) => a - b)[12] / 1000]));
}
for (const [name, [make, host]] of Object.entries(rows)) {
  const m = medians({ old: make(builds.old), new: make(builds.new), ...(host ? { host } : {}) });
  const ratio = (v) => (m.host ? ` (${(v / m.host).toFixed(2)}×)` : '');
  const hostText = m.host ? `  host ${m.host.toFixed(2)} µs` : '';
  console.log(`${name.padEnd(28)} old ${m.old.toFixed(2)} µs${ratio(m.old)}  new ${m.new.toFixed(2)} µs${ratio(m.new)}${hostText}`);
}
