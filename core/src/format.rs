//! The gateways' field notations (`a`, `n`, `an`, `ans`, `..N`, fixed `N`, enums), checked in one place.
//!
//! Gateway documentation describes each field with a short notation: `n14` is exactly 14 digits, `an..64`
//! is up to 64 letters or digits, `ans..255` is up to 255 characters of any kind but `<` and `>`. Field
//! tables in cpay are written in that same notation, so a table can be read side by side with the
//! gateway's document, and [`FieldFormat::check`] turns a violation into an error naming the field and the rule.
//!
//! Lengths count characters (Unicode scalar values), as the gateways do. Control characters (CR, LF, TAB,
//! NUL…) are refused in every class: they break signatures and forms and no field accepts them.

use crate::error::{Error, ErrorCode, Result};

/// Which characters a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// `a`: ASCII letters.
    Alpha,
    /// `n`: ASCII digits.
    Numeric,
    /// `an`: ASCII letters and digits.
    Alnum,
    /// `ans`: any printable character except `<` and `>`.
    Text,
}

impl Charset {
    fn accepts(self, c: char) -> bool {
        match self {
            Charset::Alpha => c.is_ascii_alphabetic(),
            Charset::Numeric => c.is_ascii_digit(),
            Charset::Alnum => c.is_ascii_alphanumeric(),
            Charset::Text => !c.is_control() && c != '<' && c != '>',
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Charset::Alpha => "letters A-Z only",
            Charset::Numeric => "digits only",
            Charset::Alnum => "letters and digits only",
            Charset::Text => "printable characters other than < and >",
        }
    }
}

/// How long a field may be, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Exactly this many (`n14`).
    Fixed(usize),
    /// From 1 up to this many (`..12`); emptiness is the caller's decision (mandatory vs optional).
    Max(usize),
}

/// A field's format: character class and length, e.g. `ans..255`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldFormat {
    charset: Charset,
    length: Length,
}

impl FieldFormat {
    /// A format from its parts.
    pub const fn new(charset: Charset, length: Length) -> Self {
        FieldFormat { charset, length }
    }

    /// Parse the documentation notation at compile time: `"n14"`, `"an..64"`, `"ans..255"`, `"a2"`.
    ///
    /// Meant for `const` tables; a malformed notation is a compile-time error there.
    pub const fn notation(text: &str) -> Self {
        let bytes = text.as_bytes();
        let (charset, mut i) = match bytes {
            [b'a', b'n', b's', ..] => (Charset::Text, 3),
            [b'a', b'n', ..] => (Charset::Alnum, 2),
            [b'a', ..] => (Charset::Alpha, 1),
            [b'n', ..] => (Charset::Numeric, 1),
            _ => panic!("unknown field notation"),
        };
        let variable = bytes.len() > i + 1 && bytes[i] == b'.' && bytes[i + 1] == b'.';
        if variable {
            i += 2;
        }
        let mut n = 0usize;
        if i >= bytes.len() {
            panic!("field notation without a length");
        }
        while i < bytes.len() {
            let b = bytes[i];
            if !b.is_ascii_digit() {
                panic!("field notation with a non-digit length");
            }
            n = n * 10 + (b - b'0') as usize;
            i += 1;
        }
        let length = if variable { Length::Max(n) } else { Length::Fixed(n) };
        FieldFormat { charset, length }
    }

    /// The character class.
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// The length rule.
    pub fn length(&self) -> Length {
        self.length
    }

    /// Check a non-empty value against the format; the error names `field` and the rule broken.
    pub fn check(&self, field: &str, value: &str) -> Result<()> {
        let (count, refused) = self.scan(value);
        match self.length {
            Length::Fixed(n) if count != n => {
                return Err(Error::field(
                    ErrorCode::InvalidFormat,
                    field,
                    format!("{field} must be exactly {n} characters long (got {count})"),
                ));
            }
            Length::Max(n) if count > n => {
                return Err(Error::field(
                    ErrorCode::InvalidFormat,
                    field,
                    format!("{field} must be at most {n} characters long (got {count})"),
                ));
            }
            _ => {}
        }
        if let Some((position, c)) = refused {
            return Err(Error::field(
                ErrorCode::InvalidFormat,
                field,
                format!(
                    "{field} accepts {}; character {} is {}",
                    self.charset.describe(),
                    position + 1,
                    describe_char(c)
                ),
            ));
        }
        Ok(())
    }

    /// The length of `value` in characters, and the first character the charset refuses with its
    /// 0-based position. Most values are ASCII: those are read byte by byte, without UTF-8 decoding.
    fn scan(&self, value: &str) -> (usize, Option<(usize, char)>) {
        let refused = |(_, c): &(usize, char)| !self.charset.accepts(*c);
        if value.is_ascii() {
            (value.len(), value.bytes().map(char::from).enumerate().find(refused))
        } else {
            (value.chars().count(), value.chars().enumerate().find(refused))
        }
    }
}

/// Check that `value` is one of `allowed` (exact, case-sensitive: gateways compare enums exactly).
pub fn check_enum(field: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Error::field(ErrorCode::InvalidValue, field, format!("{field} must be one of {}", allowed.join(", "))))
    }
}

/// Name a character for an error message without echoing anything that could be a secret.
fn describe_char(c: char) -> String {
    match c {
        '\r' => "a carriage return (CR)".to_owned(),
        '\n' => "a line feed (LF)".to_owned(),
        '\t' => "a tab".to_owned(),
        '\0' => "a NUL byte".to_owned(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("{c:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_parses() {
        assert_eq!(FieldFormat::notation("n14"), FieldFormat::new(Charset::Numeric, Length::Fixed(14)));
        assert_eq!(FieldFormat::notation("an..64"), FieldFormat::new(Charset::Alnum, Length::Max(64)));
        assert_eq!(FieldFormat::notation("ans..255"), FieldFormat::new(Charset::Text, Length::Max(255)));
        assert_eq!(FieldFormat::notation("a2"), FieldFormat::new(Charset::Alpha, Length::Fixed(2)));
        assert_eq!(FieldFormat::notation("n..12"), FieldFormat::new(Charset::Numeric, Length::Max(12)));
    }

    #[test]
    fn checks_length_and_charset() {
        let n14 = FieldFormat::notation("n14");
        assert!(n14.check("vads_trans_date", "20200101130025").is_ok());
        let e = n14.check("vads_trans_date", "2020010113002").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidFormat);
        assert_eq!(e.field_name(), Some("vads_trans_date"));
        assert!(e.message().contains("exactly 14"));
        assert!(n14.check("vads_trans_date", "2020010113002a").is_err());

        let ans = FieldFormat::notation("ans..10");
        assert!(ans.check("f", "Labège ok").is_ok());
        assert!(ans.check("f", "éééééééééé").is_ok(), "length counts characters, not bytes");
        assert!(ans.check("f", "ééééééééééé").is_err());
        assert!(ans.check("f", "a<b").unwrap_err().message().contains("'<'"));
        assert!(ans.check("f", "a\r\nb").unwrap_err().message().contains("carriage return"));

        let a2 = FieldFormat::notation("a2");
        assert!(a2.check("vads_cust_country", "FR").is_ok());
        assert!(a2.check("vads_cust_country", "F1").is_err());
        let an = FieldFormat::notation("an6");
        assert!(an.check("vads_trans_id", "xrT15p").is_ok());
        assert!(an.check("vads_trans_id", "xrT15-").is_err());
        assert!(an.check("vads_trans_id", "xrT15é").is_err());
    }

    #[test]
    fn enums_are_exact() {
        assert!(check_enum("vads_ctx_mode", "TEST", &["TEST", "PRODUCTION"]).is_ok());
        let e = check_enum("vads_ctx_mode", "test", &["TEST", "PRODUCTION"]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidValue);
        assert!(e.message().contains("TEST, PRODUCTION"));
    }
}
