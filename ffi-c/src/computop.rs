//! Computop's typed functions (Paygate, Axepta): the raw Blowfish `Data` encoding and the HMAC MAC.
//!
//! They call the core's primitives ([`cpay_core::computop::blowfish`], [`cpay_core::computop::mac`])
//! directly, with no JSON in between. The checked paths (the FullCB form, notification and refund) are
//! reached through `cpay_call` (`computop.form`, `computop.notification`, …).

use crate::boundary;
use crate::last_error::Failure;
use crate::status::cpay_status;
use crate::strings::{check_out, input, key, null, write_out};
use cpay_core::computop::blowfish::{self, Encrypted};
use cpay_core::computop::mac;
use std::ffi::c_char;

/// Encrypt `plaintext` (the `key=value&…` text, as its UTF-8 bytes) with the Blowfish password `key`
/// (1 to 72 bytes) as Computop's reference does: zero padding, ECB, lowercase hex. This is the raw
/// primitive: the text is not checked against FullCB's field rules.
///
/// On `CPAY_OK`, `*out_data` receives the hex `Data` (owned by the caller, released with
/// `cpay_string_free`) and `*out_len` the `Len` to send with it (the plaintext's length in characters, as
/// `mb_strlen` counts it); on failure neither is touched. `CPAY_INVALID_KEY` (field `key`) for an empty or
/// too long password. AES needs a random IV: use `cpay_call("computop.encrypt", …)` with `algorithm` and `iv`.
///
/// # Safety
/// `plaintext` and `key` must be NULL or NUL-terminated strings valid for the call; `out_data` must be
/// NULL or point to writable storage for one `char *`, `out_len` NULL or writable storage for a `size_t`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_encrypt(
    plaintext: *const c_char,
    key: *const c_char,
    out_data: *mut *mut c_char,
    out_len: *mut usize,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above; `input` and `key` check for NULL.
        let (plaintext, key) = unsafe { (input(plaintext, "plaintext")?, self::key(key, "key")?) };
        check_encrypted_outs(out_data, out_len)?;
        let encrypted = blowfish::encrypt(plaintext.as_bytes(), &key)?;
        // SAFETY: both out-parameters were checked non-NULL and the caller guarantees they are writable.
        unsafe { write_encrypted(encrypted, out_data, out_len) }
    })
}

/// Check the out-parameters of an encryption (`Data` and its `Len`) before any work is done.
pub(crate) fn check_encrypted_outs(out_data: *mut *mut c_char, out_len: *mut usize) -> Result<(), Failure> {
    check_out(out_data, "out_data")?;
    if out_len.is_null() {
        return Err(null("out_len"));
    }
    Ok(())
}

/// Hand `encrypted` to the caller. The length is written only once the string is, so a failure leaves
/// both untouched.
///
/// # Safety
/// `out_data` and `out_len` must be non-NULL (see [`check_encrypted_outs`]) and writable.
pub(crate) unsafe fn write_encrypted(
    encrypted: Encrypted,
    out_data: *mut *mut c_char,
    out_len: *mut usize,
) -> Result<(), Failure> {
    // SAFETY: the caller's contract above.
    unsafe {
        write_out(out_data, encrypted.data)?;
        *out_len = encrypted.len;
    }
    Ok(())
}

/// Decrypt `data_hex` (Blowfish hex, or AES `HEXIV-HEXCIPHERTEXT` recognised by its shape; either case) with
/// the Blowfish or AES password `key` and cut the result after `len` characters (the `Len` received with it,
/// counted as Computop's reference counts it: characters of UTF-8 text, bytes of ISO-8859-1 text), whatever
/// the padding. The text is UTF-8 when it decodes as such, else read as ISO-8859-1 (Paygate's notify), and
/// returned as UTF-8.
///
/// On `CPAY_OK`, `*out_plaintext` is owned by the caller and released with `cpay_string_free`. Errors name
/// Computop's fields: `CPAY_MALFORMED` on `Data` (not hex, not whole blocks, AES padding broken),
/// `CPAY_INCONSISTENT` on `Len` (not the length of this `Data`, or ending inside a UTF-8 character),
/// `CPAY_TOO_LARGE` on `Data`; `CPAY_INVALID_KEY` on `key`.
///
/// # Safety
/// `data_hex` and `key` must be NULL or NUL-terminated strings valid for the call; `out_plaintext` must
/// be NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_decrypt(
    data_hex: *const c_char,
    len: usize,
    key: *const c_char,
    out_plaintext: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above.
        let (data, key) = unsafe { (input(data_hex, "data_hex")?, self::key(key, "key")?) };
        check_out(out_plaintext, "out_plaintext")?;
        let plaintext = cpay_core::computop::data::decrypt_text(data, len, &key)?;
        // SAFETY: out_plaintext was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_plaintext, plaintext) }
    })
}

/// The Paygate MAC of `message` (e.g. `*TransID*MerchantID*Amount*Currency`): uppercase hex
/// HMAC-SHA-256 under the HMAC password `key` (not the Blowfish one). The raw primitive.
///
/// On `CPAY_OK`, `*out_mac` is owned by the caller and released with `cpay_string_free`.
///
/// # Safety
/// `message` and `key` must be NULL or NUL-terminated strings valid for the call; `out_mac` must be NULL
/// or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_mac(
    message: *const c_char,
    key: *const c_char,
    out_mac: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above.
        let (message, key) = unsafe { (input(message, "message")?, self::key(key, "key")?) };
        check_out(out_mac, "out_mac")?;
        let mac = mac::mac(message.as_bytes(), &key)?;
        // SAFETY: out_mac was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_mac, mac) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::take_string;

    #[test]
    fn spec_public_vectors() {
        let (mut data, mut len): (*mut c_char, usize) = (std::ptr::null_mut(), 0);
        // SAFETY: NUL-terminated inputs; the out-parameters are locals.
        let status = unsafe { cpay_computop_encrypt(c"plaintext".as_ptr(), c"password".as_ptr(), &mut data, &mut len) };
        assert_eq!(status, cpay_status::CPAY_OK);
        assert_eq!((take_string(data).as_str(), len), ("14ec7a6da0fbb3e50a84b47302443328", 9));

        let mut plain: *mut c_char = std::ptr::null_mut();
        let hex = c"14EC7A6DA0FBB3E50A84B47302443328";
        // SAFETY: as above.
        let status = unsafe { cpay_computop_decrypt(hex.as_ptr(), 9, c"password".as_ptr(), &mut plain) };
        assert_eq!(status, cpay_status::CPAY_OK);
        assert_eq!(take_string(plain), "plaintext");

        let mut mac: *mut c_char = std::ptr::null_mut();
        // SAFETY: as above.
        let status = unsafe { cpay_computop_mac(c"value".as_ptr(), c"password".as_ptr(), &mut mac) };
        assert_eq!(status, cpay_status::CPAY_OK);
        assert_eq!(take_string(mac), "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A");
    }

    #[test]
    fn bad_inputs_leave_outputs_untouched() {
        let (mut data, mut len): (*mut c_char, usize) = (std::ptr::null_mut(), 77);
        // SAFETY: NUL-terminated inputs or NULL; the out-parameters are locals.
        unsafe {
            let status = cpay_computop_encrypt(c"x".as_ptr(), c"".as_ptr(), &mut data, &mut len);
            assert_eq!(status, cpay_status::CPAY_INVALID_KEY);
            let status = cpay_computop_encrypt(c"x".as_ptr(), c"k".as_ptr(), &mut data, std::ptr::null_mut());
            assert_eq!(status, cpay_status::CPAY_NULL_PARAMETER);
            assert!(data.is_null() && len == 77);
            let status = cpay_computop_decrypt(c"zz".as_ptr(), 1, c"k".as_ptr(), &mut data);
            assert_eq!(status, cpay_status::CPAY_MALFORMED);
            let status = cpay_computop_decrypt(c"14ec7a6da0fbb3e5".as_ptr(), 20, c"k".as_ptr(), &mut data);
            assert_eq!(status, cpay_status::CPAY_INCONSISTENT);
            assert_eq!(cpay_computop_mac(c"v".as_ptr(), c"\xff".as_ptr(), &mut data), cpay_status::CPAY_INVALID_UTF8);
            assert!(data.is_null());
        }
    }
}
