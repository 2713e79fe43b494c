// cpay's Node addon beside what a Node shop runs today: node:crypto for HMAC/SHA and egoroof-blowfish
// (OpenSSL 3 has no bf-ecb without the legacy provider) for Computop's Data. Same cases and method as
// bench/python (calibrate ~20 ms per repetition, 0.2 s warm-up, 25 repetitions interleaved, median and
// quartiles); outputs are asserted equal once before timing. The generated functions (cpay.lyra.sign …) are
// measured; the JSON says which crossing each takes (the addon's typed function, or callJson).
// Usage: node bench.mjs CASES_JSON OUT_JSON
import { createHmac, createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { Blowfish } from 'egoroof-blowfish';

const require = createRequire(import.meta.url);
const cpay = require('../../bindings-node');
const C = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { lyra: L, computop: CP, ogone: OG, sips: SP } = C;
const paths = {};

function pick(name, typed, generic, norm, want) {
  try {
    if (JSON.stringify(norm(typed())) === JSON.stringify(want)) {
      paths[name] = 'typed';
      return typed;
    }
  } catch (error) {
    if (!(error instanceof TypeError)) throw error; // missing namespace/function, or another signature
    paths[`${name}.typed_error`] = String(error.message);
  }
  assert.deepEqual(norm(generic()), want, name);
  paths[name] = 'call';
  return generic;
}

function time(fn, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t);
}

function quantile(sorted, p) {
  const i = p * (sorted.length - 1);
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

function measure(impls) {
  const counts = {};
  for (const [name, fn] of Object.entries(impls)) {
    let n = 1;
    while (time(fn, n) < 5e6) n *= 2;
    counts[name] = n * 4;
    const end = performance.now() + 200;
    while (performance.now() < end) fn();
  }
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let r = 0; r < 25; r++) {
    for (const [name, fn] of Object.entries(impls)) samples[name].push(time(fn, counts[name]) / counts[name]);
  }
  const out = {};
  for (const [name, s] of Object.entries(samples)) {
    s.sort((a, b) => a - b);
    out[name] = { median_ns: quantile(s, 0.5), q1_ns: quantile(s, 0.25), q3_ns: quantile(s, 0.75), reps: 25,
      calls_per_rep: counts[name] };
  }
  return out;
}

// ---- Lyra ----
const KEY = L.key;
function hostLyraSign(fields, key) {
  const names = Object.keys(fields).filter((k) => k.startsWith('vads_')).sort();
  const msg = names.map((k) => fields[k]).join('+') + '+' + key;
  return createHmac('sha256', key).update(msg).digest('base64');
}
function hostLyraVerify(fields, key) {
  const a = Buffer.from(hostLyraSign(fields, key));
  const b = Buffer.from(fields.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
const FINAL = { AUTHORISED: 'accepted', CAPTURED: 'accepted', REFUSED: 'refused', ABANDONED: 'cancelled' };
function hostLyraIpn(body) {
  const f = Object.fromEntries(new URLSearchParams(body));
  if (!hostLyraVerify(f, KEY)) throw new Error('signature');
  if (f.vads_site_id !== L.config.site_id || f.vads_ctx_mode !== L.config.mode) throw new Error('shop');
  if (f.vads_order_id !== L.ipn_expected.order_id || Number(f.vads_amount) !== L.ipn_expected.amount) {
    throw new Error('order');
  }
  return FINAL[f.vads_trans_status] ?? 'pending';
}

const form = cpay.lyra.form(L.config, L.payment);
const formFields = { ...form.form.fields };
delete formFields.signature;
assert.equal(Object.keys(formFields).length, 26); // the fixture has an accented address since the lyra_accented change
assert.equal(hostLyraSign(formFields, KEY), form.form.fields.signature);
const ipn = L.ipn_fields;
assert.ok(cpay.lyra.verify(ipn, KEY) && hostLyraVerify(ipn, KEY));
const body = L.ipn_body;
const notification = () => cpay.lyra.notification(L.config, { body, expected: L.ipn_expected });
assert.equal(notification().outcome.status, 'accepted');
assert.equal(hostLyraIpn(body), 'accepted');
paths.lyra_sign_25 = paths.lyra_verify_60 = paths.lyra_ipn_60 = 'typed';
// Accented names and JSON escapes (quote, backslash, apostrophe) in 25 fields: the same single JSON path.
const { fields: ACC, signature: ACC_SIG } = C.lyra_accented;
assert.equal(hostLyraSign(ACC, KEY), ACC_SIG);
assert.equal(cpay.lyra.sign(ACC, KEY), ACC_SIG);
const accSigned = { ...ACC, signature: ACC_SIG };
assert.ok(cpay.lyra.verify(accSigned, KEY) && hostLyraVerify(accSigned, KEY));
paths.lyra_sign_25_accented = paths.lyra_verify_25_accented = 'typed';
const cases = {
  lyra_sign_25: [() => cpay.lyra.sign(formFields, KEY), () => hostLyraSign(formFields, KEY)],
  lyra_sign_25_accented: [() => cpay.lyra.sign(ACC, KEY), () => hostLyraSign(ACC, KEY)],
  lyra_verify_25_accented: [() => cpay.lyra.verify(accSigned, KEY), () => hostLyraVerify(accSigned, KEY)],
  lyra_verify_60: [() => cpay.lyra.verify(ipn, KEY), () => hostLyraVerify(ipn, KEY)],
  lyra_ipn_60: [notification, () => hostLyraIpn(body)],
};

// ---- Computop ----
const { blowfish_key: BF, mac_key: MK, request_plaintext: PLAIN, request_mac_message: MSG } = CP;
const toHex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
function hostEncrypt(plaintext, key) {
  return hostEncryptWith(new Blowfish(key, Blowfish.MODE.ECB, Blowfish.PADDING.NULL), plaintext);
}
function hostEncryptWith(cipher, plaintext) {
  // Len counts characters, as Computop's reference PHP (mb_strlen) does.
  const raw = Buffer.from(plaintext, 'utf8');
  return [toHex(cipher.encode(raw)), [...plaintext].length];
}
function hostDecrypt(data, len, key) {
  const bytes = new Blowfish(key, Blowfish.MODE.ECB, Blowfish.PADDING.NULL)
    .decode(Buffer.from(data, 'hex'), Blowfish.TYPE.UINT8_ARRAY);
  return [...Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')].slice(0, len).join('');
}
const hostMac = (message, key) => createHmac('sha256', key).update(message).digest('hex').toUpperCase();
const normEnc = (v) => (Array.isArray(v) ? [v[0], Number(v[1])] : [v.data, Number(v.len)]);
const field = (k) => (v) => (typeof v === 'object' && v !== null ? v[k] : v);

const encrypt = pick('computop_encrypt', () => cpay.computop.encrypt(PLAIN, BF),
  () => cpay.call('computop.encrypt', { plaintext: PLAIN, key: BF }), normEnc, hostEncrypt(PLAIN, BF));
const mac = pick('computop_mac', () => cpay.computop.mac(MSG, MK),
  () => cpay.call('computop.mac', { message: MSG, key: MK }), field('mac'), hostMac(MSG, MK));
cases.computop_encrypt_mac = [() => [encrypt(), mac()], () => [hostEncrypt(PLAIN, BF), hostMac(MSG, MK)]];

const [NDATA, NLEN] = hostEncrypt(CP.notify_plaintext, BF);
assert.deepEqual(normEnc(cpay.call('computop.encrypt', { plaintext: CP.notify_plaintext, key: BF })), [NDATA, NLEN]);
const NBODY = `Len=${NLEN}&Data=${NDATA}`;
const NCONFIG = CP.form.config;
function hostNotify(b) {
  const outer = new URLSearchParams(b);
  const f = Object.fromEntries(new URLSearchParams(hostDecrypt(outer.get('Data'), Number(outer.get('Len')), BF)));
  const expected = Buffer.from(hostMac(`${f.PayID}*${f.TransID}*${f.mid}*${f.Status}*${f.Code}`, MK));
  const received = Buffer.from(f.MAC.toUpperCase());
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) throw new Error('mac');
  if (f.mid !== NCONFIG.merchant_id || f.TransID !== 'CMD20260042') throw new Error('order');
  return f.Code === '00000000' && f.Status === 'OK' ? 'accepted' : 'refused';
}
const notifyIn = { config: NCONFIG, body: NBODY, expected: { trans_id: 'CMD20260042' }, server_to_server: true };
assert.equal(cpay.call('computop.notification', notifyIn).outcome.status, 'accepted');
assert.equal(hostNotify(NBODY), 'accepted');
paths.computop_notify = 'call (computop.notification)';
cases.computop_notify = [() => cpay.call('computop.notification', notifyIn), () => hostNotify(NBODY)];
const decrypt = pick('computop_decrypt', () => cpay.computop.decrypt(NDATA, NLEN, BF),
  () => cpay.call('computop.decrypt', { data: NDATA, len: NLEN, key: BF }), field('plaintext'), CP.notify_plaintext);
cases.computop_decrypt_mac = [() => [decrypt(), mac()], () => [hostDecrypt(NDATA, NLEN, BF), hostMac(MSG, MK)]];
cases.computop_blowfish = [encrypt, () => hostEncrypt(PLAIN, BF)];
paths.computop_blowfish = paths.computop_encrypt;
// Blowfish with the key scheduled once: cpay's computop.Cipher and an egoroof-blowfish object, each keyed
// once and reused.
if (typeof cpay.computop.Cipher === 'function') {
  const cpayCipher = new cpay.computop.Cipher(BF);
  const hostCipher = new Blowfish(BF, Blowfish.MODE.ECB, Blowfish.PADDING.NULL);
  assert.deepEqual(normEnc(cpayCipher.encrypt(PLAIN)), hostEncryptWith(hostCipher, PLAIN));
  assert.deepEqual(hostEncryptWith(hostCipher, PLAIN), hostEncrypt(PLAIN, BF));
  paths.computop_blowfish_reused = 'typed (computop.Cipher)';
  cases.computop_blowfish_reused = [() => cpayCipher.encrypt(PLAIN), () => hostEncryptWith(hostCipher, PLAIN)];
}

// ---- Ogone SHA-OUT and Sips seal ----
const SHA_OUT = new Set(OG.sha_out_list);
function hostOgone(params, pass) {
  const up = {};
  for (const [k, v] of Object.entries(params)) if (v !== '') up[k.toUpperCase()] = v;
  let msg = '';
  for (const k of Object.keys(up).sort()) if (SHA_OUT.has(k)) msg += `${k}=${up[k]}${pass}`;
  return createHash('sha256').update(msg).digest('hex').toUpperCase();
}
const { fields: P, passphrase: PP } = OG;
assert.equal(hostOgone(P, PP), OG.shasign);
cases.ogone_sha_out_22 = [pick('ogone_sha_out_22', () => cpay.ogone.sign(P, PP, 'sha256', 'out'),
  () => cpay.call('ogone.sign', { fields: P, passphrase: PP, algo: 'sha256', direction: 'out' }),
  field('shasign'), OG.shasign), () => hostOgone(P, PP)];
const { data: D, key: SK } = SP;
const hostSeal = () => createHmac('sha256', SK).update(D).digest('hex');
assert.equal(hostSeal(), SP.seal);
cases.sips_seal = [pick('sips_seal', () => cpay.sips.seal(D, SK, { algo: 'hmac-sha256' }),
  () => cpay.call('sips.seal', { data: D, key: SK, algo: 'hmac-sha256' }), field('seal'), SP.seal), hostSeal];

// Which crossing each facade function takes (pick's "typed" only says the facade function was used).
Object.assign(paths, {
  lyra_sign_25: 'typed (lyraSign)', lyra_sign_25_accented: 'typed (lyraSign)',
  lyra_verify_60: 'typed (lyraVerify)', lyra_verify_25_accented: 'typed (lyraVerify)',
  lyra_ipn_60: 'call (lyra.notification)', ogone_sha_out_22: 'typed (ogoneSign)', sips_seal: 'typed (sipsSeal)',
});
for (const name of ['computop_encrypt', 'computop_mac', 'computop_decrypt', 'computop_blowfish']) {
  if (paths[name] === 'typed') paths[name] = 'call (facade)';
}

const results = [];
for (const [name, [ours, host]] of Object.entries(cases)) {
  for (const [impl, stats] of Object.entries(measure({ cpay: ours, host }))) {
    results.push({ case: name, impl, ...stats });
    process.stderr.write(`${name.padEnd(22)} ${impl.padEnd(5)} median ${(stats.median_ns / 1000).toFixed(2).padStart(9)} us\n`);
  }
}
const bfVersion = JSON.parse(readFileSync(new URL('./node_modules/egoroof-blowfish/package.json', import.meta.url))).version;
writeFileSync(process.argv[3], JSON.stringify({
  language: 'node', runtime: `Node ${process.version} (OpenSSL ${process.versions.openssl})`,
  cpay: require('../../bindings-node/package.json').version,
  host: { default: 'node:crypto (OpenSSL)', blowfish: `egoroof-blowfish ${bfVersion}` }, paths, results,
}, null, 1));
