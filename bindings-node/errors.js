'use strict';
// The error classes cpay throws, and the conversion of the native addon's errors into them.
//
// The addon reports a core error as an Error whose message is `{"cpay_error": {code, number, field,
// message, gateway_code, reply?}}` (see src/error.rs); `convert` rebuilds a typed error from it. One class
// per stable code, named after it (signature_mismatch → SignatureMismatchError), so `instanceof` works
// as well as comparing `err.code`. The codes that mean "forged or misrouted" share VerificationError.

/** Every error cpay throws. */
class CpayError extends Error {
  constructor(detail) {
    super(detail.message);
    this.name = this.constructor.name;
    this.code = detail.code;
    this.number = detail.number;
    this.field = detail.field ?? null;
    this.gatewayCode = detail.gateway_code ?? null;
    if (detail.reply !== undefined) this.reply = detail.reply;
  }
}

/** The message may be forged or misrouted (signature, shop, mode, order). */
class VerificationError extends CpayError {}

const VERIFICATION = new Set(['signature_missing', 'signature_mismatch', 'wrong_shop', 'wrong_mode', 'wrong_order']);

/** `signature_mismatch` → `SignatureMismatchError`; `gateway_error` → `GatewayError`. */
function className(code) {
  const name = code.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return name.endsWith('Error') ? name : `${name}Error`;
}

/** One subclass per code in `codes` (the core's table) plus `panic`. */
function makeClasses(codes) {
  const byCode = new Map();
  for (const code of [...codes, 'panic']) {
    const base = VERIFICATION.has(code) ? VerificationError : CpayError;
    // A named class expression, so stack traces and `err.name` show e.g. SignatureMismatchError.
    const cls = { [className(code)]: class extends base {} }[className(code)];
    byCode.set(code, cls);
  }
  return byCode;
}

const MARKER = '{"cpay_error":';

/** Turn an error thrown by the addon into a CpayError subclass; other errors are returned unchanged. */
function convert(error, byCode) {
  if (!(error instanceof Error) || typeof error.message !== 'string' || !error.message.startsWith(MARKER)) {
    return error;
  }
  let detail;
  try {
    detail = JSON.parse(error.message).cpay_error;
  } catch {
    return error;
  }
  const cls = byCode.get(detail.code) ?? CpayError;
  return new cls(detail);
}

module.exports = { CpayError, VerificationError, makeClasses, convert };
