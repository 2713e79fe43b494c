//! The format of every `vads_*` field cpay emits (Sogecommerce guide "Ajouter le bouton de paiement Cpay",
//! "Générer un formulaire de paiement", and the Dictionnaire de données), and the value rules that keep a
//! signed form acceptable to the platform.
//!
//! The guide's field tables mark several free-text fields `an` although its own examples hold spaces,
//! punctuation and accents (`vads_cust_phone` "06 12 34 56 78", `vads_cust_legal_name` "D. & Cie",
//! `vads_cust_city` "Labège"). The guide's examples win: those fields are checked as `ans` text, with
//! the guide's length. Identifiers the platform parses (`vads_trans_id`, `vads_site_id`, amounts) stay strict.

use super::codes::form_error_for_field;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;

/// `vads_*` field (a numbered cart field by its family) → its format, from the Sogecommerce guide "Ajouter le
/// bouton de paiement Cpay" (chapters "Créer une demande de paiement" to "Transmettre les données de la commande")
/// and the platform's Dictionnaire de données (each notation is read at compile time).
///
/// A `match` rather than a table: the compiler compares each candidate of the right length against a
/// constant inline, where a table scan calls `memcmp` for every same-length name (they all start with
/// `vads_`). A binary search over the table was measured slower still.
fn format_of_family(family: &str) -> Option<FieldFormat> {
    Some(match family {
        "vads_action_mode" => const { FieldFormat::notation("an..20") },
        "vads_amount" => const { FieldFormat::notation("n..12") },
        "vads_capture_delay" => const { FieldFormat::notation("n..3") },
        "vads_ctx_mode" => const { FieldFormat::notation("an..10") },
        "vads_currency" => const { FieldFormat::notation("n3") },
        "vads_cust_address" => const { FieldFormat::notation("ans..255") },
        "vads_cust_address2" => const { FieldFormat::notation("ans..255") },
        "vads_cust_address_number" => const { FieldFormat::notation("ans..64") },
        "vads_cust_cell_phone" => const { FieldFormat::notation("ans..32") },
        "vads_cust_city" => const { FieldFormat::notation("ans..128") },
        "vads_cust_country" => const { FieldFormat::notation("a2") },
        "vads_cust_district" => const { FieldFormat::notation("ans..127") },
        "vads_cust_email" => const { FieldFormat::notation("ans..150") },
        "vads_cust_first_name" => const { FieldFormat::notation("ans..63") },
        "vads_cust_id" => const { FieldFormat::notation("ans..63") },
        "vads_cust_last_name" => const { FieldFormat::notation("ans..63") },
        "vads_cust_legal_name" => const { FieldFormat::notation("ans..100") },
        "vads_cust_national_id" => const { FieldFormat::notation("ans..255") },
        "vads_cust_phone" => const { FieldFormat::notation("ans..32") },
        "vads_cust_state" => const { FieldFormat::notation("ans..127") },
        "vads_cust_status" => const { FieldFormat::notation("a..7") },
        "vads_cust_title" => const { FieldFormat::notation("ans..63") },
        "vads_cust_zip" => const { FieldFormat::notation("ans..64") },
        "vads_language" => const { FieldFormat::notation("a2") },
        "vads_nb_products" => const { FieldFormat::notation("n..12") },
        "vads_order_id" => const { FieldFormat::notation("ans..64") },
        "vads_order_info" => const { FieldFormat::notation("ans..255") },
        "vads_order_info2" => const { FieldFormat::notation("ans..255") },
        "vads_order_info3" => const { FieldFormat::notation("ans..255") },
        "vads_page_action" => const { FieldFormat::notation("an..20") },
        "vads_payment_cards" => const { FieldFormat::notation("ans..127") },
        "vads_payment_config" => const { FieldFormat::notation("ans..1024") },
        "vads_payment_option_code" => const { FieldFormat::notation("an..32") },
        "vads_payment_src" => const { FieldFormat::notation("a..5") },
        "vads_product_amount" => const { FieldFormat::notation("n..12") },
        "vads_product_ext_id" => const { FieldFormat::notation("ans..100") },
        "vads_product_label" => const { FieldFormat::notation("ans..255") },
        "vads_product_qty" => const { FieldFormat::notation("n..12") },
        "vads_product_ref" => const { FieldFormat::notation("ans..64") },
        "vads_product_type" => const { FieldFormat::notation("ans..30") },
        "vads_redirect_error_message" => const { FieldFormat::notation("ans..255") },
        "vads_redirect_error_timeout" => const { FieldFormat::notation("n..3") },
        "vads_redirect_success_message" => const { FieldFormat::notation("ans..255") },
        "vads_redirect_success_timeout" => const { FieldFormat::notation("n..3") },
        "vads_return_mode" => const { FieldFormat::notation("a..4") },
        "vads_ship_to_city" => const { FieldFormat::notation("ans..128") },
        "vads_ship_to_country" => const { FieldFormat::notation("a2") },
        "vads_ship_to_district" => const { FieldFormat::notation("ans..127") },
        "vads_ship_to_first_name" => const { FieldFormat::notation("ans..63") },
        "vads_ship_to_last_name" => const { FieldFormat::notation("ans..63") },
        "vads_ship_to_legal_name" => const { FieldFormat::notation("ans..100") },
        "vads_ship_to_phone_num" => const { FieldFormat::notation("ans..32") },
        "vads_ship_to_state" => const { FieldFormat::notation("ans..127") },
        "vads_ship_to_status" => const { FieldFormat::notation("a..7") },
        "vads_ship_to_street" => const { FieldFormat::notation("ans..255") },
        "vads_ship_to_street2" => const { FieldFormat::notation("ans..255") },
        "vads_ship_to_street_number" => const { FieldFormat::notation("ans..64") },
        "vads_ship_to_zip" => const { FieldFormat::notation("ans..64") },
        "vads_shipping_amount" => const { FieldFormat::notation("n..12") },
        "vads_site_id" => const { FieldFormat::notation("n8") },
        "vads_tax_amount" => const { FieldFormat::notation("n..12") },
        "vads_trans_date" => const { FieldFormat::notation("n14") },
        "vads_trans_id" => const { FieldFormat::notation("an6") },
        "vads_url_cancel" => const { FieldFormat::notation("ans..1024") },
        "vads_url_check" => const { FieldFormat::notation("ans..1024") },
        "vads_url_error" => const { FieldFormat::notation("ans..1024") },
        "vads_url_refused" => const { FieldFormat::notation("ans..1024") },
        "vads_url_return" => const { FieldFormat::notation("ans..1024") },
        "vads_url_success" => const { FieldFormat::notation("ans..1024") },
        "vads_validation_mode" => const { FieldFormat::notation("n1") },
        "vads_version" => const { FieldFormat::notation("an2") },
        _ => return None,
    })
}

/// `vads_ext_info_*` values: free text echoed back in the response.
const EXT_INFO_FORMAT: FieldFormat = FieldFormat::notation("ans..255");

/// Look a field's format up (numbered cart fields by their family, `vads_ext_info_*` by prefix).
fn format_of(field: &str) -> Option<FieldFormat> {
    if field.starts_with("vads_ext_info_") {
        return Some(EXT_INFO_FORMAT);
    }
    let family =
        if field.starts_with("vads_product_") { field.trim_end_matches(|c: char| c.is_ascii_digit()) } else { field };
    format_of_family(family)
}

/// Whether cpay knows the format of `field` (so [`check`] can judge it); the sandbox skips the others, as the
/// platform accepts many more `vads_*` fields than cpay emits.
pub fn is_known(field: &str) -> bool {
    format_of(field).is_some()
}

/// Check one field about to be signed: its format, and the characters that break Lyra signatures (Lyra's
/// description of form error 00, SIGNATURE: `"`, HTML entities, leading or trailing spaces). The error carries the
/// platform's form error code for the field when it has one.
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

/// The 16 product types of the Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Transmettre les données de
/// la commande".
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
    fn known_fields_have_their_documented_format() {
        use crate::format::{Charset, Length};
        let f = |name| format_of(name).map(|f| (f.charset(), f.length()));
        assert_eq!(f("vads_trans_date"), Some((Charset::Numeric, Length::Fixed(14))));
        assert_eq!(f("vads_product_label12"), Some((Charset::Text, Length::Max(255))));
        assert_eq!(f("vads_ext_info_x"), Some((Charset::Text, Length::Max(255))));
        assert_eq!(f("vads_version"), Some((Charset::Alnum, Length::Fixed(2))));
        assert_eq!(f("vads_cust_status"), Some((Charset::Alpha, Length::Max(7))));
        assert_eq!(f("vads_product"), None);
        assert_eq!(f("vads_amount2"), None);
    }
}
