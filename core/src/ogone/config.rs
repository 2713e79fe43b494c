//! Shop credentials and settings for Ogone e-Commerce (and the same engine at ePDQ, PostFinance, Worldline).

use super::signature::{Algorithm, Charset};
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::secret::Secret;

/// The platform's default base URL; ePDQ, PostFinance and Worldline run the same engine elsewhere.
pub const DEFAULT_BASE_URL: &str = "https://secure.ogone.com/ncol";

/// Test or production account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneEnvironment")]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// The test account (`/ncol/test/`).
    Test,
    /// The production account (`/ncol/prod/`).
    Prod,
}

/// A shop on Ogone e-Commerce.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OgoneConfig {
    /// The shop's PSPID.
    pub pspid: String,
    /// Test or production.
    pub environment: Environment,
    /// Base URL of the engine, without the trailing `/test` or `/prod` (default `https://secure.ogone.com/ncol`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The payment page's charset; the hash uses the same one (default UTF-8, `orderstandard_utf8.asp`).
    #[serde(default)]
    pub charset: Charset,
    /// The hash algorithm chosen in the back office (applies to SHA-IN and SHA-OUT).
    pub algorithm: Algorithm,
    /// The SHA-IN passphrase (to sign requests).
    #[serde(default)]
    pub sha_in_passphrase: Option<Secret>,
    /// The SHA-OUT passphrase (to verify feedback); it must differ from the SHA-IN one.
    #[serde(default)]
    pub sha_out_passphrase: Option<Secret>,
    /// The account still uses the legacy SHA-OUT (ten fixed values) for feedback.
    #[serde(default)]
    pub legacy_sha_out: bool,
    /// `USERID`: the API user (back office "Users", with the "DirectLink" / "Special user for API" profile)
    /// that server-to-server calls (`maintenancedirect.asp`, `querydirect.asp`) are made with.
    #[serde(default)]
    pub user_id: Option<String>,
    /// `PSWD`: that API user's password (sent in the body of DirectLink calls; never printed).
    #[serde(default)]
    pub api_password: Option<Secret>,
}

impl OgoneConfig {
    /// The form action: `{base}/{test|prod}/orderstandard_utf8.asp`, or `orderstandard.asp` for ISO-8859-1.
    pub fn form_url(&self) -> String {
        let base = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim_end_matches('/');
        let env = match self.environment {
            Environment::Test => "test",
            Environment::Prod => "prod",
        };
        let page = match self.charset {
            Charset::Utf8 => "orderstandard_utf8.asp",
            Charset::Latin1 => "orderstandard.asp",
        };
        format!("{base}/{env}/{page}")
    }

    /// The URL of a DirectLink page: `{base}/{test|prod}/{page}` (`maintenancedirect.asp`, `querydirect.asp`).
    pub fn page_url(&self, page: &str) -> String {
        let base = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim_end_matches('/');
        let env = match self.environment {
            Environment::Test => "test",
            Environment::Prod => "prod",
        };
        format!("{base}/{env}/{page}")
    }

    /// The API user and password of DirectLink calls, or an error naming the one missing.
    pub fn api_user(&self) -> Result<(&str, &Secret)> {
        let user = self.user_id.as_deref().filter(|u| !u.is_empty()).ok_or_else(|| {
            Error::field(
                ErrorCode::InvalidKey,
                "user_id",
                "no DirectLink API user (USERID) is configured for this shop",
            )
        })?;
        FieldFormat::notation("ans..50").check("USERID", user)?;
        let password = passphrase(self.api_password.as_ref(), "api_password")?;
        Ok((user, password))
    }

    /// Check the PSPID and the base URL.
    pub fn validate(&self) -> Result<()> {
        if self.pspid.is_empty() {
            return Err(Error::missing("PSPID"));
        }
        FieldFormat::notation("ans..30").check("PSPID", &self.pspid)?;
        if let Some(base) = &self.base_url {
            crate::http::check_gateway_url(base, "base_url", ErrorCode::InvalidValue)?;
        }
        Ok(())
    }

    /// The SHA-IN passphrase, or an error when none is configured.
    pub fn sha_in(&self) -> Result<&Secret> {
        passphrase(self.sha_in_passphrase.as_ref(), "config.sha_in_passphrase")
    }

    /// The SHA-OUT passphrase, or an error when none is configured.
    pub fn sha_out(&self) -> Result<&Secret> {
        passphrase(self.sha_out_passphrase.as_ref(), "config.sha_out_passphrase")
    }
}

fn passphrase<'a>(secret: Option<&'a Secret>, field: &str) -> Result<&'a Secret> {
    match secret {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(Error::field(
            ErrorCode::InvalidKey,
            field,
            format!("no passphrase is configured for this shop: set {field}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_url_follows_environment_and_charset() {
        let mut c: OgoneConfig = serde_json::from_str(
            r#"{"pspid":"MyPSPID","environment":"test","algorithm":"sha512","sha_in_passphrase":"in-secret"}"#,
        )
        .unwrap();
        assert_eq!(c.form_url(), "https://secure.ogone.com/ncol/test/orderstandard_utf8.asp");
        c.charset = Charset::Latin1;
        c.environment = Environment::Prod;
        c.base_url = Some("https://payments.epdq.co.uk/ncol/".into());
        assert_eq!(c.form_url(), "https://payments.epdq.co.uk/ncol/prod/orderstandard.asp");
        assert!(c.validate().is_ok());
        assert!(!format!("{c:?}").contains("in-secret"));
        assert_eq!(c.sha_out().unwrap_err().code(), ErrorCode::InvalidKey);
        c.base_url = Some("http://x".into());
        assert!(c.validate().is_err());
        c.base_url = Some("http://127.0.0.1:8099/ogone/ncol".into());
        assert!(c.validate().is_ok());
        c.base_url = Some("http://x".into());
        assert_eq!(c.validate().unwrap_err().field_name(), Some("base_url"));
    }
}
