//! Shop credentials and the endpoint for Payline's SOAP web services.

use super::soap::Writer;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::HttpRequest;
use crate::secret::Secret;

/// The version of the Payline API the requests ask for, unless the shop chooses another one.
pub const DEFAULT_VERSION: &str = "21";

/// Where the web services run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineEnvironment")]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Test platform: `https://homologation.payline.com/V4/services/`.
    Homologation,
    /// Live platform: `https://services.payline.com/V4/services/`.
    Production,
    /// Another base URL ending with `/V4/services/` (a certificate endpoint, a proxy, a test double).
    Custom(String),
}

impl<'de> serde::Deserialize<'de> for Environment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        match &value {
            serde_json::Value::String(name) if name == "homologation" => Ok(Environment::Homologation),
            serde_json::Value::String(name) if name == "production" => Ok(Environment::Production),
            serde_json::Value::Object(map) if map.len() == 1 => match map.get("custom") {
                Some(serde_json::Value::String(url)) => Ok(Environment::Custom(url.clone())),
                _ => Err(crate::json::de_error(Environment::invalid())),
            },
            _ => Err(crate::json::de_error(Environment::invalid())),
        }
    }
}

impl Environment {
    fn invalid() -> Error {
        Error::field(
            ErrorCode::InvalidValue,
            "config.environment",
            "environment must be \"homologation\", \"production\" or {\"custom\": \"https://…/V4/services/\"}",
        )
    }

    /// The services base URL, ending with `/`.
    pub fn base_url(&self) -> Result<String> {
        match self {
            Environment::Homologation => Ok("https://homologation.payline.com/V4/services/".to_owned()),
            Environment::Production => Ok("https://services.payline.com/V4/services/".to_owned()),
            Environment::Custom(url) => {
                let url = super::url::normalize("environment", url)?;
                Ok(if url.ends_with('/') { url } else { format!("{url}/") })
            }
        }
    }
}

/// Which SOAP service an operation belongs to (the WSDL's port types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// `doWebPayment`, `getWebPaymentDetails`.
    WebPayment,
    /// `doCapture`, `doRefund`, `doReset`, `doReAuthorization`.
    DirectPayment,
    /// `getTransactionDetails` (the WSDL's `ExtendedAPI` port).
    Extended,
}

impl Service {
    fn path(self) -> &'static str {
        match self {
            Service::WebPayment => "WebPaymentAPI",
            Service::DirectPayment => "DirectPaymentAPI",
            Service::Extended => "ExtendedAPI",
        }
    }
}

/// A merchant account: id, access key (HTTP Basic password), environment and API version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaylineConfig {
    /// The merchant id (the HTTP Basic user).
    pub merchant_id: String,
    /// The access key from the administration centre (the HTTP Basic password).
    pub access_key: Secret,
    /// `homologation`, `production` or `{"custom": "https://…/V4/services/"}`.
    pub environment: Environment,
    /// The `version` element every request carries (default [`DEFAULT_VERSION`]).
    #[serde(default = "default_version")]
    pub version: String,
}

fn default_version() -> String {
    DEFAULT_VERSION.to_owned()
}

impl PaylineConfig {
    /// Check the merchant id, the key and the version.
    pub fn validate(&self) -> Result<()> {
        if self.merchant_id.is_empty() {
            return Err(Error::missing("merchant_id"));
        }
        FieldFormat::notation("an..50").check("merchant_id", &self.merchant_id)?;
        if self.access_key.is_empty() {
            return Err(Error::field(
                ErrorCode::InvalidKey,
                "config.access_key",
                "the Payline access key is empty: set config.access_key",
            ));
        }
        if self.version.is_empty() {
            return Err(Error::missing("version"));
        }
        FieldFormat::notation("n..3").check("version", &self.version)
    }

    /// The SOAP call `operation` of `service` with the body written by `write`, authenticated.
    pub fn request(&self, service: Service, operation: &str, write: Writer) -> Result<HttpRequest> {
        self.validate()?;
        let url = format!("{}{}", self.environment.base_url()?, service.path());
        Ok(HttpRequest::post(url, "text/xml; charset=utf-8", write.envelope(operation))
            .with_header("SOAPAction", format!("\"{operation}\""))
            .with_basic_auth(&self.merchant_id, self.access_key.expose()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_basic_auth() {
        let config = PaylineConfig {
            merchant_id: "111111111".into(),
            access_key: Secret::from("AFju9XHplQzvamffO72L"),
            environment: Environment::Homologation,
            version: DEFAULT_VERSION.into(),
        };
        let r = config.request(Service::DirectPayment, "doCapture", Writer::new()).unwrap();
        assert_eq!(r.url, "https://homologation.payline.com/V4/services/DirectPaymentAPI");
        assert_eq!(r.headers["Authorization"], "Basic MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM");
        assert_eq!(r.headers["SOAPAction"], "\"doCapture\"");
        let custom = Environment::Custom("https://proxy.example/V4/services".into());
        assert_eq!(custom.base_url().unwrap(), "https://proxy.example/V4/services/");
        assert!(Environment::Custom("ftp://x".into()).base_url().is_err());
        let mut bad = config.clone();
        bad.access_key = Secret::from("");
        assert_eq!(bad.validate().unwrap_err().code(), ErrorCode::InvalidKey);
        bad = config;
        bad.merchant_id = "1:2".into();
        assert_eq!(bad.validate().unwrap_err().field_name(), Some("merchant_id"));
    }
}
