//! Shop credentials and settings for Worldline Sips 2.0 (Paypage POST).

use super::seal::SealAlgorithm;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::secret::Secret;

/// The default `InterfaceVersion` (the example of the Worldline Sips 2.0 documentation; set the one of the shop's
/// contract).
pub const DEFAULT_INTERFACE_VERSION: &str = "HP_3.4";

/// Which Sips platform the form goes to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsEnvironment")]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    /// Simulation (no bank, shared test merchant).
    Simu,
    /// Customer acceptance test with the shop's merchant id.
    Test,
    /// Production.
    Production,
    /// A bank-branded host (Sogenactif, Mercanet, Sherlock's…): the full `paymentInit` URL.
    Custom {
        /// The Paypage POST URL.
        url: String,
    },
}

impl Environment {
    /// The Paypage POST URL (the old `sips-atos.com` hosts are gone).
    pub fn url(&self) -> &str {
        match self {
            Environment::Simu => "https://payment-webinit.simu.sips-services.com/paymentInit",
            Environment::Test => "https://payment-webinit.test.sips-services.com/paymentInit",
            Environment::Production => "https://payment-webinit.sips-services.com/paymentInit",
            Environment::Custom { url } => url,
        }
    }
}

/// A shop on Sips 2.0.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SipsConfig {
    /// `merchantId`.
    pub merchant_id: String,
    /// `keyVersion`: which of the shop's secret keys seals.
    pub key_version: u32,
    /// The secret key of that version.
    #[serde(default)]
    pub secret_key: Option<Secret>,
    /// Where the form goes.
    pub environment: Environment,
    /// `InterfaceVersion` (default `HP_3.4`).
    #[serde(default = "default_interface_version")]
    pub interface_version: String,
    /// How the seal is computed (default HMAC-SHA-256).
    #[serde(default)]
    pub seal_algorithm: SealAlgorithm,
    /// Post Data base64-encoded (`Encode=base64`); the seal then covers the base64 text.
    #[serde(default)]
    pub base64: bool,
    /// Base URL of the Sips Office server for cash management and diagnostic calls (default: by `environment`,
    /// `https://office-server.sips-services.com` in production, `https://office-server.test.sips-services.com`
    /// for test and simulation; required with a `custom` environment).
    #[serde(default)]
    pub office_url: Option<String>,
}

fn default_interface_version() -> String {
    DEFAULT_INTERFACE_VERSION.to_owned()
}

impl SipsConfig {
    /// Check the merchant id, the interface version and the URL.
    pub fn validate(&self) -> Result<()> {
        if self.merchant_id.is_empty() {
            return Err(Error::missing("merchantId"));
        }
        FieldFormat::notation("an..15").check("merchantId", &self.merchant_id)?;
        if self.interface_version.is_empty() {
            return Err(Error::missing("InterfaceVersion"));
        }
        FieldFormat::notation("ans..20").check("InterfaceVersion", &self.interface_version)?;
        crate::http::check_gateway_url(self.environment.url(), "environment", ErrorCode::InvalidValue)
    }

    /// The Sips Office base URL (Worldline Sips data dictionary, Office functions, "Endpoints").
    pub fn office_base(&self) -> Result<&str> {
        let base = match (&self.office_url, &self.environment) {
            (Some(url), _) => url.as_str(),
            (None, Environment::Production) => "https://office-server.sips-services.com",
            (None, Environment::Test | Environment::Simu) => "https://office-server.test.sips-services.com",
            (None, Environment::Custom { .. }) => {
                return Err(Error::field(
                    ErrorCode::MissingField,
                    "office_url",
                    "a custom Sips platform needs office_url for Office (server-to-server) calls",
                ))
            }
        };
        crate::http::check_gateway_url(base, "office_url", ErrorCode::InvalidValue)?;
        Ok(base.trim_end_matches('/'))
    }

    /// The secret key, or an error when none is configured.
    pub fn key(&self) -> Result<&Secret> {
        match &self.secret_key {
            Some(k) if !k.is_empty() => Ok(k),
            _ => Err(Error::field(
                ErrorCode::InvalidKey,
                "config.secret_key",
                "no Sips secret key is configured: set config.secret_key",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_from_json() {
        let c: SipsConfig = serde_json::from_str(
            r#"{"merchant_id":"002001000000001","key_version":1,"secret_key":"002001000000001_KEY1","environment":"simu"}"#,
        )
        .unwrap();
        assert_eq!(c.interface_version, "HP_3.4");
        assert_eq!(c.seal_algorithm, SealAlgorithm::HmacSha256);
        assert!(c.validate().is_ok());
        assert!(!format!("{c:?}").contains("KEY1"));
        assert_eq!(c.environment.url(), "https://payment-webinit.simu.sips-services.com/paymentInit");
        let custom: Environment =
            serde_json::from_str(r#"{"custom":{"url":"https://payment-webinit.mercanet.bnpparibas.net/paymentInit"}}"#)
                .unwrap();
        assert!(custom.url().contains("mercanet"));
    }
}
