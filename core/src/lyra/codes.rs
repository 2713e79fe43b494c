//! Lyra code tables: `vads_trans_status`, `vads_result`, `vads_auth_result` and the form error codes.

use crate::outcome::{Operation, Status};

/// Which operation a Lyra message reports, from its own fields (Lyra Dictionnaire de données:
/// `vads_operation_type`, `vads_trans_status`, `vads_url_check_src`; REST: `operationType`, `detailedStatus`).
///
/// | `operation_type` | `trans_status` | operation |
/// |---|---|---|
/// | `CREDIT` | any | refund (a refund transaction, its own `vads_trans_uuid`) |
/// | `DEBIT` or absent | `CANCELLED` | cancellation (a payment cancelled after it was authorised: by the merchant in the Back Office, through the REST API, or by the platform) |
/// | `DEBIT` or absent | `CAPTURE_FAILED` | capture (the capture at the bank failed) |
/// | `DEBIT` or absent | anything else | payment |
///
/// `vads_url_check_src` says *why* the message was sent (`PAY` at the end of the payment, `BO` resent by
/// hand from the Back Office, `MERCH_BO` after an operation made in the Back Office, `BATCH`/`BATCH_AUTO`
/// after a batch update, `REC` a recurring payment, `RETRY` an automatic retry): it does not change the
/// operation (a resend or a retry reports the transaction as it is now), so it is kept in
/// `details.url_check_src` and does not decide here. The buyer abandoning the payment page is `ABANDONED`
/// (a payment, cancelled), never `CANCELLED`.
pub fn operation(operation_type: Option<&str>, trans_status: Option<&str>) -> Operation {
    match (operation_type, trans_status) {
        (Some("CREDIT"), _) => Operation::Refund,
        (_, Some("CANCELLED")) => Operation::Cancellation,
        (_, Some("CAPTURE_FAILED")) => Operation::Capture,
        _ => Operation::Payment,
    }
}

/// Classify `vads_trans_status` (Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Traiter les données de
/// la réponse"). Unknown values are `None`: the caller decides (never "accepted").
pub fn trans_status(value: &str) -> Option<(Status, &'static str)> {
    let found = match value {
        "AUTHORISED" => (Status::Accepted, "authorised, waiting to be captured"),
        "CAPTURED" => (Status::Accepted, "authorised and captured (sent to the bank)"),
        "ACCEPTED" => (Status::Accepted, "accepted"),
        "PARTIALLY_AUTHORISED" => (Status::Accepted, "partially authorised"),
        "INITIAL" => (Status::Pending, "waiting for the buyer"),
        "CAPTURE_PENDING" => (Status::Pending, "capture in progress"),
        "WAITING_AUTHORISATION" => (Status::Pending, "waiting for authorisation"),
        "WAITING_AUTHORISATION_TO_VALIDATE" => (Status::Pending, "waiting for authorisation, to validate"),
        "AUTHORISED_TO_VALIDATE" => (Status::Pending, "authorised, to be validated by the merchant"),
        "UNDER_VERIFICATION" => (Status::Pending, "under verification by the platform"),
        "PRE_AUTHORISED" => (Status::Pending, "pre-authorised"),
        "WAITING_FOR_PAYMENT" => (Status::Pending, "waiting for the payment"),
        "SUSPENDED" => (Status::Pending, "suspended"),
        "PENDING" => (Status::Pending, "pending"),
        "REFUND_TO_RETRY" => (Status::Pending, "refund to retry"),
        "ABANDONED" => (Status::Cancelled, "abandoned by the buyer"),
        "NOT_CREATED" => (Status::Cancelled, "not created"),
        "CANCELLED" => (Status::Cancelled, "cancelled"),
        "REFUSED" => (Status::Refused, "refused"),
        "EXPIRED" => (Status::Refused, "expired"),
        "CAPTURE_FAILED" => (Status::Refused, "capture failed"),
        _ => return None,
    };
    Some(found)
}

/// Meaning of `vads_result` (n2).
pub fn result_meaning(value: &str) -> Option<&'static str> {
    Some(match value {
        "00" => "success",
        "02" => "contact the card issuer",
        "05" => "refused",
        "17" => "cancelled by the buyer",
        "30" => "form error (see extra_result)",
        "96" => "technical error",
        _ => return None,
    })
}

/// Meaning of `vads_auth_result` (network authorisation code). For Cpay, the buyer must ask Cetelem why.
pub fn auth_result_meaning(value: &str) -> Option<&'static str> {
    Some(match value {
        "0" | "00" => "accepted",
        "02" => "contact the card issuer",
        "03" => "invalid acceptor",
        "04" => "keep the card",
        "05" => "do not honour",
        "12" => "invalid transaction",
        "13" => "invalid amount",
        "14" => "invalid card number",
        "17" => "cancelled by the buyer",
        "33" | "38" | "54" => "card expired",
        "34" | "59" => "suspected fraud",
        "41" => "lost card",
        "43" => "stolen card",
        "51" => "insufficient funds",
        "56" => "card not in file",
        "57" | "58" => "transaction not allowed",
        "63" => "security rules not met",
        "68" => "no response from the issuer",
        "90" | "91" | "96" | "97" | "98" | "99" => "technical error at the issuer",
        _ => return None,
    })
}

/// Form error codes (`vads_result=30`, code in `vads_extra_result`; Lyra's error code pages): (code, name, field).
pub const FORM_ERRORS: &[(&str, &str, &str)] = &[
    ("00", "SIGNATURE", "signature"),
    ("01", "VERSION", "vads_version"),
    ("02", "SITE_ID", "vads_site_id"),
    ("03", "TRANS_ID", "vads_trans_id"),
    ("04", "TRANS_DATE", "vads_trans_date"),
    ("05", "VALIDATION_MODE", "vads_validation_mode"),
    ("06", "CAPTURE_DELAY", "vads_capture_delay"),
    ("07", "PAYMENT_CONFIG", "vads_payment_config"),
    ("08", "PAYMENT_CARDS", "vads_payment_cards"),
    ("09", "AMOUNT", "vads_amount"),
    ("10", "CURRENCY", "vads_currency"),
    ("11", "CTX_MODE", "vads_ctx_mode"),
    ("12", "LANGUAGE", "vads_language"),
    ("13", "ORDER_ID", "vads_order_id"),
    ("14", "ORDER_INFO", "vads_order_info"),
    ("15", "CUST_EMAIL", "vads_cust_email"),
    ("16", "CUST_ID", "vads_cust_id"),
    ("17", "CUST_TITLE", "vads_cust_title"),
    ("18", "CUST_NAME", "vads_cust_name"),
    ("19", "CUST_ADDRESS", "vads_cust_address"),
    ("20", "CUST_ZIP", "vads_cust_zip"),
    ("21", "CUST_CITY", "vads_cust_city"),
    ("22", "CUST_COUNTRY", "vads_cust_country"),
    ("23", "CUST_PHONE", "vads_cust_phone"),
    ("24", "URL_SUCCESS", "vads_url_success"),
    ("25", "URL_REFUSED", "vads_url_refused"),
    ("26", "URL_REFERRAL", "vads_url_referral"),
    ("27", "URL_CANCEL", "vads_url_cancel"),
    ("28", "URL_RETURN", "vads_url_return"),
    ("29", "URL_ERROR", "vads_url_error"),
    ("30", "IDENTIFIER", "vads_identifier"),
    ("31", "CONTRIB", "vads_contrib"),
    ("32", "THEME_CONFIG", "vads_theme_config"),
    ("33", "URL_CHECK", "vads_url_check"),
    ("34", "REDIRECT_SUCCESS_TIMEOUT", "vads_redirect_success_timeout"),
    ("35", "REDIRECT_SUCCESS_MESSAGE", "vads_redirect_success_message"),
    ("36", "REDIRECT_ERROR_TIMEOUT", "vads_redirect_error_timeout"),
    ("37", "REDIRECT_ERROR_MESSAGE", "vads_redirect_error_message"),
    ("38", "RETURN_POST_PARAMS", "vads_return_post_params"),
    ("39", "RETURN_GET_PARAMS", "vads_return_get_params"),
    ("46", "PAGE_ACTION", "vads_page_action"),
    ("47", "ACTION_MODE", "vads_action_mode"),
    ("48", "RETURN_MODE", "vads_return_mode"),
    ("70", "EMPTY_PARAMS", ""),
    ("74", "OP_COFINOGA", ""),
    ("75", "OP_CETELEM", ""),
    ("76", "BIRTH_DATE", "vads_cust_birth_date"),
    ("77", "CUST_CELL_PHONE", "vads_cust_cell_phone"),
    ("80", "SHIP_TO_NAME", "vads_ship_to_name"),
    ("81", "SHIP_TO_STREET", "vads_ship_to_street"),
    ("82", "SHIP_TO_STREET2", "vads_ship_to_street2"),
    ("83", "SHIP_TO_CITY", "vads_ship_to_city"),
    ("84", "SHIP_TO_STATE", "vads_ship_to_state"),
    ("85", "SHIP_TO_ZIP", "vads_ship_to_zip"),
    ("86", "SHIP_TO_COUNTRY", "vads_ship_to_country"),
    ("87", "SHIP_TO_PHONE_NUM", "vads_ship_to_phone_num"),
    ("97", "PRODUCT_LABEL", "vads_product_label"),
    ("98", "PRODUCT_TYPE", "vads_product_type"),
    ("100", "PRODUCT_REF", "vads_product_ref"),
    ("101", "PRODUCT_QTY", "vads_product_qty"),
    ("102", "PRODUCT_AMOUNT", "vads_product_amount"),
    ("104", "CUST_FIRST_NAME", "vads_cust_first_name"),
    ("105", "CUST_LAST_NAME", "vads_cust_last_name"),
    ("204", "SIGNATURE_ALGORITHM", ""),
    ("888", "ROBOT_REQUEST", ""),
    ("999", "SENSITIVE_DATA", ""),
];

/// The name of a form error code (`"09"` → `"AMOUNT"`); accepts `"9"` as well as `"09"`.
pub fn form_error_name(code: &str) -> Option<&'static str> {
    let normalized = if code.len() == 1 { format!("0{code}") } else { code.to_owned() };
    FORM_ERRORS.iter().find(|(c, _, _)| *c == normalized).map(|(_, name, _)| *name)
}

/// The form error code the platform would report for a problem with `field`, if it has one.
///
/// Numbered cart fields (`vads_product_amount3`) map to their family; `vads_cust_name` covers both names.
pub fn form_error_for_field(field: &str) -> Option<&'static str> {
    let family = field.trim_end_matches(|c: char| c.is_ascii_digit());
    FORM_ERRORS.iter().find(|(_, _, f)| !f.is_empty() && *f == family).map(|(code, _, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpay_statuses() {
        assert_eq!(trans_status("CAPTURED").unwrap().0, Status::Accepted);
        assert_eq!(trans_status("REFUSED").unwrap().0, Status::Refused);
        assert_eq!(trans_status("ABANDONED").unwrap().0, Status::Cancelled);
        assert_eq!(trans_status("UNDER_VERIFICATION").unwrap().0, Status::Pending);
        assert!(trans_status("captured").is_none());
    }

    #[test]
    fn form_errors() {
        assert_eq!(form_error_name("75"), Some("OP_CETELEM"));
        assert_eq!(form_error_name("9"), Some("AMOUNT"));
        assert_eq!(form_error_for_field("vads_amount"), Some("09"));
        assert_eq!(form_error_for_field("vads_product_amount12"), Some("102"));
        assert_eq!(form_error_for_field("vads_ext_info_x"), None);
        let mut codes: Vec<&str> = FORM_ERRORS.iter().map(|e| e.0).collect();
        codes.dedup();
        assert_eq!(codes.len(), FORM_ERRORS.len());
    }
}
