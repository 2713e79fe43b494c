//! Sips Paypage JSON (Worldline Sips documentation, "Sips Paypage JSON"): the shop POSTs the payment request as
//! JSON to `…/rs-services/v2/paymentInit` server to server, and the answer gives the `redirectionUrl` and the
//! `redirectionData` the buyer's browser then posts there. The result comes back exactly as with Paypage POST
//! (`sips.notification`).
//!
//! **The JSON seal:** the values of every field, concatenated in the alphabetical order of the field names,
//! containers replaced by their own values in the same order and lists by their elements in order, with
//! `keyVersion`, `seal` and `sealAlgorithm` left out; then the seal algorithm of the shop (HMAC-SHA-256 by
//! default) over that text. Worldline's own example ("Sips Paypage JSON", seal example, reproduced by Worldline's
//! Java SDK test `computeSealFromDoc_success`) gives `322b943d…5b81` with the key `secret123`. The answer is
//! sealed the same way and is verified before its redirection is trusted.

use super::config::SipsConfig;
use super::request::{data_pairs, SipsPayment};
use super::seal;
use crate::error::{Error, ErrorCode, Result};
use crate::form::{FormCharset, FormMethod, PaymentForm};
use crate::http::{HttpRequest, HttpResponse};
use crate::secret::constant_time_eq;
use serde_json::{Map, Value};

/// The interfaceVersion of Paypage JSON when the shop gives none (the last one Worldline documents).
pub const DEFAULT_JSON_INTERFACE_VERSION: &str = "IR_WS_3.4";
/// The largest answer read (an initialisation answer is well under 16 KiB).
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Fields whose POST Data value is a `,`-separated list, written as JSON arrays.
const LIST_FIELDS: [&str; 4] = [
    "paymentMeanBrandList",
    "instalmentData.amountsList",
    "instalmentData.datesList",
    "instalmentData.transactionReferencesList",
];
/// Fields outside the seal.
const UNSEALED: [&str; 3] = ["keyVersion", "seal", "sealAlgorithm"];

/// The text the JSON seal is computed over (see the module documentation).
pub fn seal_string(fields: &Map<String, Value>) -> String {
    let mut out = String::new();
    let mut keys: Vec<&String> = fields.keys().filter(|k| !UNSEALED.contains(&k.as_str())).collect();
    keys.sort();
    for key in keys {
        push_value(&mut out, &fields[key.as_str()], 0);
    }
    out
}

fn push_value(out: &mut String, value: &Value, depth: usize) {
    // The depth bound keeps a hostile answer from recursing without end (serde_json already stops at 128).
    if depth > 32 {
        return;
    }
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => items.iter().for_each(|v| push_value(out, v, depth + 1)),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            keys.into_iter().for_each(|k| push_value(out, &map[k.as_str()], depth + 1));
        }
    }
}

/// The JSON endpoint next to the POST one: `…/paymentInit` → `…/rs-services/v2/paymentInit`.
pub fn endpoint(config: &SipsConfig) -> Result<String> {
    let url = config.environment.url();
    let base = url.strip_suffix("/paymentInit").ok_or_else(|| {
        Error::field(ErrorCode::InvalidValue, "environment", "a custom Sips URL must end with /paymentInit")
    })?;
    Ok(format!("{base}/rs-services/v2/paymentInit"))
}

/// The JSON request body of `payment` (sealed).
pub fn request_body(config: &SipsConfig, payment: &SipsPayment, interface_version: &str) -> Result<Map<String, Value>> {
    config.validate()?;
    let key = config.key()?;
    crate::format::FieldFormat::notation("ans..20").check("interfaceVersion", interface_version)?;
    let mut body = Map::new();
    for (key, value) in data_pairs(config, payment)? {
        let json = if LIST_FIELDS.contains(&key.as_str()) {
            Value::Array(value.split(',').map(|v| Value::String(v.to_owned())).collect())
        } else {
            Value::String(value)
        };
        insert_path(&mut body, &key, json)?;
    }
    body.insert("interfaceVersion".into(), Value::String(interface_version.to_owned()));
    if let Some(name) = config.seal_algorithm.field_value() {
        body.insert("sealAlgorithm".into(), Value::String(name.to_owned()));
    }
    let sealed = seal::seal(seal_string(&body).as_bytes(), key, config.seal_algorithm)?;
    body.insert("seal".into(), Value::String(sealed));
    Ok(body)
}

/// Put `value` at the dotted `path` (`customerContact.email` → `{"customerContact": {"email": …}}`).
fn insert_path(body: &mut Map<String, Value>, path: &str, value: Value) -> Result<()> {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or(path);
    let mut node = body;
    for part in parts {
        let entry = node.entry(part.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        node = entry.as_object_mut().ok_or_else(|| {
            Error::field(ErrorCode::Inconsistent, path, format!("{part} is both a value and a container"))
        })?;
    }
    if node.insert(last.to_owned(), value).is_some() {
        return Err(Error::field(ErrorCode::Inconsistent, path, format!("{path} is given twice")));
    }
    Ok(())
}

/// `paymentInit` as an [`HttpRequest`] (JSON, server to server).
pub fn payment_init(config: &SipsConfig, payment: &SipsPayment, interface_version: &str) -> Result<HttpRequest> {
    let body = request_body(config, payment, interface_version)?;
    Ok(HttpRequest::post(endpoint(config)?, "application/json", Value::Object(body).to_string())
        .with_header("Accept", "application/json"))
}

/// A verified initialisation answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Redirection {
    /// `redirectionUrl`: where the buyer's browser goes.
    pub redirection_url: String,
    /// The form that takes the buyer there (`redirectionVersion`, `redirectionData`, POST).
    pub form: PaymentForm,
}

/// Read and verify a `paymentInit` answer: its seal, then `redirectionStatusCode` `00`.
pub fn payment_init_answer(config: &SipsConfig, response: &HttpResponse) -> Result<Redirection> {
    if response.body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(ErrorCode::TooLarge, "the paymentInit answer is larger than 64 KiB"));
    }
    let json: Value = serde_json::from_str(&response.body).map_err(|_| {
        Error::general(
            ErrorCode::UnexpectedResponse,
            format!("the paymentInit answer (HTTP {}) is not JSON", response.status),
        )
    })?;
    let fields = json
        .as_object()
        .ok_or_else(|| Error::general(ErrorCode::UnexpectedResponse, "the paymentInit answer is not a JSON object"))?;
    let received =
        fields.get("seal").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| {
            Error::field(ErrorCode::SignatureMissing, "seal", "the paymentInit answer carries no seal")
        })?;
    let expected = seal::seal(seal_string(fields).as_bytes(), config.key()?, config.seal_algorithm)?;
    if !constant_time_eq(expected.as_bytes(), received.to_ascii_lowercase().as_bytes()) {
        return Err(Error::field(
            ErrorCode::SignatureMismatch,
            "seal",
            "the seal does not match the answer and the shop's key",
        ));
    }
    let text = |k: &str| fields.get(k).and_then(Value::as_str).filter(|v| !v.is_empty());
    let code = text("redirectionStatusCode").ok_or_else(|| Error::missing("redirectionStatusCode"))?;
    if code != "00" {
        let message = text("redirectionStatusMessage").unwrap_or("refused");
        return Err(Error::field(
            ErrorCode::GatewayError,
            "redirectionStatusCode",
            format!("Sips refused the payment request: redirectionStatusCode {code} ({message})"),
        )
        .with_gateway_code(code));
    }
    let url = text("redirectionUrl").ok_or_else(|| Error::missing("redirectionUrl"))?;
    crate::http::check_gateway_url(url, "redirectionUrl", ErrorCode::UnexpectedResponse)?;
    let data = text("redirectionData").ok_or_else(|| Error::missing("redirectionData"))?;
    let mut form_fields = std::collections::BTreeMap::new();
    form_fields.insert("redirectionData".to_owned(), data.to_owned());
    if let Some(version) = text("redirectionVersion") {
        form_fields.insert("redirectionVersion".to_owned(), version.to_owned());
    }
    Ok(Redirection {
        redirection_url: url.to_owned(),
        form: PaymentForm {
            action: url.to_owned(),
            method: FormMethod::Post,
            charset: FormCharset::Utf8,
            fields: form_fields,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn worldline_seal_example() {
        let request: Value = serde_json::from_str(
            r#"{"amount":"2500","automaticResponseUrl":"https://automatic-response-url.fr/",
            "normalReturnUrl":"https://normal-return-url/","captureDay":"0","captureMode":"AUTHOR_CAPTURE",
            "currencyCode":"978","customerContact":{"email":"customer@email.com"},"interfaceVersion":"IR_WS_2.22",
            "keyVersion":"1","merchantId":"011223344550000","orderChannel":"INTERNET","orderId":"ORD101",
            "returnContext":"ReturnContext","transactionOrigin":"SO_WEBAPPLI","transactionReference":"TREFEXA2012"}"#,
        )
        .unwrap();
        let text = seal_string(request.as_object().unwrap());
        let key = Secret::from("secret123");
        assert_eq!(
            seal::seal(text.as_bytes(), &key, seal::SealAlgorithm::HmacSha256).unwrap(),
            "322b943d833417c1570e0a282641e8e29d6a5b968c9b846694b5610e18ab5b81"
        );
    }
}
