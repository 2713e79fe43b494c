//! # cpay-node
//!
//! The native half of the npm package `cpay`: a napi-rs addon over `cpay-core`. It holds no payment logic
//! and no per-operation code. JS hands [`call`] an operation name and its input as JSON text (what
//! `JSON.stringify` writes, one string crossing), the core's registry serves it, and the result crosses back
//! as JSON text for `JSON.parse`. The facade functions (`lyra.sign`, `computop.notification`, …), their
//! TypeScript declarations and the error classes are generated from the registry's schema
//! (`tools/generate/node.py`); `native.js` is the JS half of this glue.
//!
//! The hot primitives (`lyra.sign`, `lyra.verify`, `ogone.sign`, `sips.seal`) also have a typed function
//! each ([`lyra_sign`], …), which the generated facade calls when every argument is a string: `fields`, a
//! plain object of strings, arrives packed by `native.js` as the UTF-8 of `name\0value\0…` in a reused
//! byte buffer, with its length and field count (no JSON to write or parse, no buffer allocated per call, and
//! every name and value is borrowed from the buffer), the other parameters are read by the core's own
//! `parse`, and the core's primitive is called, so results and errors are the operation's. Any other
//! argument goes through [`call_json`], whose errors name it; so do fields that do not split back into
//! their pairs (a NUL inside a name or value).
//!
//! Besides [`call`]: the registry's names ([`operations`]), the error table ([`error_codes`]), and
//! Computop's keyed Blowfish [`Cipher`], which keeps a key schedule across calls and so cannot be an
//! operation. Every entry point runs under [`guard`]: a core error leaves as a JS `Error` whose message
//! is the error's JSON behind a marker, and a caught panic as the core's `internal` (7902) error.
#![deny(missing_docs)]
// Under `cfg(test)` napi-derive registers nothing with Node, so every export looks unused to the compiler.
#![cfg_attr(test, allow(dead_code))]

use cpay_core::computop::blowfish;
use cpay_core::{lyra, ogone, sips};
use cpay_core::{Error, ErrorCode, Secret};
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run `f`, turning a core error, or a panic as the core's `internal` error, into a JS-bound error.
///
/// The message is `{"cpay_error": <the error's JSON>}`; `native.js` recognises the marker and throws the
/// generated `CpayError` subclass for the code. Nothing else parses it.
fn guard<T>(f: impl FnOnce() -> cpay_core::Result<T>) -> napi::Result<T> {
    let error = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => return Ok(value),
        Ok(Err(e)) => e,
        Err(_) => Error::general(
            ErrorCode::Internal,
            "internal error in the cpay addon (a Rust panic was caught); please report it",
        ),
    };
    Err(napi::Error::from_reason(format!("{{\"cpay_error\":{}}}", error.to_json())))
}

/// Run the core operation `op` on `input`, the JSON text of its input object, and return the JSON text of
/// its result. `native.js` wraps this as `call(op, input)` over plain JS values.
#[napi(js_name = "callJson")]
pub fn call_json(op: String, input: String) -> napi::Result<String> {
    guard(|| cpay_core::api::call(&op, &input))
}

/// `fields` as `native.js`'s `packFields` crosses them — the first `length` bytes of `bytes` are the UTF-8 of
/// `name\0value\0` for each of `count` fields — as (name, value) pairs borrowed from the buffer, in the
/// object's order (the primitives sort what they sign). The names are one JS object's own keys, so each is
/// there once; the facade is the only caller of the typed functions. `None` when the bytes do not split back
/// into exactly `count` pairs (a NUL inside a name or value): the facade then sends the object through
/// `callJson`, which answers as the operation does.
fn unpack(bytes: &[u8], length: u32, count: u32) -> Option<Vec<(&str, &str)>> {
    let text = std::str::from_utf8(bytes.get(..usize::try_from(length).ok()?)?).ok()?;
    let count = usize::try_from(count).ok().filter(|&count| count <= text.len() / 2)?;
    let mut fields = Vec::with_capacity(count);
    let (mut name, mut start) = (None, 0);
    for end in memchr::memchr_iter(0, text.as_bytes()) {
        let piece = text.get(start..end)?;
        start = end + 1;
        match name.take() {
            None => name = Some(piece),
            Some(name) => fields.push((name, piece)),
        }
    }
    (start == text.len() && name.is_none() && fields.len() == count).then_some(fields)
}

/// `lyra.sign`: the signature of the packed `fields` with `key`, using `algo` (the operation's default when
/// absent); `null` when `fields` does not unpack.
#[napi(js_name = "lyraSign")]
pub fn lyra_sign(
    fields: &[u8],
    length: u32,
    count: u32,
    key: String,
    algo: Option<String>,
) -> napi::Result<Option<String>> {
    let Some(fields) = unpack(fields, length, count) else { return Ok(None) };
    guard(|| {
        let algo = algo.as_deref().map_or(Ok(lyra::Algorithm::default()), lyra::Algorithm::parse)?;
        lyra::signature::sign(fields.iter().copied(), &Secret::from(key), algo).map(Some)
    })
}

/// `lyra.verify`: whether `fields.signature` matches the other packed fields; `null` when `fields` does
/// not unpack.
#[napi(js_name = "lyraVerify")]
pub fn lyra_verify(
    fields: &[u8],
    length: u32,
    count: u32,
    key: String,
    algo: Option<String>,
) -> napi::Result<Option<bool>> {
    let Some(fields) = unpack(fields, length, count) else { return Ok(None) };
    guard(|| {
        let algo = algo.as_deref().map_or(Ok(lyra::Algorithm::default()), lyra::Algorithm::parse)?;
        let received = fields.iter().find(|(name, _)| *name == "signature").map_or("", |(_, value)| *value);
        lyra::signature::verify(fields.iter().copied(), received, &Secret::from(key), algo).map(Some)
    })
}

/// `ogone.sign`: the SHASIGN of the packed `fields` with `passphrase`; `null` when `fields` does not
/// unpack.
#[napi(js_name = "ogoneSign")]
#[allow(clippy::too_many_arguments)]
pub fn ogone_sign(
    fields: &[u8],
    length: u32,
    count: u32,
    passphrase: String,
    algo: String,
    direction: String,
    charset: Option<String>,
) -> napi::Result<Option<String>> {
    use ogone::signature::{sign, Algorithm, Charset, Direction};
    let Some(fields) = unpack(fields, length, count) else { return Ok(None) };
    guard(|| {
        let (algo, direction) = (Algorithm::parse(&algo)?, Direction::parse(&direction)?);
        let charset = charset.as_deref().map_or(Ok(Charset::default()), Charset::parse)?;
        sign(fields.iter().copied(), &Secret::from(passphrase), algo, direction, charset).map(Some)
    })
}

/// `sips.seal`: the Seal of the Data text `data` with `key`.
#[napi(js_name = "sipsSeal")]
pub fn sips_seal(data: String, key: String, algo: Option<String>) -> napi::Result<String> {
    use sips::seal::{seal, SealAlgorithm};
    guard(|| {
        let algo = algo.as_deref().map_or(Ok(SealAlgorithm::default()), SealAlgorithm::parse)?;
        seal(data.as_bytes(), &Secret::from(key), algo)
    })
}

/// The names of every operation `call` serves, in registry order (`["lyra.sign", …]`).
#[napi]
pub fn operations() -> Vec<String> {
    cpay_core::api::operations().map(str::to_owned).collect()
}

/// The version of the cpay core inside this addon.
#[napi]
pub fn version() -> String {
    cpay_core::VERSION.to_owned()
}

/// The core's table of stable error codes: `{ signature_mismatch: 7201, … }` (the generated error classes
/// carry the same table; the tests compare them).
#[napi]
pub fn error_codes() -> std::collections::HashMap<String, u32> {
    ErrorCode::ALL.iter().map(|c| (c.name().to_owned(), c.number())).collect()
}

/// Encrypted `Data` and its `Len`, as posted next to `MerchantID`.
#[napi(object)]
pub struct Encrypted {
    /// Lowercase hex of the Blowfish-ECB ciphertext (zero padding).
    pub data: String,
    /// `Len`: the plaintext's length in characters (as `mb_strlen` counts it), before padding.
    pub len: u32,
}

/// A Computop Blowfish cipher keyed once with the Blowfish password: `encrypt` and `decrypt` give exactly
/// what the `computop.encrypt` / `computop.decrypt` operations give under that password, without re-running
/// the key schedule (521 block encryptions) on every call. Key-derived material stays in memory until the
/// object is garbage-collected (wiped then).
#[napi(js_name = "Cipher")]
pub struct Cipher {
    cipher: blowfish::Cipher,
}

#[napi]
impl Cipher {
    /// Key the cipher; throws `invalid_key` for an empty or too long password.
    #[napi(constructor)]
    pub fn new(key: String) -> napi::Result<Self> {
        let key = Secret::from(key);
        guard(|| Ok(Cipher { cipher: blowfish::Cipher::new(&key)? }))
    }

    /// `{data, len}` for `plaintext` (its UTF-8 bytes), as `computop.encrypt`.
    #[napi]
    pub fn encrypt(&self, plaintext: String) -> napi::Result<Encrypted> {
        guard(|| {
            let encrypted = self.cipher.encrypt(plaintext.as_bytes())?;
            // The core refuses plaintexts over 64 KiB, so the length always fits.
            let len = u32::try_from(encrypted.len)
                .map_err(|_| Error::field(ErrorCode::TooLarge, "plaintext", "the plaintext is too long"))?;
            Ok(Encrypted { data: encrypted.data, len })
        })
    }

    /// The plaintext of hex `data`, cut after `len` characters, as `computop.decrypt`.
    #[napi]
    pub fn decrypt(&self, data: String, len: f64) -> napi::Result<String> {
        guard(|| {
            // A JS number: napi would wrap -1 and cut 1.5 if asked for an integer, so it is checked here.
            if !(len.is_finite() && len >= 0.0 && len.trunc() == len && len <= f64::from(u32::MAX)) {
                return Err(Error::field(ErrorCode::InvalidValue, "len", "len must be a non-negative integer"));
            }
            // Integral and within u32, so the cast is exact.
            self.cipher.decrypt_text(&data, len as usize)
        })
    }
}

/// Panic inside the guard (built with the `test-hooks` feature only): the test suite's proof that a
/// panic reaches JS as the core's `internal` error and the process goes on.
#[cfg(feature = "test-hooks")]
#[napi]
pub fn panic_for_test() -> napi::Result<()> {
    guard(|| -> cpay_core::Result<()> { panic!("panic_for_test") })
}
