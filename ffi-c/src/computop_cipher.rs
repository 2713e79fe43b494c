//! A Computop Blowfish cipher keyed once and reused: `cpay_computop_cipher_*`.
//!
//! [`cpay_computop_encrypt`](crate::computop::cpay_computop_encrypt) and its decrypt twin run the Blowfish
//! key schedule (521 block encryptions, most of each call's time) on every call. A long-lived process that
//! encrypts or decrypts many messages under one password keys a `cpay_computop_cipher` once instead, and
//! gets the same bytes. The cipher holds key-derived material (zeroized by `cpay_computop_cipher_free`)
//! and is immutable after creation, so one cipher may be used from several threads at once.

use crate::boundary;
use crate::computop::{check_encrypted_outs, write_encrypted};
use crate::last_error::Failure;
use crate::status::cpay_status;
use crate::strings::{check_out, input, key, null, write_out};
use cpay_core::computop::blowfish::Cipher;
use std::ffi::c_char;

/// An opaque Computop Blowfish cipher keyed with one password. Created by `cpay_computop_cipher_new`,
/// released by `cpay_computop_cipher_free`; immutable in between, so it may be shared between threads.
#[allow(non_camel_case_types)]
pub struct cpay_computop_cipher(Cipher);

/// Borrow the cipher behind a caller's pointer, refusing NULL.
///
/// # Safety
/// `cipher` must be NULL or a pointer from `cpay_computop_cipher_new`, not yet freed, for `'a`.
unsafe fn borrow<'a>(cipher: *const cpay_computop_cipher) -> Result<&'a Cipher, Failure> {
    // SAFETY: the caller's contract: NULL or a live cipher that outlives the call.
    unsafe { cipher.as_ref() }.map(|c| &c.0).ok_or_else(|| null("cipher"))
}

/// Key a cipher with the Blowfish password `key` (1 to 72 bytes), paying the key schedule once.
///
/// On `CPAY_OK`, `*out_cipher` receives a cipher owned by the caller, released with
/// `cpay_computop_cipher_free`; on failure it is not touched. `CPAY_INVALID_KEY` (field `key`) for an
/// empty or too long password.
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string valid for the call; `out_cipher` must be NULL or point
/// to writable storage for one `struct cpay_computop_cipher *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_cipher_new(
    key: *const c_char,
    out_cipher: *mut *mut cpay_computop_cipher,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above; `key` checks for NULL.
        let key = unsafe { self::key(key, "key")? };
        check_out(out_cipher, "out_cipher")?;
        let cipher = Box::new(cpay_computop_cipher(Cipher::new(&key)?));
        // SAFETY: out_cipher was checked non-NULL and the caller guarantees it is writable; ownership of the
        // allocation moves to the caller, who gives it back through cpay_computop_cipher_free.
        unsafe { *out_cipher = Box::into_raw(cipher) };
        Ok(())
    })
}

/// Encrypt `plaintext` (its UTF-8 bytes) with `cipher` exactly as `cpay_computop_encrypt` does with the
/// cipher's password: zero padding, ECB, lowercase hex.
///
/// On `CPAY_OK`, `*out_data` receives the hex `Data` (released with `cpay_string_free`) and `*out_len` the
/// `Len` to send with it; on failure neither is touched. `CPAY_TOO_LARGE` (field `Data`) for a plaintext
/// over 64 KiB.
///
/// # Safety
/// `cipher` must be NULL or a live cipher from `cpay_computop_cipher_new`; `plaintext` NULL or a
/// NUL-terminated string valid for the call; `out_data` NULL or writable storage for one `char *`,
/// `out_len` NULL or writable storage for a `size_t`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_cipher_encrypt(
    cipher: *const cpay_computop_cipher,
    plaintext: *const c_char,
    out_data: *mut *mut c_char,
    out_len: *mut usize,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above; both helpers check for NULL.
        let (cipher, plaintext) = unsafe { (borrow(cipher)?, input(plaintext, "plaintext")?) };
        check_encrypted_outs(out_data, out_len)?;
        let encrypted = cipher.encrypt(plaintext.as_bytes())?;
        // SAFETY: both out-parameters were checked non-NULL and the caller guarantees they are writable.
        unsafe { write_encrypted(encrypted, out_data, out_len) }
    })
}

/// Decrypt `data_hex` (either case) with `cipher` and cut the result after `len` characters, exactly as
/// `cpay_computop_decrypt` does with the cipher's password (UTF-8 when valid, else ISO-8859-1, returned
/// as UTF-8).
///
/// On `CPAY_OK`, `*out_plaintext` is owned by the caller and released with `cpay_string_free`. Errors:
/// `CPAY_MALFORMED` on `Data`, `CPAY_INCONSISTENT` on `Len`, `CPAY_TOO_LARGE` on `Data`.
///
/// # Safety
/// `cipher` must be NULL or a live cipher from `cpay_computop_cipher_new`; `data_hex` NULL or a
/// NUL-terminated string valid for the call; `out_plaintext` NULL or writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_cipher_decrypt(
    cipher: *const cpay_computop_cipher,
    data_hex: *const c_char,
    len: usize,
    out_plaintext: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above.
        let (cipher, data) = unsafe { (borrow(cipher)?, input(data_hex, "data_hex")?) };
        check_out(out_plaintext, "out_plaintext")?;
        let plaintext = cipher.decrypt_text(data, len)?;
        // SAFETY: out_plaintext was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_plaintext, plaintext) }
    })
}

/// Release a cipher from `cpay_computop_cipher_new`, wiping its key-derived state. NULL is accepted and
/// ignored.
///
/// # Safety
/// `cipher` must be NULL or a pointer from `cpay_computop_cipher_new`, not yet freed and not in use by
/// another thread; after the call it must not be used.
#[no_mangle]
pub unsafe extern "C" fn cpay_computop_cipher_free(cipher: *mut cpay_computop_cipher) {
    if cipher.is_null() {
        return;
    }
    boundary::infallible((), || {
        // SAFETY: `cipher` came from Box::into_raw in cpay_computop_cipher_new (the contract above) and is
        // freed once; dropping the Cipher zeroizes its state.
        drop(unsafe { Box::from_raw(cipher) });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::computop::cpay_computop_encrypt;
    use crate::strings::take_string;
    use std::ptr::{null, null_mut};

    #[test]
    fn round_trip_equals_the_one_shot_functions() {
        let mut cipher: *mut cpay_computop_cipher = null_mut();
        // SAFETY: NUL-terminated inputs; the out-parameters are locals; the cipher is freed once.
        unsafe {
            assert_eq!(cpay_computop_cipher_new(c"password".as_ptr(), &mut cipher), cpay_status::CPAY_OK);
            for text in [c"plaintext", c"MerchantID=shop&TransID=1&Amount=45000&Currency=EUR", c""] {
                let (mut data, mut len) = (null_mut(), 0);
                let status = cpay_computop_cipher_encrypt(cipher, text.as_ptr(), &mut data, &mut len);
                assert_eq!(status, cpay_status::CPAY_OK);
                let (mut one_shot, mut one_len) = (null_mut(), 0);
                let status = cpay_computop_encrypt(text.as_ptr(), c"password".as_ptr(), &mut one_shot, &mut one_len);
                assert_eq!(status, cpay_status::CPAY_OK);
                let data = take_string(data);
                assert_eq!((data.as_str(), len), (take_string(one_shot).as_str(), one_len));
                let hex = std::ffi::CString::new(data.to_uppercase()).unwrap();
                let mut plain = null_mut();
                let status = cpay_computop_cipher_decrypt(cipher, hex.as_ptr(), len, &mut plain);
                assert_eq!(status, cpay_status::CPAY_OK);
                assert_eq!(take_string(plain), text.to_str().unwrap());
            }
            cpay_computop_cipher_free(cipher);
            cpay_computop_cipher_free(null_mut());
        }
    }

    #[test]
    fn bad_inputs_leave_outputs_untouched() {
        let mut cipher: *mut cpay_computop_cipher = null_mut();
        let (mut data, mut len): (*mut c_char, usize) = (null_mut(), 77);
        // SAFETY: NUL-terminated inputs or NULL; the out-parameters are locals; the cipher is freed once.
        unsafe {
            assert_eq!(cpay_computop_cipher_new(c"".as_ptr(), &mut cipher), cpay_status::CPAY_INVALID_KEY);
            let long = std::ffi::CString::new("k".repeat(73)).unwrap();
            assert_eq!(cpay_computop_cipher_new(long.as_ptr(), &mut cipher), cpay_status::CPAY_INVALID_KEY);
            assert_eq!(cpay_computop_cipher_new(null(), &mut cipher), cpay_status::CPAY_NULL_PARAMETER);
            assert_eq!(cpay_computop_cipher_new(c"k".as_ptr(), null_mut()), cpay_status::CPAY_NULL_PARAMETER);
            assert!(cipher.is_null());
            let status = cpay_computop_cipher_encrypt(null(), c"x".as_ptr(), &mut data, &mut len);
            assert_eq!(status, cpay_status::CPAY_NULL_PARAMETER);
            assert_eq!(cpay_computop_cipher_new(c"k".as_ptr(), &mut cipher), cpay_status::CPAY_OK);
            let status = cpay_computop_cipher_encrypt(cipher, c"x".as_ptr(), &mut data, null_mut());
            assert_eq!(status, cpay_status::CPAY_NULL_PARAMETER);
            let status = cpay_computop_cipher_decrypt(cipher, c"zz".as_ptr(), 1, &mut data);
            assert_eq!(status, cpay_status::CPAY_MALFORMED);
            let status = cpay_computop_cipher_decrypt(cipher, c"14ec7a6da0fbb3e5".as_ptr(), 20, &mut data);
            assert_eq!(status, cpay_status::CPAY_INCONSISTENT);
            assert!(data.is_null() && len == 77);
            cpay_computop_cipher_free(cipher);
        }
    }
}
