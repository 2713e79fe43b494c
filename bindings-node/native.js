'use strict';
// The hand-written glue between the generated facade (index.js) and the native addon: loading it for this
// platform, one JSON crossing per call (or a typed one for the hot primitives, `fields` packed), the
// addon's errors rebuilt as the generated CpayError subclasses, raw bodies as text, and Computop's keyed
// Cipher with the same errors.
const fs = require('node:fs');
const path = require('node:path');

// The platforms the release publishes a prebuilt addon for, as cpay.<platform>.node inside this package
// (.github/workflows/release.yml); `make dist` on this machine builds linux-x64-gnu.
const PLATFORMS = ['linux-x64-gnu', 'linux-arm64-gnu', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];
const FROM_SOURCE = 'build it from source (needs Rust): `npm install && npm run build` in bindings-node/ of a cpay checkout';

/** This process's platform in napi-rs's naming: linux-x64-gnu, darwin-arm64, win32-x64-msvc… */
function platform() {
  const { platform: os, arch } = process;
  if (os === 'linux') return `${os}-${arch}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  return os === 'win32' ? `${os}-${arch}-msvc` : `${os}-${arch}`;
}

/** cpay.node when built from source here (`npm run build`), else this platform's prebuilt addon. */
function load() {
  const here = (name) => path.join(__dirname, name);
  if (fs.existsSync(here('cpay.node'))) return require(here('cpay.node'));
  const wanted = platform();
  if (fs.existsSync(here(`cpay.${wanted}.node`))) return require(here(`cpay.${wanted}.node`));
  const shipped = PLATFORMS.filter((p) => fs.existsSync(here(`cpay.${p}.node`)));
  throw new Error(shipped.length === 0
    ? `cpay: the native addon is not built; ${FROM_SOURCE}, or install the published package (npm install cpay), prebuilt for ${PLATFORMS.join(', ')}.`
    : `cpay: no prebuilt addon for ${wanted}; this package supports ${shipped.join(', ')}. On ${wanted}, ${FROM_SOURCE}.`);
}

/**
 * `node native.js`, the package's install script: installed as a dependency, fail now with load()'s
 * sentence rather than at the first require. In the checkout itself (its own `npm install`/`npm ci`), the
 * addon is built afterwards, so nothing is checked.
 */
function installCheck() {
  try {
    if (path.resolve(process.env.npm_config_local_prefix || '') !== __dirname) load();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  process.exit(0);
}

const native = require.main === module ? installCheck() : load();
const { CpayError, fromDetail } = require('./errors.js');

const MARKER = '{"cpay_error":';

/**
 * The addon's error as a CpayError subclass (its message is the core error's JSON behind MARKER); any
 * other error it throws is napi-rs refusing a JS argument of the wrong type, a TypeError.
 */
function rebuilt(error) {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(MARKER)) return fromDetail(JSON.parse(message).cpay_error);
  return Object.assign(new TypeError(message, { cause: error }), { code: 'ERR_INVALID_ARG_TYPE' });
}

/** Run the core operation `op` on `input` (a plain value shaped as its JSON schema): its result. */
function call(op, input) {
  const text = JSON.stringify(input);
  if (typeof text !== 'string') throw new TypeError(`cpay: the input of ${op} must be a JSON value`);
  let output;
  try {
    output = native.callJson(String(op), text);
  } catch (error) {
    throw rebuilt(error);
  }
  return JSON.parse(output);
}

/** Whether a string is free of lone surrogates (the UTF-8 the addon receives is then the same text). */
const wellFormed = String.prototype.isWellFormed
  ? (value) => value.isWellFormed()
  : (value) => !/[\uD800-\uDFFF]/.test(value);

/** Whether `value` is a string the addon's typed functions read exactly as `call` would. */
function isText(value) {
  return typeof value === 'string' && wellFormed(value);
}

/** Whether `options` holds nothing but the keys `names`, each a string (`isText`) or undefined. */
function textOptions(options, names) {
  if (options === null || typeof options !== 'object') return false;
  for (const name in options) {
    const value = options[name];
    if (value !== undefined && !(names.includes(name) && isText(value))) return false;
  }
  return true;
}

// packFields writes the UTF-8 of the packed fields here, one buffer reused by every call (the addon reads it
// synchronously, before anything else can), so the crossing allocates nothing; grown on demand up to
// PACKED_MAX_CHARS × 3 bytes (UTF-8 needs at most 3 bytes per UTF-16 unit). Larger fields go to `call`.
const PACKED_MAX_CHARS = 64 * 1024;
const encoder = new TextEncoder();
let packedBytes = new Uint8Array(16 * 1024);

/**
 * `fields` packed for the addon's typed functions: `{ bytes, length, count }`, the first `length` bytes of
 * `bytes` being the UTF-8 of `name\0value\0…` for its `count` fields; or undefined when the object is not
 * one the packing carries exactly as `JSON.stringify` would — a plain object (own enumerable names, as
 * `Object.keys` and `JSON.stringify` read them) whose values are all strings, free of lone surrogates.
 * Packing costs a fraction of `JSON.stringify` and the addon splits it without parsing; a NUL inside a name
 * or value makes the addon answer null instead.
 */
function packFields(fields) {
  if (fields === null || typeof fields !== 'object') return undefined;
  const prototype = Object.getPrototypeOf(fields);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const names = Object.keys(fields);
  let text = '';
  for (let i = 0; i < names.length; i++) {
    const value = fields[names[i]];
    if (typeof value !== 'string') return undefined;
    text += names[i] + '\0' + value + '\0';
  }
  if (text.length > PACKED_MAX_CHARS || !wellFormed(text)) return undefined;
  if (packedBytes.length < text.length * 3) packedBytes = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, packedBytes);
  return { bytes: packedBytes, length: written, count: names.length };
}

/**
 * Run the addon's typed function `fn` (a hot primitive's, see index.js): its errors are `call`'s. It
 * answers null when its packed `fields` do not split back into their pairs; the caller then uses `call`.
 */
function typed(fn, a, b, c, d, e, f, g) {
  try {
    return fn(a, b, c, d, e, f, g);
  } catch (error) {
    throw rebuilt(error);
  }
}

/** `call` for a `<gateway>.notification`: a CpayError it throws carries `reply`, the core's answer for it. */
function notify(op, input) {
  try {
    return call(op, input);
  } catch (error) {
    if (error instanceof CpayError) {
      error.reply = call('reply.rejected', { code: error.code, message: error.message, field: error.field ?? undefined });
    }
    throw error;
  }
}

/** A raw received body as text: a string as is, a Buffer or Uint8Array decoded as UTF-8. */
function text(body) {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return body;
}

/** computop.Cipher with its errors as CpayError subclasses (see index.d.ts). */
class Cipher {
  #native;

  constructor(key) {
    try {
      this.#native = new native.Cipher(key);
    } catch (error) {
      throw rebuilt(error);
    }
  }

  encrypt(plaintext) {
    try {
      return this.#native.encrypt(plaintext);
    } catch (error) {
      throw rebuilt(error);
    }
  }

  decrypt(data, len) {
    try {
      return this.#native.decrypt(data, len);
    } catch (error) {
      throw rebuilt(error);
    }
  }
}

const { operations, version, errorCodes } = native;
module.exports = {
  call, notify, text, Cipher, operations, version, errorCodes, native, rebuilt, typed, isText, textOptions, packFields,
};
