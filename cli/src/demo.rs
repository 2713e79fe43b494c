//! `cpay demo`: an offline walk-through of a Cpay payment on Sogecommerce.
//!
//! It uses the platform documentation's test shop (site 12345678, TEST key 1122334455667788) and plays the
//! platform's part itself to produce an IPN, so that it runs without network access.

use crate::io::CommandResult;
use cpay_core::lyra::request::{Customer, PaymentRequest, TransIdSource};
use cpay_core::lyra::response::{verify_notification, Expected};
use cpay_core::lyra::{build_form, signature, LyraConfig, Mode, Platform};
use cpay_core::{Amount, Currency, Secret};
use std::fmt::Write as _;
use time::macros::datetime;

const SITE_ID: &str = "12345678";
const DOC_TEST_KEY: &str = "1122334455667788";

/// Run the walk-through and return its text.
pub fn run() -> CommandResult {
    let mut out = String::new();
    let config = LyraConfig::new(Platform::Sogecommerce, SITE_ID, Mode::Test, Secret::from(DOC_TEST_KEY));
    let payment = PaymentRequest {
        amount: Amount::from_minor(2990),
        currency: Currency::EUR,
        trans_id: TransIdSource::Counter(362_812),
        trans_date: datetime!(2020-07-10 10:14:07 UTC),
        order_id: Some("CMD-2020-0042".to_owned()),
        customer: Customer {
            email: Some("me@example.com".to_owned()),
            first_name: Some("John".to_owned()),
            last_name: Some("Doe".to_owned()),
            phone: Some("+33102030405".to_owned()),
            country: Some("FR".to_owned()),
            ..Customer::default()
        },
        ..minimal_request()
    };

    let _ = writeln!(out, "== 1. The shop builds a signed Cpay form (Sogecommerce, TEST, site {SITE_ID}) ==\n");
    let form = build_form(&config, &payment)?;
    out.push_str(&form.to_html("Payer avec Cpay"));

    let _ = writeln!(out, "\n== 2. The platform calls the IPN URL after the payment (simulated here) ==\n");
    let ipn = simulated_ipn(&form.fields, SITE_ID)?;
    let _ = writeln!(out, "{}", cpay_core::urlencoded::encode(ipn.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
    let expected = Expected { order_id: Some("CMD-2020-0042".to_owned()), ..Expected::default() };
    let notification = verify_notification(&config, &ipn, &expected)?;
    let o = &notification.outcome;
    let _ = writeln!(out, "\n== 3. cpay verifies and classifies it ==\n");
    let _ = writeln!(out, "status            {}", o.status.name());
    let _ = writeln!(out, "message           {}", o.message);
    let _ = writeln!(out, "order             {}", o.order_id.as_deref().unwrap_or("-"));
    let _ =
        writeln!(out, "amount            {} EUR", o.amount.map(|a| a.to_decimal(Currency::EUR)).unwrap_or_default());
    let _ = writeln!(out, "card brand        {}", o.card_brand.as_deref().unwrap_or("-"));
    let _ = writeln!(out, "server to server  {}", o.server_to_server);
    let _ = writeln!(out, "idempotency key   {}", o.idempotency_key);
    let _ = writeln!(out, "answer platform   HTTP {} {:?}", notification.reply.status, notification.reply.body);

    let _ = writeln!(out, "\n== 4. A tampered IPN (amount changed to 1 cent) ==\n");
    let mut tampered = ipn.clone();
    set(&mut tampered, "vads_amount", "1");
    let _ = writeln!(out, "rejected: {}", describe(verify_notification(&config, &tampered, &Expected::default())));

    let _ = writeln!(out, "\n== 5. An IPN for another shop (site 87654321) ==\n");
    let other_shop = simulated_ipn(&form.fields, "87654321")?;
    let _ = writeln!(out, "rejected: {}", describe(verify_notification(&config, &other_shop, &Expected::default())));
    Ok(out.trim_end().to_owned())
}

fn minimal_request() -> PaymentRequest {
    PaymentRequest {
        amount: Amount::from_minor(1),
        currency: Currency::EUR,
        trans_id: TransIdSource::Counter(0),
        trans_date: datetime!(2020-01-01 00:00 UTC),
        payment_cards: cpay_core::lyra::request::CPAY_CARD.to_owned(),
        payment_config: Default::default(),
        capture_delay: None,
        manual_validation: false,
        page_action: Default::default(),
        order_id: None,
        order_info: Vec::new(),
        customer: Customer::default(),
        shipping: Default::default(),
        cart: Vec::new(),
        shipping_amount: None,
        tax_amount: None,
        urls: Default::default(),
        return_mode: None,
        language: None,
        redirect: Default::default(),
        ext_info: Default::default(),
    }
}

/// What the platform would post: the form's fields echoed, the result fields, signed with the shop's key.
fn simulated_ipn(
    form: &std::collections::BTreeMap<String, String>,
    site_id: &str,
) -> Result<Vec<(String, String)>, cpay_core::Error> {
    let mut fields: Vec<(String, String)> =
        form.iter().filter(|(k, _)| k.starts_with("vads_")).map(|(k, v)| (k.clone(), v.clone())).collect();
    set(&mut fields, "vads_site_id", site_id);
    for (k, v) in [
        ("vads_trans_status", "CAPTURED"),
        ("vads_result", "00"),
        ("vads_auth_result", "00"),
        ("vads_extra_result", ""),
        ("vads_card_brand", "AURORE-MULTI"),
        ("vads_acquirer_network", "AURORE"),
        ("vads_trans_uuid", "9f3c2a1b4d5e6f708192a3b4c5d6e7f8"),
        ("vads_threeds_auth_type", "CHALLENGE"),
        ("vads_threeds_status", "Y"),
        ("vads_warranty_result", "YES"),
        ("vads_url_check_src", "PAY"),
        ("vads_operation_type", "DEBIT"),
        ("vads_hash", "5a1a0d28c8c9fa3e8a2b50ac3d2bd0a8e2f9c8d7b6a5f4e3d2c1b0a9f8e7d6c5"),
    ] {
        set(&mut fields, k, v);
    }
    let key = Secret::from(DOC_TEST_KEY);
    let sig = signature::sign(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())), &key, Default::default())?;
    fields.push(("signature".to_owned(), sig));
    Ok(fields)
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(slot) => slot.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

fn describe<T>(result: Result<T, cpay_core::Error>) -> String {
    match result {
        Ok(_) => "NOT REJECTED (this is a bug)".to_owned(),
        Err(e) => format!("[{} {}] {}", e.code().number(), e.code(), e.message()),
    }
}
