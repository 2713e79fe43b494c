//! Shop credentials and settings for a Lyra platform.

use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;

/// The Lyra white label the shop has a contract with (they differ only by host).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPlatform")]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Société Générale Sogecommerce.
    Sogecommerce,
    /// Lyra PayZen.
    Payzen,
    /// BPCE Systempay.
    Systempay,
    /// La Banque Postale Scellius.
    Scellius,
    /// Crédit du Nord Clic&Pay.
    Clicandpay,
    /// OSB (Polynésie française). Its REST host is not published: give a custom one.
    Osb,
    /// Any other white label: payment form URL and REST base URL.
    Custom {
        /// Payment form URL (ends with `/vads-payment/`).
        form_url: String,
        /// REST web services base URL (ends with `/api-payment/`), if the shop uses them.
        #[serde(default)]
        rest_url: Option<String>,
    },
}

impl Platform {
    /// The payment form URL (the same for TEST and PRODUCTION; `vads_ctx_mode` selects).
    pub fn form_url(&self) -> &str {
        match self {
            Platform::Sogecommerce => "https://sogecommerce.societegenerale.eu/vads-payment/",
            Platform::Payzen => "https://secure.payzen.eu/vads-payment/",
            Platform::Systempay => "https://paiement.systempay.fr/vads-payment/",
            Platform::Scellius => "https://scelliuspaiement.labanquepostale.fr/vads-payment/",
            Platform::Clicandpay => "https://clicandpay.groupecdn.fr/vads-payment/",
            Platform::Osb => "https://secure.osb.pf/vads-payment/",
            Platform::Custom { form_url, .. } => form_url,
        }
    }

    /// The REST web services base URL, when known.
    pub fn rest_url(&self) -> Option<&str> {
        match self {
            Platform::Sogecommerce => Some("https://api-sogecommerce.societegenerale.eu/api-payment/"),
            Platform::Payzen => Some("https://api.payzen.eu/api-payment/"),
            Platform::Systempay => Some("https://api.systempay.fr/api-payment/"),
            Platform::Scellius => Some("https://api.scelliuspaiement.labanquepostale.fr/api-payment/"),
            Platform::Clicandpay => Some("https://api-clicandpay.groupecdn.fr/api-payment/"),
            Platform::Osb => None,
            Platform::Custom { rest_url, .. } => rest_url.as_deref(),
        }
    }
}

/// `vads_ctx_mode`: which key signs, and whether money moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraMode")]
#[serde(rename_all = "UPPERCASE")]
pub enum Mode {
    /// Test mode: no money moves; signed with the TEST key.
    Test,
    /// Production: real payments; signed with the PRODUCTION key.
    Production,
}

impl Mode {
    /// The `vads_ctx_mode` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "TEST",
            Mode::Production => "PRODUCTION",
        }
    }

    /// Parse a `vads_ctx_mode` value (exact).
    pub fn parse(value: &str) -> Option<Mode> {
        match value {
            "TEST" => Some(Mode::Test),
            "PRODUCTION" => Some(Mode::Production),
            _ => None,
        }
    }
}

/// The signature algorithm chosen in the shop's Back Office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "LyraAlgorithm")]
pub enum Algorithm {
    /// `base64(HMAC-SHA-256(key, message))` — the default and the recommended one.
    #[default]
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    /// `hex(SHA-1(message))` — legacy.
    #[serde(rename = "sha1")]
    Sha1,
}

crate::deserialize_by_parse!(Algorithm);

impl Algorithm {
    /// Parse the names used by the CLI and bindings: `hmac-sha256` (also `sha256`, `HMAC-SHA-256`) or `sha1`.
    pub fn parse(name: &str) -> Result<Algorithm> {
        match name.to_ascii_lowercase().as_str() {
            "hmac-sha256" | "hmac-sha-256" | "hmac_sha256" | "sha256" => Ok(Algorithm::HmacSha256),
            "sha1" | "sha-1" => Ok(Algorithm::Sha1),
            _ => Err(Error::field(
                ErrorCode::UnsupportedAlgorithm,
                "algo",
                "the Lyra signature algorithm must be hmac-sha256 or sha1",
            )),
        }
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "hmac-sha256",
            Algorithm::Sha1 => "sha1",
        }
    }
}

/// A shop on a Lyra platform.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
pub struct LyraConfig {
    /// Which platform.
    pub platform: Platform,
    /// `vads_site_id` (8 digits).
    pub site_id: String,
    /// The mode the shop runs in; notifications in the other mode are rejected.
    pub mode: Mode,
    /// The TEST key.
    #[serde(default)]
    pub test_key: Option<Secret>,
    /// The PRODUCTION key.
    #[serde(default)]
    pub production_key: Option<Secret>,
    /// The signature algorithm.
    #[serde(default)]
    pub algorithm: Algorithm,
    /// REST API password for this mode (`testpassword_…` / `prodpassword_…`), for refunds and queries.
    #[serde(default)]
    pub rest_password: Option<Secret>,
    /// The REST API HMAC-SHA-256 key of this mode (Back Office, "Clés d'API REST"): it signs the `kr-hash` of
    /// a browser return of the embedded form (`kr-hash-key=sha256_hmac`).
    #[serde(default)]
    pub rest_hmac_key: Option<Secret>,
}

impl LyraConfig {
    /// A configuration with the key of `mode` only.
    pub fn new(platform: Platform, site_id: impl Into<String>, mode: Mode, key: Secret) -> Self {
        let (test_key, production_key) = match mode {
            Mode::Test => (Some(key), None),
            Mode::Production => (None, Some(key)),
        };
        LyraConfig {
            platform,
            site_id: site_id.into(),
            mode,
            test_key,
            production_key,
            algorithm: Algorithm::default(),
            rest_password: None,
            rest_hmac_key: None,
        }
    }

    /// The key for `mode`, or an error naming `vads_ctx_mode` when the shop has none for it.
    pub fn key_for(&self, mode: Mode) -> Result<&Secret> {
        let (key, field) = match mode {
            Mode::Test => (self.test_key.as_ref(), "config.test_key"),
            Mode::Production => (self.production_key.as_ref(), "config.production_key"),
        };
        match key {
            Some(k) => k.non_empty(field),
            None => Err(Error::field(
                ErrorCode::InvalidKey,
                field,
                format!("no {} key is configured for this shop ({field})", mode.as_str()),
            )),
        }
    }

    /// Check the configuration itself (site id format, key for the shop's mode).
    pub fn validate(&self) -> Result<()> {
        crate::format::FieldFormat::notation("n8")
            .check("vads_site_id", &self.site_id)
            .map_err(|e| e.with_gateway_code("02"))?;
        self.key_for(self.mode)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_from_json_redacts_keys() {
        let c: LyraConfig = serde_json::from_str(
            r#"{"platform":"sogecommerce","site_id":"12345678","mode":"TEST","test_key":"1122334455667788"}"#,
        )
        .unwrap();
        assert_eq!(c.algorithm, Algorithm::HmacSha256);
        assert!(c.validate().is_ok());
        assert!(!format!("{c:?}").contains("1122334455667788"));
        assert_eq!(c.key_for(Mode::Production).unwrap_err().code(), ErrorCode::InvalidKey);
        let custom: Platform =
            serde_json::from_str(r#"{"custom":{"form_url":"https://pay.example/vads-payment/"}}"#).unwrap();
        assert_eq!(custom.form_url(), "https://pay.example/vads-payment/");
        assert_eq!(custom.rest_url(), None);
    }

    #[test]
    fn bad_site_id_carries_form_error_02() {
        let c = LyraConfig::new(Platform::Payzen, "1234", Mode::Test, Secret::from("k"));
        let e = c.validate().unwrap_err();
        assert_eq!(e.field_name(), Some("vads_site_id"));
        assert_eq!(e.gateway_code(), Some("02"));
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(Algorithm::parse("HMAC-SHA-256").unwrap(), Algorithm::HmacSha256);
        assert_eq!(Algorithm::parse("sha1").unwrap(), Algorithm::Sha1);
        assert_eq!(Algorithm::parse("md5").unwrap_err().code(), ErrorCode::UnsupportedAlgorithm);
    }
}
