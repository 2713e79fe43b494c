//! SHASIGN: the SHA-IN signature of requests, the SHA-OUT signature of feedback, and the legacy SHA-OUT.
//!
//! SHA-IN and SHA-OUT follow one rule with two lists: take the parameters on the list (names upper-cased),
//! drop those with an empty value, sort by name, write each as `NAME=value` followed by the passphrase, and
//! hash the concatenation with SHA-1, SHA-256 or SHA-512 (uppercase hex). Values are hashed exactly as
//! given — the platform never trims or re-cases them. The legacy SHA-OUT of old accounts concatenates the
//! values of ten fixed parameters in a fixed order, then the passphrase.
//!
//! The bytes hashed depend on the page the buyer was sent to: the `_utf8` page hashes UTF-8, the other
//! page ISO-8859-1. [`Charset`] says which, and a value that ISO-8859-1 cannot write is an error rather than
//! a signature the platform would reject.

use super::lists::{SHA_IN_NAMES, SHA_OUT_NAMES};
use crate::error::{Error, ErrorCode, Result};
use crate::secret::{constant_time_eq_ignore_ascii_case, Secret};
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha512};
use std::borrow::Cow;

/// The hash algorithm chosen in the Ogone back office ("Global security parameters").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneAlgorithm")]
pub enum Algorithm {
    /// SHA-1 (legacy accounts).
    #[serde(rename = "sha1")]
    Sha1,
    /// SHA-256.
    #[serde(rename = "sha256")]
    Sha256,
    /// SHA-512 (recommended).
    #[serde(rename = "sha512")]
    Sha512,
}

crate::deserialize_by_parse!(Algorithm);

impl Algorithm {
    /// Parse `sha1`, `sha256`, `sha512` (also `SHA-1`, `sha-256`, …).
    pub fn parse(name: &str) -> Result<Algorithm> {
        match name.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Ok(Algorithm::Sha1),
            "sha256" => Ok(Algorithm::Sha256),
            "sha512" => Ok(Algorithm::Sha512),
            _ => Err(Error::field(
                ErrorCode::UnsupportedAlgorithm,
                "algo",
                "the Ogone hash algorithm must be sha1, sha256 or sha512",
            )),
        }
    }

    /// Length of the uppercase hex digest.
    pub fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 40,
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }
}

/// Which signature: of a request sent to the platform, or of the feedback it sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneDirection")]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// SHA-IN: the parameters on the SHA-IN list, with the SHA-IN passphrase.
    In,
    /// SHA-OUT: the parameters on the SHA-OUT list, with the SHA-OUT passphrase.
    Out,
    /// The legacy SHA-OUT of old accounts: ten fixed values concatenated, then the passphrase.
    LegacyOut,
}

crate::deserialize_by_parse!(Direction);

impl Direction {
    /// Parse `in`, `out` or `legacy_out` (also `legacy-out`).
    pub fn parse(name: &str) -> Result<Direction> {
        match name.to_ascii_lowercase().as_str() {
            "in" => Ok(Direction::In),
            "out" => Ok(Direction::Out),
            "legacy_out" | "legacy-out" => Ok(Direction::LegacyOut),
            _ => Err(Error::field(ErrorCode::InvalidValue, "direction", "direction must be in, out or legacy_out")),
        }
    }
}

/// The text encoding of the payment page, and so of the bytes hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneCharset")]
pub enum Charset {
    /// `orderstandard_utf8.asp`: values hashed as UTF-8.
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// `orderstandard.asp`: values hashed as ISO-8859-1 bytes.
    #[serde(rename = "iso-8859-1")]
    Latin1,
}

crate::deserialize_by_parse!(Charset);

impl Charset {
    /// The charset the payment form must be posted in, so the browser sends the bytes that were hashed.
    pub fn form_charset(self) -> crate::form::FormCharset {
        match self {
            Charset::Utf8 => crate::form::FormCharset::Utf8,
            Charset::Latin1 => crate::form::FormCharset::Iso88591,
        }
    }

    /// Parse `utf-8` / `utf8` or `iso-8859-1` / `latin1`.
    pub fn parse(name: &str) -> Result<Charset> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Charset::Utf8),
            "iso-8859-1" | "iso8859-1" | "latin1" => Ok(Charset::Latin1),
            _ => Err(Error::field(ErrorCode::InvalidValue, "charset", "charset must be utf-8 or iso-8859-1")),
        }
    }

    /// The label for an HTML `accept-charset` attribute.
    pub fn label(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Latin1 => "ISO-8859-1",
        }
    }

    /// Append the bytes of `text` in this charset to `out`; an error naming `field` when ISO-8859-1 cannot
    /// write a character.
    pub fn encode_into(self, field: &str, text: &str, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Charset::Utf8 => out.extend_from_slice(text.as_bytes()),
            Charset::Latin1 => {
                for c in text.chars() {
                    let Ok(byte) = u8::try_from(u32::from(c)) else {
                        return Err(Error::field(
                            ErrorCode::InvalidFormat,
                            field,
                            format!(
                                "{field} has a character ISO-8859-1 cannot write; use the UTF-8 page \
                                 (orderstandard_utf8.asp) or remove it"
                            ),
                        ));
                    };
                    out.push(byte);
                }
            }
        }
        Ok(())
    }
}

/// The parameters of the legacy SHA-OUT, in the order they are concatenated.
pub const LEGACY_SHA_OUT: [&str; 10] =
    ["ORDERID", "CURRENCY", "AMOUNT", "PM", "ACCEPTANCE", "STATUS", "CARDNO", "PAYID", "NCERROR", "BRAND"];

/// The signed parameters of `params` for `direction`: upper-case names, non-empty values, sorted by name.
///
/// Two parameters whose names differ only by case (`orderID` and `ORDERID`) are refused: which one would the
/// platform have signed?
pub fn signed_parameters<'a, I>(params: I, direction: Direction) -> Result<Vec<(Cow<'a, str>, &'a str)>>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    // The legacy list is in concatenation order, not sorted: a plain scan of its ten names.
    let listed = |name: &str| match direction {
        Direction::In => SHA_IN_NAMES.contains(name),
        Direction::Out => SHA_OUT_NAMES.contains(name),
        Direction::LegacyOut => LEGACY_SHA_OUT.contains(&name),
    };
    let params = params.into_iter();
    let mut names = Vec::with_capacity(params.size_hint().0);
    let mut signed = Vec::with_capacity(params.size_hint().0);
    for (name, value) in params {
        let upper = upper_case(name);
        if !value.is_empty() && listed(&upper) {
            signed.push((upper.clone(), value));
        }
        names.push(upper);
    }
    if let Some(repeated) = first_repeated(&names) {
        return Err(Error::field(
            ErrorCode::Malformed,
            repeated,
            format!("{repeated} is present more than once (names are compared without case)"),
        ));
    }
    signed.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    Ok(signed)
}

/// `name` in upper case, borrowed when it already is (as the platform sends its feedback).
fn upper_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The first name, in the parameters' order, that repeats an earlier one. A sort finds whether there is
/// one at all (the common answer is no); only then are the names scanned in order, so that the error
/// names the same parameter whatever the order of the others.
fn first_repeated<'n>(names: &'n [Cow<'_, str>]) -> Option<&'n str> {
    let mut sorted: Vec<&str> = names.iter().map(|name| name.as_ref()).collect();
    sorted.sort_unstable();
    if sorted.windows(2).all(|pair| pair[0] != pair[1]) {
        return None;
    }
    names.iter().enumerate().find(|(i, name)| names[..*i].contains(name)).map(|(_, name)| name.as_ref())
}

/// Compute SHASIGN (uppercase hex) over `params` for `direction`, hashing text in `charset`.
pub fn sign<'a, I>(
    params: I,
    passphrase: &Secret,
    algorithm: Algorithm,
    direction: Direction,
    charset: Charset,
) -> Result<String>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let passphrase = passphrase.non_empty("passphrase")?;
    let signed = signed_parameters(params, direction)?;
    let size = signed.iter().map(|(name, value)| name.len() + 1 + value.len() + passphrase.len()).sum::<usize>();
    let mut message = zeroize::Zeroizing::new(Vec::with_capacity(size + passphrase.len()));
    match direction {
        Direction::In | Direction::Out => {
            for (name, value) in &signed {
                message.extend_from_slice(name.as_bytes());
                message.push(b'=');
                charset.encode_into(name, value, &mut message)?;
                message.extend_from_slice(passphrase.expose());
            }
        }
        Direction::LegacyOut => {
            for name in LEGACY_SHA_OUT {
                if let Some((_, value)) = signed.iter().find(|(n, _)| n == name) {
                    charset.encode_into(name, value, &mut message)?;
                }
            }
            message.extend_from_slice(passphrase.expose());
        }
    }
    Ok(hash_hex(algorithm, &message))
}

fn hash_hex(algorithm: Algorithm, message: &[u8]) -> String {
    match algorithm {
        Algorithm::Sha1 => hex::encode_upper(Sha1::digest(message)),
        Algorithm::Sha256 => hex::encode_upper(Sha256::digest(message)),
        Algorithm::Sha512 => hex::encode_upper(Sha512::digest(message)),
    }
}

/// Whether `shasign` (either case) signs `params`; compared in constant time.
pub fn verify<'a, I>(
    params: I,
    shasign: &str,
    passphrase: &Secret,
    algorithm: Algorithm,
    direction: Direction,
    charset: Charset,
) -> Result<bool>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let expected = sign(params, passphrase, algorithm, direction, charset)?;
    Ok(constant_time_eq_ignore_ascii_case(expected.as_bytes(), shasign.trim().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PASS: &str = "Mysecretsig1875!?";
    const DOC_IN: [(&str, &str); 5] =
        [("AMOUNT", "1500"), ("CURRENCY", "EUR"), ("LANGUAGE", "en_US"), ("ORDERID", "1234"), ("PSPID", "MyPSPID")];
    const DOC_OUT: [(&str, &str); 10] = [
        ("ACCEPTANCE", "1234"),
        ("AMOUNT", "15.00"),
        ("BRAND", "VISA"),
        ("CARDNO", "xxxxxxxxxxxx1111"),
        ("CURRENCY", "EUR"),
        ("NCERROR", "0"),
        ("ORDERID", "12"),
        ("PAYID", "32100123"),
        ("PM", "CreditCard"),
        ("STATUS", "9"),
    ];

    fn sha_in(params: &[(&str, &str)], algo: Algorithm) -> String {
        sign(params.iter().copied(), &Secret::from(PASS), algo, Direction::In, Charset::Utf8).unwrap()
    }

    #[test]
    fn documentation_vectors() {
        assert_eq!(sha_in(&DOC_IN, Algorithm::Sha1), "F4CC376CD7A834D997B91598FA747825A238BE0A");
        let out = sign(DOC_OUT, &Secret::from(PASS), Algorithm::Sha1, Direction::Out, Charset::Utf8).unwrap();
        assert_eq!(out, "8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA");
    }

    #[test]
    fn case_order_empties_and_unlisted_do_not_matter() {
        let mut mixed: Vec<(&str, &str)> =
            vec![("pspid", "MyPSPID"), ("orderID", "1234"), ("Currency", "EUR"), ("amount", "1500")];
        mixed.push(("language", "en_US"));
        mixed.push(("CN", ""));
        mixed.push(("FOO_XYZ_", "123"));
        mixed.push(("SHASIGN", "whatever"));
        assert_eq!(sha_in(&mixed, Algorithm::Sha1), "F4CC376CD7A834D997B91598FA747825A238BE0A");
        let dup = [("ORDERID", "1"), ("orderid", "2")];
        let e = sign(dup, &Secret::from(PASS), Algorithm::Sha1, Direction::In, Charset::Utf8).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::Malformed, Some("ORDERID")));
    }

    #[test]
    fn latin1_hashes_iso_bytes_and_refuses_what_it_cannot_write() {
        let p = Secret::from(PASS);
        let utf8 = sign([("CN", "Hélène")], &p, Algorithm::Sha256, Direction::In, Charset::Utf8).unwrap();
        let latin = sign([("CN", "Hélène")], &p, Algorithm::Sha256, Direction::In, Charset::Latin1).unwrap();
        assert_ne!(utf8, latin);
        let mut message = b"CN=H\xe9l\xe8ne".to_vec();
        message.extend_from_slice(PASS.as_bytes());
        assert_eq!(latin, hex::encode_upper(Sha256::digest(&message)));
        let e = sign([("CN", "Łukasz")], &p, Algorithm::Sha256, Direction::In, Charset::Latin1).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidFormat, Some("CN")));
    }

    #[test]
    fn names_differing_only_by_case_are_refused_naming_the_first_repeat() {
        let p = Secret::from(PASS);
        let refused = |params: &[(&str, &str)]| {
            let e = sign(params.iter().copied(), &p, Algorithm::Sha256, Direction::Out, Charset::Utf8).unwrap_err();
            assert_eq!(e.code(), ErrorCode::Malformed);
            e.field_name().map(str::to_owned)
        };
        assert_eq!(refused(&[("orderID", "1"), ("AMOUNT", "1"), ("ORDERID", "2")]).as_deref(), Some("ORDERID"));
        // Several repeats: the error names the one met first in the parameters' order.
        assert_eq!(
            refused(&[("status", "9"), ("AMOUNT", "1"), ("Status", "5"), ("amount", "2")]).as_deref(),
            Some("STATUS")
        );
        // Unsigned and empty parameters count too: the platform may have read either.
        assert_eq!(refused(&[("FOO", "x"), ("foo", "")]).as_deref(), Some("FOO"));
        assert!(sign(DOC_OUT, &p, Algorithm::Sha256, Direction::Out, Charset::Utf8).is_ok());
    }

    #[test]
    fn legacy_sha_out_concatenates_fixed_values() {
        let p = Secret::from(PASS);
        let legacy = sign(DOC_OUT, &p, Algorithm::Sha1, Direction::LegacyOut, Charset::Utf8).unwrap();
        let message = format!("12EUR15.00CreditCard12349xxxxxxxxxxxx1111321001230VISA{PASS}");
        let expected = hex::encode_upper(Sha1::digest(message.as_bytes()));
        assert_eq!(legacy, expected);
    }

    proptest! {
        #[test]
        fn any_change_to_a_signed_value_is_rejected(
            values in prop::collection::vec("[ -~]{1,12}", 5),
            which in 0usize..5,
            extra in "[ -~]{1,3}",
        ) {
            let p = Secret::from(PASS);
            let names = ["AMOUNT", "CURRENCY", "LANGUAGE", "ORDERID", "PSPID"];
            let params: Vec<(&str, &str)> = names.iter().copied().zip(values.iter().map(String::as_str)).collect();
            let s = sign(params.iter().copied(), &p, Algorithm::Sha512, Direction::In, Charset::Utf8).unwrap();
            prop_assert!(verify(params.iter().copied(), &s.to_ascii_lowercase(), &p, Algorithm::Sha512, Direction::In, Charset::Utf8).unwrap());
            let tampered_value = format!("{}{extra}", values[which]);
            let mut tampered = params.clone();
            tampered[which].1 = &tampered_value;
            prop_assert!(!verify(tampered, &s, &p, Algorithm::Sha512, Direction::In, Charset::Utf8).unwrap());
        }
    }
}
