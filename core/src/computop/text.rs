//! `Len` and the text inside `Data`, as Computop's reference PHP sample for Paygate reads them.
//!
//! The reference counts `Len` with `mb_strlen` and cuts the decrypted text with `mb_substr`: `Len` is a number of
//! **characters** of the UTF-8 plaintext, not of bytes (`A=é` is `Len=3`, four bytes). cpay does the same in both
//! directions. Paygate's own notify may carry ISO-8859-1 text, where every byte is one character: such a text is not
//! valid UTF-8 as soon as it holds an accented letter, so `Len` then counts its bytes, which is what `mb_strlen`
//! counts for bytes that are not UTF-8.
//!
//! Reading, for the deciphered bytes (padding included):
//! 1. the first `Len` characters are read as UTF-8; when they are valid, the text ends at the `Len`-th character;
//! 2. when a byte that is not UTF-8 comes first, the text is ISO-8859-1 and ends at byte `Len` — unless a
//!    complete UTF-8 character straddles that byte: `Len` then ends inside a UTF-8 character, an error naming
//!    `Len`, never a silent ISO-8859-1 reread (which would turn `A=é` into `A=Ã`);
//! 3. when the bytes are UTF-8 but hold fewer than `Len` characters, `Len` counts something else (bytes): an
//!    error naming `Len`.
//!
//! A byte-counting `Len` on zero-padded UTF-8 text reads into the padding: callers refuse a decrypted text that
//! holds a NUL (the notification path names `Len`).
//!
//! In every case the text must end within the last `max_padding` bytes of what was deciphered.

use crate::error::{Error, ErrorCode, Result};

/// The `Len` of a plaintext: its characters when it is UTF-8, otherwise its bytes (ISO-8859-1), as `mb_strlen`.
pub fn len_of(plaintext: &[u8]) -> usize {
    match std::str::from_utf8(plaintext) {
        Ok(text) => text.chars().count(),
        Err(_) => plaintext.len(),
    }
}

/// Why the first `len` characters could not be read as UTF-8.
enum Walk {
    /// The text ends, at `at` bytes, as `len` characters: the cut.
    Cut(usize),
    /// Every byte is UTF-8 but there are fewer than `len` characters.
    TooShort,
    /// A byte that is not UTF-8 comes first: the text is ISO-8859-1.
    NotUtf8,
}

/// Read the first `len` characters of `bytes` as UTF-8.
fn walk(bytes: &[u8], len: usize) -> Walk {
    let mut at = 0;
    for _ in 0..len {
        let Some(&lead) = bytes.get(at) else { return Walk::TooShort };
        let width = match lead {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return Walk::NotUtf8,
        };
        match bytes.get(at..at + width) {
            Some(char_bytes) if std::str::from_utf8(char_bytes).is_ok() => at += width,
            _ => return Walk::NotUtf8,
        }
    }
    Walk::Cut(at)
}

/// Whether a complete multi-byte UTF-8 character starts before byte `cut` and ends after it.
fn straddles(bytes: &[u8], cut: usize) -> bool {
    (1..=3).filter_map(|back| cut.checked_sub(back)).any(|start| {
        let width = match bytes[start] {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return false,
        };
        start + width > cut && bytes.get(start..start + width).is_some_and(|c| std::str::from_utf8(c).is_ok())
    })
}

fn len_error(message: String) -> Error {
    Error::field(ErrorCode::Inconsistent, "Len", message)
}

/// Where the plaintext of `bytes` ends for `Len` = `len` (module documentation), at most `max_padding` bytes
/// before the end.
pub fn cut(bytes: &[u8], len: usize, max_padding: usize) -> Result<usize> {
    let end = match walk(bytes, len) {
        Walk::Cut(end) => end,
        Walk::TooShort => {
            return Err(len_error(format!(
                "Len {len} is more characters than the decrypted Data holds (Len counts characters, mb_strlen)"
            )))
        }
        Walk::NotUtf8 => {
            if len > bytes.len() {
                return Err(len_error(format!("Len {len} is longer than the decrypted Data ({} bytes)", bytes.len())));
            }
            if straddles(bytes, len) {
                return Err(len_error(format!(
                    "Len {len} ends inside a UTF-8 character of the decrypted text (Len counts characters, mb_strlen)"
                )));
            }
            len
        }
    };
    if bytes.len() - end > max_padding {
        return Err(len_error(format!(
            "Len {len} ends {} bytes before the end of Data; at most {max_padding} bytes of padding follow the text",
            bytes.len() - end
        )));
    }
    Ok(end)
}

/// Read a cut plaintext as text: UTF-8 when valid, otherwise ISO-8859-1 (every byte one character).
pub fn to_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn len_counts_characters_of_utf8_and_bytes_of_latin1() {
        assert_eq!(len_of("A=é".as_bytes()), 3);
        assert_eq!(len_of(b"A=\xe9"), 3);
        assert_eq!(len_of(b"plaintext"), 9);
    }

    #[test]
    fn the_reference_len_cuts_after_the_character() {
        // "A=é" zero-padded, Len=3 as the reference sends it.
        assert_eq!(cut(b"A=\xc3\xa9\0\0\0\0", 3, 8).unwrap(), 4);
        // ISO-8859-1: one byte per character.
        assert_eq!(cut(b"A=\xe9\0\0\0\0\0", 3, 8).unwrap(), 3);
        assert_eq!(cut(b"Cr\xe9teil\0", 7, 8).unwrap(), 7);
    }

    #[test]
    fn a_cut_inside_a_utf8_character_names_len() {
        // "A=é" with 8 bytes of data and no room: a byte-counting Len of 4 reads "A=é\0" (NUL caught by callers),
        // while a truncated sequence followed by a continuation byte elsewhere is refused.
        let e = cut(b"xA=\xc3\xa9yyy", 4, 8).unwrap();
        assert_eq!(e, 5);
        let e = cut(b"\xffA=\xc3\xa9yy", 4, 8).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::Inconsistent, Some("Len")));
        assert!(e.message().contains("inside"), "{}", e.message());
        assert_eq!(cut(b"\xffA=\xc3\xa9yy", 5, 8).unwrap(), 5);
        // Valid UTF-8 whose Len counts bytes (8 bytes, 7 characters, no padding left): refused, never Latin-1.
        let e = cut("AB=éCDE".as_bytes(), 8, 8).unwrap_err();
        assert_eq!(e.field_name(), Some("Len"));
    }

    #[test]
    fn padding_bounds() {
        assert_eq!(cut(b"abcdefghij", 1, 8).unwrap_err().field_name(), Some("Len"));
        assert_eq!(cut(b"abc", 3, 0).unwrap(), 3);
        assert!(cut(b"abcd", 3, 0).is_err());
        assert!(cut(b"\xe9\xe9", 3, 8).is_err());
    }

    #[test]
    fn latin1_fallback() {
        assert_eq!(to_text(b"Cr\xe9teil".to_vec()), "Créteil");
        assert_eq!(to_text("Créteil".as_bytes().to_vec()), "Créteil");
    }
}
