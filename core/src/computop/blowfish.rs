//! The `Data` encoding: Blowfish ECB, byte for byte as Computop's reference PHP sample for Paygate.
//!
//! - **Encrypt**: the plaintext's UTF-8 bytes, zero-padded to a multiple of 8 (no extra block when it is
//!   already a multiple), each 8-byte block enciphered alone (ECB), lowercase hex. `Len` is the plaintext
//!   length in **characters**, as the reference counts it (`mb_strlen`): `A=é` is `Len=3` ([`super::text`]).
//! - **Decrypt**: either hex case; the deciphered bytes are cut after `Len` characters (`mb_substr`; bytes for
//!   ISO-8859-1 text) and whatever follows is ignored, so zero, space and PKCS#7 padding all decrypt the same.
//! - **Key**: the reference cycles the password over the 18 words (72 bytes) of the P-array — the standard
//!   Blowfish key schedule — and accepts 1 to 72 bytes. RustCrypto's `KeyInit` caps keys at 4..=56 bytes,
//!   so the cipher is keyed through the crate's public bcrypt-oriented entry points instead:
//!   `bc_init_state()` (the pi-derived P and S boxes) followed by `bc_expand_key(key)`, which is the very
//!   same schedule `new_from_slice` runs, without the length cap. A 1-3 byte key is therefore the key
//!   repeated (the cycle is the same), and 57-72 byte keys use the full cycle. Keys longer than 72 bytes
//!   could only be silently truncated by the schedule, and an empty key is silently replaced by a space
//!   in the reference: cpay refuses both. The vectors in `tests/vectors/computop.json` check every length
//!   from 1 to 72 against an independent reference (`tests/vectors/tools/gen_computop.py`).
//! - **Keyed once**: [`Cipher`] holds the keyed state for reuse across messages, since the key schedule
//!   costs several times the encryption of a whole request; [`encrypt`] and [`decrypt`] key one per call.

use super::text;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;
use blowfish::cipher::generic_array::GenericArray;
use blowfish::cipher::{BlockDecrypt, BlockEncrypt};
use blowfish::Blowfish;
use std::fmt;
use zeroize::Zeroizing;

/// Shortest key the reference accepts (an empty one is refused by cpay).
pub const MIN_KEY_BYTES: usize = 1;
/// Longest key the key schedule uses (18 P-array words of 4 bytes).
pub const MAX_KEY_BYTES: usize = 72;
/// The largest `Data` accepted, in hex characters (a FullCB request with every field is under 12 KiB).
pub const MAX_DATA_HEX: usize = 128 * 1024;

const BLOCK: usize = 8;

/// Encrypted `Data` and its `Len`, as sent next to `MerchantID`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopEncrypted")]
pub struct Encrypted {
    /// The ciphertext: lowercase hex (Blowfish), or uppercase `HEXIV-HEXCIPHERTEXT` (AES).
    pub data: String,
    /// `Len`: the plaintext's length in characters (bytes for a plaintext that is not UTF-8), as `mb_strlen`.
    pub len: usize,
}

/// A Blowfish cipher keyed once with a Computop password, for encrypting and decrypting many `Data`.
///
/// **Why it exists.** Keying Blowfish is the expensive part: the schedule enciphers 521 blocks to derive
/// the P-array and S-boxes, many times the work of enciphering a whole FullCB request (under 1 KiB).
/// [`encrypt`] and [`decrypt`] key a fresh cipher on every call; a process that handles many messages
/// under one password (a worker, a daemon, a batch of notifications) keys a `Cipher` once and reuses it.
/// Both give the same bytes: the free functions are this type used once.
///
/// **What it holds.** The key-derived state (P-array and S-boxes, 4 KiB) stays in memory for the
/// cipher's lifetime; from it the password's effect on every block is computable, so treat it like the
/// password itself. It lives in a single heap allocation, keyed in place (moving a `Cipher` moves only a
/// pointer), and is zeroized when the cipher is dropped (the `blowfish` crate's `zeroize` feature).
/// `Debug` prints `Cipher(***)`. The state is immutable after keying, so a `Cipher` is `Send + Sync`
/// and one instance can serve several threads.
pub struct Cipher {
    state: Box<Blowfish>,
}

impl Cipher {
    /// Key a cipher with the Blowfish password `key` (1 to 72 bytes, the schedule described in the
    /// module documentation); `invalid_key` on `key` otherwise.
    pub fn new(key: &Secret) -> Result<Cipher> {
        if key.len() < MIN_KEY_BYTES || key.len() > MAX_KEY_BYTES {
            return Err(Error::field(
                ErrorCode::InvalidKey,
                "key",
                format!(
                    "the Blowfish password must be {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes long (got {})",
                    key.len()
                ),
            ));
        }
        // The initial state is the public pi-derived constants; the key is expanded into it where it
        // will stay, so no key-derived copy is left behind by a move.
        let mut state = Box::new(Blowfish::bc_init_state());
        state.bc_expand_key(key.expose());
        Ok(Cipher { state })
    }

    /// Encrypt `plaintext` as Computop's reference does: zero padding, ECB, lowercase hex
    /// (see [`encrypt`], which this is without the key schedule).
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<Encrypted> {
        check_plaintext(plaintext)?;
        Ok(self.seal(plaintext))
    }

    /// Decrypt hex `data` (either case) and cut it after `len` characters, whatever the padding
    /// (see [`decrypt`], which this is without the key schedule).
    pub fn decrypt(&self, data: &str, len: usize) -> Result<Vec<u8>> {
        self.open(blocks(data)?, len)
    }

    /// [`decrypt_text`] with this cipher's key.
    pub fn decrypt_text(&self, data: &str, len: usize) -> Result<String> {
        Ok(to_text(self.decrypt(data.trim(), len)?))
    }

    /// Encipher `plaintext` (zero-padded) and return it as lowercase hex, in one buffer.
    ///
    /// The buffer is allocated at the hex size; the plaintext is copied into its start, enciphered in
    /// place in one tight loop (Blowfish is latency-bound: consecutive independent blocks overlap in the
    /// CPU only when nothing else sits between them), then expanded to hex in place from the end. Every
    /// plaintext byte is overwritten by ciphertext and then by hex digits, so no copy of the plaintext is
    /// left to wipe.
    fn seal(&self, plaintext: &[u8]) -> Encrypted {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let padded = plaintext.len().div_ceil(BLOCK) * BLOCK;
        let mut buffer = vec![0u8; 2 * padded];
        buffer[..plaintext.len()].copy_from_slice(plaintext);
        for block in buffer[..padded].chunks_exact_mut(BLOCK) {
            self.state.encrypt_block(GenericArray::from_mut_slice(block));
        }
        // From the end: byte i becomes digits 2i and 2i + 1, and every position above i is already read.
        for i in (0..padded).rev() {
            let byte = buffer[i];
            buffer[2 * i] = DIGITS[usize::from(byte >> 4)];
            buffer[2 * i + 1] = DIGITS[usize::from(byte & 0x0f)];
        }
        // Every byte is a hex digit, so the conversion succeeds without a copy; the fallback only keeps
        // the function total.
        let data = String::from_utf8(buffer).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Encrypted { data, len: text::len_of(plaintext) }
    }

    /// Decipher whole blocks in place and cut after `len` characters, within the last block.
    fn open(&self, mut bytes: Zeroizing<Vec<u8>>, len: usize) -> Result<Vec<u8>> {
        for block in bytes.chunks_exact_mut(BLOCK) {
            self.state.decrypt_block(GenericArray::from_mut_slice(block));
        }
        let end = text::cut(&bytes, len, BLOCK)?;
        Ok(bytes[..end].to_vec())
    }
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher(***)")
    }
}

/// Refuse a plaintext whose `Data` would exceed [`MAX_DATA_HEX`].
fn check_plaintext(plaintext: &[u8]) -> Result<()> {
    if plaintext.len() > MAX_DATA_HEX / 2 {
        return Err(Error::field(
            ErrorCode::TooLarge,
            "Data",
            format!("the plaintext is {} bytes; at most {} are accepted", plaintext.len(), MAX_DATA_HEX / 2),
        ));
    }
    Ok(())
}

/// The ciphertext bytes of hex `data`, checked to be whole blocks.
fn blocks(data: &str) -> Result<Zeroizing<Vec<u8>>> {
    if data.len() > MAX_DATA_HEX {
        return Err(Error::field(
            ErrorCode::TooLarge,
            "Data",
            format!("Data is {} characters; at most {MAX_DATA_HEX} are accepted", data.len()),
        ));
    }
    let bytes = Zeroizing::new(hex::decode(data).map_err(|_| {
        Error::field(ErrorCode::Malformed, "Data", "Data must be hexadecimal digits (an even number of them)")
    })?);
    if bytes.len() % BLOCK != 0 {
        return Err(Error::field(
            ErrorCode::Malformed,
            "Data",
            format!("Data must be whole 8-byte Blowfish blocks (got {} bytes)", bytes.len()),
        ));
    }
    Ok(bytes)
}

/// Encrypt `plaintext` as Computop's reference does: zero padding, ECB, lowercase hex.
///
/// Keys a [`Cipher`] for this one call; keep a [`Cipher`] instead to encrypt many messages under one key.
/// The plaintext is checked before the key.
pub fn encrypt(plaintext: &[u8], key: &Secret) -> Result<Encrypted> {
    check_plaintext(plaintext)?;
    Ok(Cipher::new(key)?.seal(plaintext))
}

/// Decrypt hex `data` (either case) and cut it after `len` characters, whatever the padding.
///
/// The text must end within the last block (at most 8 bytes of padding, as PKCS#7 adds to an aligned
/// plaintext); anything else means `Len` does not belong to this `Data`. `len` counts characters of UTF-8
/// text, bytes of ISO-8859-1 text, and a `len` ending inside a UTF-8 character is an error naming `Len`
/// ([`super::text`]). Keys a [`Cipher`] for this one call; the data is checked before the key.
pub fn decrypt(data: &str, len: usize, key: &Secret) -> Result<Vec<u8>> {
    let bytes = blocks(data)?;
    Cipher::new(key)?.open(bytes, len)
}

/// The plaintext of a received `Data`, as every layer reads it: surrounding whitespace trimmed (form
/// decoders and copy-paste leave it), Blowfish-decrypted, cut at `len`, read as UTF-8 or else ISO-8859-1.
pub fn decrypt_text(data: &str, len: usize, key: &Secret) -> Result<String> {
    Ok(to_text(decrypt(data.trim(), len, key)?))
}

/// Read decrypted bytes as text: UTF-8 when valid, otherwise ISO-8859-1 (every byte one character).
///
/// Paygate's notify is ISO-8859-1 while shops' own requests are UTF-8; a Latin-1 text with accented
/// letters is practically never valid UTF-8, so the choice is unambiguous in practice.
pub fn to_text(bytes: Vec<u8>) -> String {
    text::to_text(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spec_public_vector() {
        let out = encrypt(b"plaintext", &Secret::from("password")).unwrap();
        assert_eq!(out, Encrypted { data: "14ec7a6da0fbb3e50a84b47302443328".into(), len: 9 });
        let back = decrypt("14EC7A6DA0FBB3E50A84B47302443328", 9, &Secret::from("password")).unwrap();
        assert_eq!(back, b"plaintext");
    }

    #[test]
    fn short_keys_equal_the_key_repeated() {
        // The schedule cycles the key, so "ab" and "abab" (which the capped crate API accepts) agree.
        let two = encrypt(b"cycle me", &Secret::from("ab")).unwrap();
        let four = encrypt(b"cycle me", &Secret::from("abab")).unwrap();
        assert_eq!(two, four);
        // And a 4..=56 byte key gives exactly what the crate's own `KeyInit` gives.
        use blowfish::cipher::KeyInit;
        let standard: Blowfish = Blowfish::new_from_slice(b"abab").unwrap();
        let mut block = *b"cycle me";
        standard.encrypt_block(GenericArray::from_mut_slice(&mut block));
        assert_eq!(hex::encode(block), four.data);
    }

    #[test]
    fn key_lengths_outside_1_to_72_are_refused() {
        assert_eq!(encrypt(b"x", &Secret::from("")).unwrap_err().code(), ErrorCode::InvalidKey);
        let long = Secret::new(vec![b'k'; 73]);
        assert_eq!(encrypt(b"x", &long).unwrap_err().code(), ErrorCode::InvalidKey);
        assert!(encrypt(b"x", &Secret::new(vec![b'k'; 72])).is_ok());
        // 57..=72 bytes: the tail of the key matters (it would not if the key were capped at 56).
        let mut a = vec![b'k'; 72];
        let b = a.clone();
        a[71] = b'j';
        assert_ne!(encrypt(b"x", &Secret::new(a)).unwrap(), encrypt(b"x", &Secret::new(b)).unwrap());
    }

    #[test]
    fn padding_is_zero_and_never_an_extra_block() {
        let key = Secret::from("password");
        assert_eq!(encrypt(b"12345678", &key).unwrap().data.len(), 16);
        assert_eq!(encrypt(b"123456789", &key).unwrap().data.len(), 32);
        assert_eq!(encrypt(b"", &key).unwrap(), Encrypted { data: String::new(), len: 0 });
    }

    #[test]
    fn decrypt_ignores_the_padding_scheme() {
        let key = Secret::from("password");
        let cipher = Cipher::new(&key).unwrap();
        for padded in [&b"plaintext\0\0\0\0\0\0\0"[..], b"plaintext       ", b"plaintext\x07\x07\x07\x07\x07\x07\x07"] {
            let mut bytes = padded.to_vec();
            for block in bytes.chunks_exact_mut(8) {
                cipher.state.encrypt_block(GenericArray::from_mut_slice(block));
            }
            assert_eq!(decrypt(&hex::encode(bytes), 9, &key).unwrap(), b"plaintext");
        }
    }

    #[test]
    fn malformed_data_and_len_are_typed_errors() {
        let key = Secret::from("password");
        let data = "14ec7a6da0fbb3e50a84b47302443328";
        assert_eq!(decrypt("zz", 1, &key).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(decrypt("14e", 1, &key).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(decrypt("14ec7a6d", 4, &key).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(decrypt(data, 17, &key).unwrap_err().field_name(), Some("Len"));
        assert_eq!(decrypt(data, 7, &key).unwrap_err().code(), ErrorCode::Inconsistent);
        let big = "0".repeat(MAX_DATA_HEX + 16);
        assert_eq!(decrypt(&big, 8, &key).unwrap_err().code(), ErrorCode::TooLarge);
    }

    #[test]
    fn len_counts_characters_as_the_reference() {
        // The reference sends Len=3 for "A=é" (mb_strlen); the text comes back whole, never as "A=Ã".
        let key = Secret::from("password");
        let out = encrypt("A=é".as_bytes(), &key).unwrap();
        assert_eq!(out.len, 3);
        assert_eq!(decrypt_text(&out.data, 3, &key).unwrap(), "A=é");
        // ISO-8859-1 text: one byte, one character.
        let out = encrypt(b"A=\xe9", &key).unwrap();
        assert_eq!((out.len, decrypt_text(&out.data, 3, &key).unwrap().as_str()), (3, "A=é"));
    }

    #[test]
    fn cipher_is_send_sync_and_redacted() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Cipher>();
        let cipher = Cipher::new(&Secret::from("password")).unwrap();
        assert_eq!(format!("{cipher:?}"), "Cipher(***)");
        assert!(!format!("{cipher:#?}").contains("password"));
    }

    #[test]
    fn cipher_refuses_the_same_keys() {
        for bad in [Secret::from(""), Secret::new(vec![b'k'; 73])] {
            let e = Cipher::new(&bad).unwrap_err();
            assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidKey, Some("key")));
            assert_eq!(e.message(), encrypt(b"x", &bad).unwrap_err().message());
        }
        assert!(Cipher::new(&Secret::from("k")).is_ok());
        assert!(Cipher::new(&Secret::new(vec![b'k'; 72])).is_ok());
    }

    #[test]
    fn cipher_is_reused_across_many_messages() {
        let key = Secret::from("password");
        let cipher = Cipher::new(&key).unwrap();
        assert_eq!(cipher.encrypt(b"plaintext").unwrap().data, "14ec7a6da0fbb3e50a84b47302443328");
        for n in 0..300usize {
            let text = format!("MerchantID=shop&TransID={n}&Amount={}", n * 7).repeat(n % 5 + 1);
            let out = cipher.encrypt(text.as_bytes()).unwrap();
            assert_eq!(out, encrypt(text.as_bytes(), &key).unwrap());
            assert_eq!(cipher.decrypt(&out.data, out.len).unwrap(), text.as_bytes());
        }
        // Errors on one message leave the cipher usable for the next.
        assert_eq!(cipher.decrypt("zz", 1).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(cipher.decrypt("14ec7a6da0fbb3e50a84b47302443328", 17).unwrap_err().code(), ErrorCode::Inconsistent);
        let big = vec![b'x'; MAX_DATA_HEX / 2 + 1];
        assert_eq!(cipher.encrypt(&big).unwrap_err().code(), ErrorCode::TooLarge);
        assert_eq!(cipher.decrypt("14EC7A6DA0FBB3E50A84B47302443328", 9).unwrap(), b"plaintext");
    }

    #[test]
    fn the_free_functions_check_the_input_before_the_key() {
        let big = vec![b'x'; MAX_DATA_HEX / 2 + 1];
        assert_eq!(encrypt(&big, &Secret::from("")).unwrap_err().code(), ErrorCode::TooLarge);
        assert_eq!(decrypt("zz", 1, &Secret::from("")).unwrap_err().code(), ErrorCode::Malformed);
    }

    #[test]
    fn one_cipher_serves_several_threads() {
        let cipher = Cipher::new(&Secret::from("password")).unwrap();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        assert_eq!(cipher.encrypt(b"plaintext").unwrap().data, "14ec7a6da0fbb3e50a84b47302443328");
                    }
                });
            }
        });
    }

    proptest! {
        #[test]
        fn round_trip_any_plaintext_any_key_length(
            text in ".{0,100}",
            latin1 in prop::collection::vec(prop::sample::select((0x20u8..0x7f).chain(0xc0..=0xff).collect::<Vec<u8>>()), 0..100),
            utf8 in any::<bool>(),
            key in prop::collection::vec(any::<u8>(), 1..=72),
        ) {
            // UTF-8 text (Len = characters) or ISO-8859-1 text (Len = bytes).
            let plaintext = if utf8 { text.into_bytes() } else { latin1 };
            let key = Secret::new(key);
            let out = encrypt(&plaintext, &key).unwrap();
            prop_assert_eq!(out.len, text::len_of(&plaintext));
            prop_assert_eq!(out.data.len() % 16, 0);
            prop_assert_eq!(decrypt(&out.data, out.len, &key).unwrap(), plaintext.clone());
            prop_assert_eq!(decrypt(&out.data.to_uppercase(), out.len, &key).unwrap(), plaintext);
        }

        #[test]
        fn decrypt_never_panics(data in "[0-9a-fA-F]{0,80}|.{0,40}", len in 0usize..100, key in prop::collection::vec(any::<u8>(), 0..80)) {
            let _ = decrypt(&data, len, &Secret::new(key));
        }

        #[test]
        fn cipher_equals_the_free_functions_for_every_key_length(
            plaintext in "[ -~é€]{0,120}".prop_map(String::into_bytes),
            key in prop::collection::vec(any::<u8>(), 1..=72),
        ) {
            let key = Secret::new(key);
            let cipher = Cipher::new(&key).unwrap();
            let out = cipher.encrypt(&plaintext).unwrap();
            prop_assert_eq!(&out, &encrypt(&plaintext, &key).unwrap());
            prop_assert_eq!(cipher.decrypt(&out.data, out.len).unwrap(), decrypt(&out.data, out.len, &key).unwrap());
            // Independently of cpay's keying path: the crate's own capped `KeyInit` for 4..=56 byte keys.
            if (4..=56).contains(&key.len()) {
                use blowfish::cipher::KeyInit;
                let standard: Blowfish = Blowfish::new_from_slice(key.expose()).unwrap();
                let mut bytes = plaintext.clone();
                bytes.resize(plaintext.len().div_ceil(8) * 8, 0);
                for block in bytes.chunks_exact_mut(8) {
                    standard.encrypt_block(GenericArray::from_mut_slice(block));
                }
                prop_assert_eq!(out.data, hex::encode(bytes));
            }
        }
    }
}
