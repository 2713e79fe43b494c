'use strict';
// The hand-written glue between the generated facade (index.js) and the native addon (cpay.node, built
// from src/ by `npm run build`): one JSON crossing per call (or a typed one for the hot primitives), the addon's errors rebuilt as the generated
// CpayError subclasses, raw bodies as text, and Computop's keyed Cipher with the same errors.

const native = require('./cpay.node');
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

/** Run the addon's typed function `fn` (a hot primitive's, see index.js): its errors are `call`'s. */
function typed(fn, a, b, c, d, e) {
  try {
    return fn(a, b, c, d, e);
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
  call, notify, text, Cipher, operations, version, errorCodes, native, rebuilt, typed, isText, textOptions,
};
