//! Shop credentials and settings for Computop Paygate (and its white label Axepta).

use super::data::Algorithm;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::money::Amount;
use crate::secret::Secret;

/// Which Paygate the shop talks to (same protocol and crypto, other host).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopHost")]
#[serde(rename_all = "snake_case")]
pub enum Host {
    /// Computop production, `https://www.computop-paygate.com`.
    #[default]
    Computop,
    /// Computop test system, `https://test.computop-paygate.com`.
    Test,
    /// BNP Paribas Axepta, `https://paymentpage.axepta.bnpparibas`.
    Axepta,
    /// Another Paygate host: its base URL (`https://…`, no path).
    Custom(String),
}

impl Host {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Host::Computop => "https://www.computop-paygate.com",
            Host::Test => "https://test.computop-paygate.com",
            Host::Axepta => "https://paymentpage.axepta.bnpparibas",
            Host::Custom(url) => url.trim_end_matches('/'),
        }
    }

    /// The URL of a Paygate page, e.g. `CetelemFullCB.aspx`.
    pub fn url(&self, page: &str) -> String {
        format!("{}/{page}", self.base_url())
    }

    fn validate(&self) -> Result<()> {
        if let Host::Custom(url) = self {
            crate::http::check_gateway_url(url, "host", ErrorCode::InvalidValue)?;
            if url.contains(['?', '#', ' ']) {
                return Err(Error::field(
                    ErrorCode::InvalidValue,
                    "host",
                    "a custom Paygate host is a base URL: no query string, fragment or space",
                ));
            }
        }
        Ok(())
    }
}

/// Default smallest FullCB amount: 90 € (Computop Paygate manual, "Cetelem FullCB", "About Cetelem FullCB").
pub const DEFAULT_MIN_AMOUNT: Amount = Amount::from_minor(9_000);
/// Default largest FullCB amount: 3000 € (Computop Paygate manual, "Cetelem FullCB", "About Cetelem FullCB").
pub const DEFAULT_MAX_AMOUNT: Amount = Amount::from_minor(300_000);

fn default_min() -> Amount {
    DEFAULT_MIN_AMOUNT
}

fn default_max() -> Amount {
    DEFAULT_MAX_AMOUNT
}

/// A shop at Computop: MerchantID, its passwords (Blowfish or AES, and HMAC), the host and the Cetelem amount bounds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputopConfig {
    /// `MerchantID` (ans..30), assigned by Computop.
    pub merchant_id: String,
    /// Which cipher the merchant is configured for at Computop: `blowfish` (the default) or `aes`.
    #[serde(default)]
    pub algorithm: Algorithm,
    /// The Blowfish password (encrypts `Data`), 1-72 bytes; required with `algorithm: blowfish`.
    #[serde(default)]
    pub blowfish_key: Secret,
    /// The AES password, 16, 24 or 32 bytes (AES-128, -192, -256); required with `algorithm: aes`.
    #[serde(default)]
    pub aes_key: Option<Secret>,
    /// The HMAC password (computes `MAC`).
    pub mac_key: Secret,
    /// Which Paygate.
    #[serde(default)]
    pub host: Host,
    /// Smallest amount the shop's Cetelem contract allows (default 9000 = 90 €).
    #[serde(default = "default_min")]
    pub min_amount: Amount,
    /// Largest amount the shop's Cetelem contract allows (default 300000 = 3000 €).
    #[serde(default = "default_max")]
    pub max_amount: Amount,
}

impl ComputopConfig {
    /// Check the configuration itself: MerchantID format, keys present, host, bounds in order.
    pub fn validate(&self) -> Result<()> {
        if self.merchant_id.is_empty() {
            return Err(Error::missing("MerchantID"));
        }
        FieldFormat::notation("ans..30").check("MerchantID", &self.merchant_id)?;
        super::plaintext::check_value("MerchantID", &self.merchant_id)?;
        self.key_for(self.algorithm)?;
        if let Some(key) = &self.aes_key {
            if ![16, 24, 32].contains(&key.len()) {
                return Err(Error::field(
                    ErrorCode::InvalidKey,
                    "config.aes_key",
                    format!("the AES password must be 16, 24 or 32 bytes long; got {}", key.len()),
                ));
            }
        }
        if self.mac_key.is_empty() {
            return Err(Error::field(
                ErrorCode::InvalidKey,
                "config.mac_key",
                "the HMAC password is empty: set config.mac_key",
            ));
        }
        self.host.validate()?;
        if self.min_amount > self.max_amount {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "min_amount",
                "min_amount must not be larger than max_amount",
            ));
        }
        Ok(())
    }

    /// The shop's key for `algorithm`: `invalid_key` naming `blowfish_key` or `aes_key` when it is not configured.
    pub fn key_for(&self, algorithm: Algorithm) -> Result<&Secret> {
        match algorithm {
            Algorithm::Blowfish if !self.blowfish_key.is_empty() => Ok(&self.blowfish_key),
            Algorithm::Blowfish => Err(Error::field(
                ErrorCode::InvalidKey,
                "config.blowfish_key",
                "the Blowfish password is empty: set config.blowfish_key",
            )),
            Algorithm::Aes => self.aes_key.as_ref().filter(|k| !k.is_empty()).ok_or_else(|| {
                Error::field(
                    ErrorCode::InvalidKey,
                    "config.aes_key",
                    "AES Data needs the merchant's AES password: set config.aes_key",
                )
            }),
        }
    }

    /// Whether the shop talks to Axepta, whose FullCB rules differ (`RefNr`).
    pub fn is_axepta(&self) -> bool {
        self.host == Host::Axepta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_json_with_defaults_and_redacted_keys() {
        let c: ComputopConfig =
            serde_json::from_str(r#"{"merchant_id":"shop","blowfish_key":"bfpass12","mac_key":"hmacpass"}"#).unwrap();
        assert!(c.validate().is_ok());
        assert_eq!(c.host.url("CetelemFullCB.aspx"), "https://www.computop-paygate.com/CetelemFullCB.aspx");
        assert_eq!((c.min_amount.minor(), c.max_amount.minor()), (9_000, 300_000));
        let debug = format!("{c:?}");
        assert!(!debug.contains("bfpass12") && !debug.contains("hmacpass"), "{debug}");
    }

    #[test]
    fn hosts() {
        let h: Host = serde_json::from_str(r#""axepta""#).unwrap();
        assert_eq!(h.url("credit.aspx"), "https://paymentpage.axepta.bnpparibas/credit.aspx");
        let h: Host = serde_json::from_str(r#"{"custom":"https://pay.example/"}"#).unwrap();
        assert_eq!(h.url("credit.aspx"), "https://pay.example/credit.aspx");
        assert!(Host::Custom("http://pay.example".into()).validate().is_err());
        assert!(Host::Custom("http://127.0.0.1:8099/computop".into()).validate().is_ok());
        assert!(Host::Custom("https://pay.example/?a=1".into()).validate().is_err());
        assert_eq!(Host::Test.base_url(), "https://test.computop-paygate.com");
    }
}
