//! The format of every `vads_*` field cpay emits (seed 001 §9, spec §3), and the value rules that keep a
//! signed form acceptable to the platform.
//!
//! The seed's dictionary marks several free-text fields `an` although its own examples hold spaces,
//! punctuation and accents (`vads_cust_phone` "06 12 34 56 78", `vads_cust_legal_name` "D. & Cie",
//! `vads_cust_city` "Labège"). The seed's examples win: those fields are checked as `ans` text, with the
//! seed's length. Identifiers the platform parses (`vads_trans_id`, `vads_site_id`, amounts) stay strict.

use super::codes::form_error_for_field;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;

/// `vads_*` field → format, from seed 001 §9.1–9.4 and the platform's data dictionary.
const FORMATS: &[(&str, FieldFormat)] = &[
    ("vads_action_mode", FieldFormat::notation("an..20")),
    ("vads_amount", FieldFormat::notation("n..12")),
    ("vads_capture_delay", FieldFormat::notation("n..3")),
    ("vads_ctx_mode", FieldFormat::notation("an..10")),
    ("vads_currency", FieldFormat::notation("n3")),
    ("vads_cust_address", FieldFormat::notation("ans..255")),
    ("vads_cust_address2", FieldFormat::notation("ans..255")),
    ("vads_cust_address_number", FieldFormat::notation("ans..64")),
    ("vads_cust_cell_phone", FieldFormat::notation("ans..32")),
    ("vads_cust_city", FieldFormat::notation("ans..128")),
    ("vads_cust_country", FieldFormat::notation("a2")),
    ("vads_cust_district", FieldFormat::notation("ans..127")),
    ("vads_cust_email", FieldFormat::notation("ans..150")),
    ("vads_cust_first_name", FieldFormat::notation("ans..63")),
    ("vads_cust_id", FieldFormat::notation("ans..63")),
    ("vads_cust_last_name", FieldFormat::notation("ans..63")),
    ("vads_cust_legal_name", FieldFormat::notation("ans..100")),
    ("vads_cust_national_id", FieldFormat::notation("ans..255")),
    ("vads_cust_phone", FieldFormat::notation("ans..32")),
    ("vads_cust_state", FieldFormat::notation("ans..127")),
    ("vads_cust_status", FieldFormat::notation("a..7")),
    ("vads_cust_title", FieldFormat::notation("ans..63")),
    ("vads_cust_zip", FieldFormat::notation("ans..64")),
    ("vads_language", FieldFormat::notation("a2")),
    ("vads_nb_products", FieldFormat::notation("n..12")),
    ("vads_order_id", FieldFormat::notation("ans..64")),
    ("vads_order_info", FieldFormat::notation("ans..255")),
    ("vads_order_info2", FieldFormat::notation("ans..255")),
    ("vads_order_info3", FieldFormat::notation("ans..255")),
    ("vads_page_action", FieldFormat::notation("an..20")),
    ("vads_payment_cards", FieldFormat::notation("ans..127")),
    ("vads_payment_config", FieldFormat::notation("ans..1024")),
    ("vads_product_amount", FieldFormat::notation("n..12")),
    ("vads_product_ext_id", FieldFormat::notation("ans..100")),
    ("vads_product_label", FieldFormat::notation("ans..255")),
    ("vads_product_qty", FieldFormat::notation("n..12")),
    ("vads_product_ref", FieldFormat::notation("ans..64")),
    ("vads_product_type", FieldFormat::notation("ans..30")),
    ("vads_redirect_error_message", FieldFormat::notation("ans..255")),
    ("vads_redirect_error_timeout", FieldFormat::notation("n..3")),
    ("vads_redirect_success_message", FieldFormat::notation("ans..255")),
    ("vads_redirect_success_timeout", FieldFormat::notation("n..3")),
    ("vads_return_mode", FieldFormat::notation("a..4")),
    ("vads_ship_to_city", FieldFormat::notation("ans..128")),
    ("vads_ship_to_country", FieldFormat::notation("a2")),
    ("vads_ship_to_district", FieldFormat::notation("ans..127")),
    ("vads_ship_to_first_name", FieldFormat::notation("ans..63")),
    ("vads_ship_to_last_name", FieldFormat::notation("ans..63")),
    ("vads_ship_to_legal_name", FieldFormat::notation("ans..100")),
    ("vads_ship_to_phone_num", FieldFormat::notation("ans..32")),
    ("vads_ship_to_state", FieldFormat::notation("ans..127")),
    ("vads_ship_to_status", FieldFormat::notation("a..7")),
    ("vads_ship_to_street", FieldFormat::notation("ans..255")),
    ("vads_ship_to_street2", FieldFormat::notation("ans..255")),
    ("vads_ship_to_street_number", FieldFormat::notation("ans..64")),
    ("vads_ship_to_zip", FieldFormat::notation("ans..64")),
    ("vads_shipping_amount", FieldFormat::notation("n..12")),
    ("vads_site_id", FieldFormat::notation("n8")),
    ("vads_tax_amount", FieldFormat::notation("n..12")),
    ("vads_trans_date", FieldFormat::notation("n14")),
    ("vads_trans_id", FieldFormat::notation("an6")),
    ("vads_url_cancel", FieldFormat::notation("ans..1024")),
    ("vads_url_check", FieldFormat::notation("ans..1024")),
    ("vads_url_error", FieldFormat::notation("ans..1024")),
    ("vads_url_refused", FieldFormat::notation("ans..1024")),
    ("vads_url_return", FieldFormat::notation("ans..1024")),
    ("vads_url_success", FieldFormat::notation("ans..1024")),
    ("vads_validation_mode", FieldFormat::notation("n1")),
    ("vads_version", FieldFormat::notation("an2")),
];

/// `vads_ext_info_*` values: free text echoed back in the response.
const EXT_INFO_FORMAT: FieldFormat = FieldFormat::notation("ans..255");

/// Look a field's format up (numbered cart fields by their family, `vads_ext_info_*` by prefix).
fn format_of(field: &str) -> Option<FieldFormat> {
    if field.starts_with("vads_ext_info_") {
        return Some(EXT_INFO_FORMAT);
    }
    let family =
        if field.starts_with("vads_product_") { field.trim_end_matches(|c: char| c.is_ascii_digit()) } else { field };
    FORMATS.iter().find(|(name, _)| *name == family).map(|(_, f)| *f)
}

/// Check one field about to be signed: its format, and the characters that break Lyra signatures
/// (spec §2.7: `"`, HTML entities, leading or trailing spaces). The error carries the platform's form
/// error code for the field when it has one.
pub fn check(field: &str, value: &str) -> Result<()> {
    check_value(field, value).map_err(|e| with_form_error(field, e))
}

/// Attach the platform's form error code for `field` to `error`, when the platform has one.
pub fn with_form_error(field: &str, error: Error) -> Error {
    match form_error_for_field(field) {
        Some(code) => error.with_gateway_code(code),
        None => error,
    }
}

fn check_value(field: &str, value: &str) -> Result<()> {
    let format = format_of(field).ok_or_else(|| {
        Error::field(ErrorCode::InvalidValue, field, format!("{field} is not a field cpay knows how to check"))
    })?;
    if value.is_empty() {
        return Err(Error::field(ErrorCode::MissingField, field, format!("{field} must not be empty")));
    }
    format.check(field, value)?;
    if value.contains('"') {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} contains a double quote, which breaks the platform's signature check"),
        ));
    }
    if value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace) {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} starts or ends with a space, which breaks the platform's signature check; trim it"),
        ));
    }
    if contains_html_entity(value) {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} contains an HTML entity (like &eacute;); send the plain UTF-8 character instead"),
        ));
    }
    Ok(())
}

/// `&name;` or `&#123;` / `&#x1F;`: text that was HTML-escaped before reaching cpay.
fn contains_html_entity(value: &str) -> bool {
    value.match_indices('&').any(|(i, _)| {
        let rest = &value[i + 1..];
        match rest.find(';') {
            Some(end) if end > 0 && end <= 10 => {
                let body = &rest[..end];
                let body = body.strip_prefix('#').map(|n| n.trim_start_matches(['x', 'X'])).unwrap_or(body);
                !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric())
            }
            _ => false,
        }
    })
}

/// The 16 product types of seed 001 §9.4.
pub const PRODUCT_TYPES: [&str; 16] = [
    "FOOD_AND_GROCERY",
    "AUTOMOTIVE",
    "ENTERTAINMENT",
    "HOME_AND_GARDEN",
    "HOME_APPLIANCE",
    "AUCTION_AND_GROUP_BUYING",
    "FLOWERS_AND_GIFTS",
    "COMPUTER_AND_SOFTWARE",
    "HEALTH_AND_BEAUTY",
    "SERVICE_FOR_INDIVIDUAL",
    "SERVICE_FOR_BUSINESS",
    "SPORTS",
    "CLOTHING_AND_ACCESSORIES",
    "TRAVEL",
    "HOME_AUDIO_PHOTO_VIDEO",
    "TELEPHONY",
];

/// Languages of the payment page (`vads_language`).
pub const LANGUAGES: [&str; 13] = ["de", "en", "zh", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "sv", "tr"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_names_the_field_and_the_form_error() {
        assert!(check("vads_cust_phone", "(00.571) 638.14.00").is_ok());
        assert!(check("vads_cust_city", "Labège").is_ok());
        assert!(check("vads_cust_legal_name", "D. & Cie").is_ok());
        let e = check("vads_cust_zip", "31 670 ").unwrap_err();
        assert_eq!((e.field_name(), e.gateway_code()), (Some("vads_cust_zip"), Some("20")));
        let e = check("vads_cust_last_name", "Du\"rant").unwrap_err();
        assert_eq!(e.gateway_code(), Some("105"));
        assert!(check("vads_cust_last_name", "D&eacute;rant").is_err());
        assert!(check("vads_cust_last_name", "D&#233;rant").is_err());
        assert!(check("vads_cust_legal_name", "Durant & Fils; SARL").is_ok());
        assert!(check("vads_cust_address", "1 rue\r\nX").is_err());
        assert_eq!(check("vads_product_amount3", "12a").unwrap_err().gateway_code(), Some("102"));
        assert!(check("vads_ext_info_loyalty", "gold").is_ok());
        assert_eq!(check("vads_unknown", "x").unwrap_err().code(), ErrorCode::InvalidValue);
        assert_eq!(check("vads_amount", "").unwrap_err().code(), ErrorCode::MissingField);
    }

    #[test]
    fn the_table_is_sorted_and_unique() {
        for pair in FORMATS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
        }
    }
}
