//! The emulated Sips 2.0 seen from outside: an independent client seals its Paypage POST form itself
//! (HMAC-SHA-256 from the `hmac` crate, not cpay-core) and checks the automatic response's seal itself; then
//! cpay-core's own requests (Paypage POST, Paypage JSON, Office) with the loopback URLs a shop uses.

mod common;

use common::*;
use cpay_core::sips::office::{self, Action, AnswerExpected, CancelRequest, CaptureRequest, RefundRequest};
use cpay_core::sips::{paypage_json, response, SipsConfig, SipsPayment};
use cpay_core::{Amount, Currency, ErrorCode, Operation, Status};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::time::Duration;

const MERCHANT: &str = "002001000000001";
const KEY: &str = "002001000000001_KEY1";

/// Sips' seal: lowercase hex HMAC-SHA-256 of the Data text as posted.
fn seal(data: &str, key: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn data(reference: &str, shop: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("amount".to_string(), "124990".to_string()),
        ("automaticResponseUrl".into(), format!("http://{shop}/notify/sips")),
        ("currencyCode".into(), "978".into()),
        ("customerContact.firstname".into(), FIRST_NAME.into()),
        ("customerContact.lastname".into(), LAST_NAME.into()),
        ("keyVersion".into(), "1".into()),
        ("merchantId".into(), MERCHANT.into()),
        ("normalReturnUrl".into(), format!("http://{shop}/return/sips")),
        ("orderChannel".into(), "INTERNET".into()),
        ("orderId".into(), "CMD-7".into()),
        ("paymentMeanBrandList".into(), "CETELEM_3X,CETELEM_4X".into()),
        ("transactionReference".into(), reference.into()),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k.to_string(), v.to_string()));
    }
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("|")
}

fn form(data: &str, seal: &str) -> String {
    form_body([("Data", data), ("Seal", seal), ("InterfaceVersion", "HP_3.4"), ("SealAlgorithm", "HMAC-SHA-256")])
}

fn config(sandbox: &Sandbox) -> SipsConfig {
    serde_json::from_value(serde_json::json!({
        "merchant_id": MERCHANT, "key_version": 1, "secret_key": KEY,
        "environment": {"custom": {"url": format!("http://{}/sips/paymentInit", sandbox.addr)}},
        "office_url": format!("http://{}/sips/office", sandbox.addr),
    }))
    .unwrap()
}

/// The Data pairs of an automatic response, its seal checked independently of cpay-core.
fn check_response(body: &str) -> BTreeMap<String, String> {
    let fields = parse_form(body);
    assert_eq!(fields["Seal"], seal(&fields["Data"], KEY), "automatic response seal");
    fields["Data"].split('|').map(|p| p.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap()).collect()
}

fn pay(sandbox: &Sandbox, page: &str, outcome: &str, brand: &str) -> Answer {
    post_form(&sandbox.addr, &format!("{page}/outcome"), &form_body([("outcome", outcome), ("brand", brand)]))
}

#[test]
fn paypage_post_accepted_sends_a_sealed_automatic_response_then_returns() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let text = data("CPAYT1", &shop, &[]);
    let posted = post_form(&sandbox.addr, "/sips/paymentInit", &form(&text, &seal(&text, KEY)));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let page_path = posted.header("location").unwrap();
    let page = request(&sandbox.addr, "GET", &page_path, "text/plain", "");
    assert_eq!(page.status, 200);
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    assert!(page.body.contains("1249.90 EUR") && page.body.contains("CMD-7"), "{}", page.body);
    assert!(page.body.contains("Renée L&#39;Hôte-Lefèvre"), "{}", page.body);
    assert!(page.body.contains("value=\"CETELEM_3X\"") && page.body.contains("Cetelem 4X CB"));
    // The 4x schedule: four instalments summing to the amount.
    assert!(page.body.contains("data-brand=\"CETELEM_4X\"") && page.body.contains("data-instalment=\"4\""));
    assert!(page.body.contains("<td>312.49 EUR</td>") && page.body.contains("<td>312.47 EUR</td>"), "{}", page.body);

    let back = pay(&sandbox, &page_path, "accepted", "CETELEM_4X");
    assert_eq!(back.status, 200);
    // The automatic response came before the browser's return.
    let notified = received.try_recv().expect("automatic response before the return");
    assert_eq!((notified.method.as_str(), notified.target.as_str()), ("POST", "/notify/sips"));
    let pairs = check_response(&notified.body);
    assert_eq!(pairs["responseCode"], "00");
    assert_eq!(pairs["paymentMeanBrand"], "CETELEM_4X");
    assert_eq!((pairs["transactionReference"].as_str(), pairs["amount"].as_str()), ("CPAYT1", "124990"));
    assert_eq!(pairs["merchantId"], MERCHANT);
    // What a shop using cpay does with it.
    let expected = response::Expected {
        transaction_reference: Some("CPAYT1".into()),
        amount: Some(Amount::from_minor(124990)),
        ..Default::default()
    };
    let outcome = response::verify_body(&config(&sandbox), notified.body.as_bytes(), &expected, true).unwrap();
    assert_eq!((outcome.status, outcome.card_brand.as_deref()), (Status::Accepted, Some("CETELEM_4X")));
    // The browser posts the same signed response to normalReturnUrl.
    assert!(back.body.contains(&format!("action=\"http://{shop}/return/sips\"")), "{}", back.body);
    assert!(back.body.contains("name=\"Seal\"") && back.body.contains("name=\"Data\""));
    // A second choice is refused; the ledger has the payment captured.
    assert_eq!(pay(&sandbox, &page_path, "refused", "").status, 409);
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["status"].as_str(), list[0]["captured"].as_u64()), (Some("accepted"), Some(124990)));
    assert_eq!(list[0]["ipn_attempts"][0]["body"], notified.body.as_str());
    // The same transactionReference again: duplicate (94).
    let again = post_form(&sandbox.addr, "/sips/paypage", &form(&text, &seal(&text, KEY)));
    assert!(again.body.contains("data-response-code=\"94\""), "{}", again.body);
}

#[test]
fn bad_seal_wrong_key_unknown_merchant_get_the_error_page_and_nothing_is_sent() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let text = data("CPAYT2", &shop, &[]);
    let tampered = text.replace("amount=124990", "amount=100");
    let cases = [
        (form(&tampered, &seal(&text, KEY)), "34"),
        (form(&text, &seal(&text, "002001000000001_KEY2")), "34"),
        (form(&text, ""), "34"),
        (
            form(
                &data("CPAYT3", &shop, &[("keyVersion", "2")]),
                &seal(&data("CPAYT3", &shop, &[("keyVersion", "2")]), KEY),
            ),
            "34",
        ),
        (
            form(
                &data("CPAYT4", &shop, &[("merchantId", "002001000000002")]),
                &seal(&data("CPAYT4", &shop, &[("merchantId", "002001000000002")]), KEY),
            ),
            "03",
        ),
        (
            form(
                &data("CPAYT5", &shop, &[("currencyCode", "840")]),
                &seal(&data("CPAYT5", &shop, &[("currencyCode", "840")]), KEY),
            ),
            "12",
        ),
    ];
    for (body, code) in cases {
        let answer = post_form(&sandbox.addr, "/sips/paymentInit", &body);
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert!(answer.body.contains(&format!("data-response-code=\"{code}\"")), "{code}: {}", answer.body);
    }
    assert_eq!(payments(&sandbox.addr).as_array().unwrap().len(), 0);
    // Paypage JSON with a wrong seal: redirectionStatusCode 34, and the answer sealed so cpay-core reads it.
    let payment: SipsPayment = serde_json::from_value(serde_json::json!({
        "amount": 124990, "transaction_reference": "CPAYJ9", "normal_return_url": format!("http://{shop}/return"),
        "automatic_response_url": format!("http://{shop}/notify"),
    }))
    .unwrap();
    let mut r = paypage_json::payment_init(&config(&sandbox), &payment, "IR_WS_3.4").unwrap();
    r.body = r.body.replace("124990", "100");
    let e = paypage_json::payment_init_answer(&config(&sandbox), &send(&sandbox.addr, &r)).unwrap_err();
    assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("34")));
    assert_nothing_sent(&received, Duration::from_millis(200), "no automatic response for a refused request");
}

#[test]
fn cpay_core_paypage_json_and_post_with_loopback_urls_then_office_refund_rules_and_status() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox);
    // Paypage JSON, as cpay-core builds it: paymentInit → redirection → the page.
    let payment: SipsPayment = serde_json::from_value(serde_json::json!({
        "amount": 124990, "transaction_reference": "CPAYJ1", "order_id": "CMD-8",
        "normal_return_url": format!("http://{shop}/return"), "automatic_response_url": format!("http://{shop}/notify"),
        "extra": {"customerContact": {"firstname": FIRST_NAME, "lastname": LAST_NAME}},
    }))
    .unwrap();
    let init = paypage_json::payment_init(&config, &payment, "IR_WS_3.4").unwrap();
    assert_eq!(init.url, format!("http://{}/sips/rs-services/v2/paymentInit", sandbox.addr));
    let redirection = paypage_json::payment_init_answer(&config, &send(&sandbox.addr, &init)).unwrap();
    assert_eq!(redirection.redirection_url, format!("http://{}/sips/redirection", sandbox.addr));
    let fields: Vec<(&str, &str)> = redirection.form.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let arrived = post_form(&sandbox.addr, "/sips/redirection", &form_body(fields));
    assert_eq!(arrived.status, 303);
    let page_path = arrived.header("location").unwrap();
    let page = request(&sandbox.addr, "GET", &page_path, "text/plain", "");
    assert!(page.body.contains("Cpay (Cetelem)") && page.body.contains("data-outcome=\"pending\""), "{}", page.body);
    // Pending, then accepted: two automatic responses for one transaction, both accepted by cpay-core.
    assert_eq!(pay(&sandbox, &page_path, "pending", "").status, 200);
    assert_eq!(pay(&sandbox, &page_path, "accepted", "").status, 200);
    let expected = response::Expected { transaction_reference: Some("CPAYJ1".into()), ..Default::default() };
    let statuses: Vec<Status> = (0..2)
        .map(|_| {
            let r = received.recv_timeout(Duration::from_secs(5)).unwrap();
            response::verify_body(&config, r.body.as_bytes(), &expected, true).unwrap().status
        })
        .collect();
    assert_eq!(statuses, [Status::Pending, Status::Accepted]);

    let answer = |r: &cpay_core::HttpRequest, action: Option<Action>| {
        office::verify_answer(
            &config,
            &send(&sandbox.addr, r),
            &AnswerExpected { transaction_reference: "CPAYJ1".into() },
            action,
        )
    };
    let status = answer(&office::status(&config, "CPAYJ1").unwrap(), None).unwrap();
    assert_eq!((status.operation, status.status), (Operation::Capture, Status::Accepted));
    assert_eq!(status.details["transaction_status"], "CAPTURED");
    // A refund above what was captured: cpay-core refuses to build it, and the sandbox refuses it too (24)
    // when a shop believes more was captured.
    let refund = |amount: u64, captured: u64| RefundRequest {
        transaction_reference: "CPAYJ1".into(),
        amount: Amount::from_minor(amount),
        currency: Currency::EUR,
        check: cpay_core::plan::refund::RefundCheck {
            option: None,
            paid_at: time::OffsetDateTime::now_utc(),
            now: time::OffsetDateTime::now_utc(),
            captured: Amount::from_minor(captured),
            refunded: Amount::ZERO,
        },
    };
    assert_eq!(office::refund(&config, &refund(124991, 124990)).unwrap_err().code(), ErrorCode::RefundNotAllowed);
    let e = answer(&office::refund(&config, &refund(124991, 200000)).unwrap(), Some(Action::Refund)).unwrap_err();
    assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("24")));
    let part = answer(&office::refund(&config, &refund(24990, 124990)).unwrap(), Some(Action::Refund)).unwrap();
    assert_eq!((part.operation, part.status), (Operation::Refund, Status::Accepted));
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["refunded"].as_u64(), list[0]["status"].as_str()), (Some(24990), Some("accepted")));
    let rest = answer(&office::refund(&config, &refund(100000, 124990)).unwrap(), Some(Action::Refund)).unwrap();
    assert_eq!(rest.details["new_status"], "CREDITED");
    let status = answer(&office::status(&config, "CPAYJ1").unwrap(), None).unwrap();
    assert_eq!((status.operation, status.status), (Operation::Refund, Status::Accepted));
    let e = answer(&office::refund(&config, &refund(1, 200000)).unwrap(), Some(Action::Refund)).unwrap_err();
    assert_eq!(e.gateway_code(), Some("24"));

    // Paypage POST as cpay-core builds it (base64 Data, SHA-256 seal): its form goes to the loopback URL.
    let mut post_config = config.clone();
    post_config.base64 = true;
    post_config.seal_algorithm = cpay_core::sips::SealAlgorithm::Sha256;
    let payment: SipsPayment = serde_json::from_value(serde_json::json!({
        "amount": 45000, "transaction_reference": "CPAYV1", "capture_mode": "VALIDATION", "capture_day": 5,
        "normal_return_url": format!("http://{shop}/return"), "automatic_response_url": format!("http://{shop}/notify"),
    }))
    .unwrap();
    let built = cpay_core::sips::build_form(&post_config, &payment).unwrap();
    assert_eq!(built.action, format!("http://{}/sips/paymentInit", sandbox.addr));
    let fields: Vec<(&str, &str)> = built.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let posted = post_form(&sandbox.addr, "/sips/paymentInit", &form_body(fields));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let page_path = posted.header("location").unwrap();
    assert_eq!(pay(&sandbox, &page_path, "accepted", "").status, 200);
    let notified = received.recv_timeout(Duration::from_secs(5)).unwrap();
    let expected = response::Expected { transaction_reference: Some("CPAYV1".into()), ..Default::default() };
    let outcome = response::verify_body(&post_config, notified.body.as_bytes(), &expected, true).unwrap();
    assert_eq!((outcome.status, outcome.details["capture_mode"].as_str()), (Status::Accepted, "VALIDATION"));
    let v_answer = |r: &cpay_core::HttpRequest, action: Option<Action>| {
        office::verify_answer(
            &config,
            &send(&sandbox.addr, r),
            &AnswerExpected { transaction_reference: "CPAYV1".into() },
            action,
        )
    };
    let status = v_answer(&office::status(&config, "CPAYV1").unwrap(), None).unwrap();
    assert_eq!(status.details["transaction_status"], "TO_VALIDATE");
    // Nothing captured: a refund is refused (24); cancel, then a validation is refused.
    let e = v_answer(
        &office::refund(&config, &{
            let mut r = refund(100, 45000);
            r.transaction_reference = "CPAYV1".into();
            r
        })
        .unwrap(),
        Some(Action::Refund),
    )
    .unwrap_err();
    assert_eq!(e.gateway_code(), Some("24"));
    let cancel = CancelRequest {
        transaction_reference: "CPAYV1".into(),
        amount: Amount::from_minor(45000),
        currency: Currency::EUR,
        authorised: Amount::from_minor(45000),
        captured: Amount::ZERO,
    };
    let cancelled = v_answer(&office::cancel(&config, &cancel).unwrap(), Some(Action::Cancel)).unwrap();
    assert_eq!((cancelled.operation, cancelled.details["new_status"].as_str()), (Operation::Cancellation, "CANCELLED"));
    let capture = CaptureRequest {
        transaction_reference: "CPAYV1".into(),
        amount: Amount::from_minor(45000),
        currency: Currency::EUR,
        authorised: Amount::from_minor(45000),
        capture_limit_date: None,
        now: None,
    };
    let e = v_answer(&office::capture(&config, &capture).unwrap(), Some(Action::Capture)).unwrap_err();
    assert_eq!(e.gateway_code(), Some("24"));
    let status = v_answer(&office::status(&config, "CPAYV1").unwrap(), None).unwrap();
    assert_eq!((status.operation, status.status), (Operation::Cancellation, Status::Accepted));
    // An unknown transaction (25) and a request sealed with another key (34).
    let e = answer(&office::status(&config, "NOPE1").unwrap(), None).unwrap_err();
    assert_eq!(e.gateway_code(), Some("25"));
    let mut wrong = config.clone();
    wrong.secret_key = Some(cpay_core::Secret::from("002001000000001_KEY2"));
    let r = office::status(&wrong, "CPAYJ1").unwrap();
    let e = answer(&r, None).unwrap_err();
    assert_eq!(e.gateway_code(), Some("34"));
}

#[test]
fn delayed_automatic_response_comes_after_the_return_and_a_lost_one_never() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox);
    queue_fault(&sandbox.addr, "{\"fault\":\"lost_ipn\"}");
    queue_fault(&sandbox.addr, "{\"fault\":\"delayed_ipn\",\"delay_ms\":300}");
    let mut pages = Vec::new();
    for reference in ["CPAYL1", "CPAYD1"] {
        let text = data(reference, &shop, &[]);
        let posted = post_form(&sandbox.addr, "/sips/paymentInit", &form(&text, &seal(&text, KEY)));
        pages.push(posted.header("location").unwrap());
    }
    for page in &pages {
        assert_eq!(pay(&sandbox, page, "accepted", "CETELEM_3X").status, 200);
    }
    assert!(received.try_recv().is_err(), "nothing before the returns");
    let late = received.recv_timeout(Duration::from_secs(5)).expect("the delayed response");
    assert_eq!(check_response(&late.body)["transactionReference"], "CPAYD1");
    assert_nothing_sent(&received, Duration::from_millis(200), "nothing more");
    // The lost one: the status check recovers the payment.
    let status = office::verify_answer(
        &config,
        &send(&sandbox.addr, &office::status(&config, "CPAYL1").unwrap()),
        &AnswerExpected { transaction_reference: "CPAYL1".into() },
        None,
    )
    .unwrap();
    assert_eq!((status.status, status.card_brand.as_deref()), (Status::Accepted, Some("CETELEM_3X")));
}

#[test]
fn a_refund_made_in_sips_office_extranet_is_not_notified_so_the_sandbox_refuses_to_invent_one() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let text = data("CPAYB1", &shop, &[]);
    let posted = post_form(&sandbox.addr, "/sips/paymentInit", &form(&text, &seal(&text, KEY)));
    let page = posted.header("location").unwrap();
    assert_eq!(pay(&sandbox, &page, "accepted", "CETELEM_3X").status, 200);
    received.recv_timeout(Duration::from_secs(5)).expect("the automatic response");
    let id = page.rsplit('/').next().unwrap();
    let answer = post_json(&sandbox.addr, &format!("/_sandbox/api/payments/{id}/back-office-refund"), "");
    assert_eq!(answer.status, 409, "{}", answer.body);
    let error: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    let why = error["error"].as_str().unwrap();
    assert!(why.contains("does not notify") && why.contains("getTransactionData"), "{why}");
    assert_nothing_sent(&received, Duration::from_millis(300), "Sips notifies no back-office refund");
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["refunded"].as_u64(), list[0]["status"].as_str()), (Some(0), Some("accepted")));
    let admin = get(&sandbox.addr, "/_sandbox/");
    assert!(!admin.body.contains(&format!("/_sandbox/payments/{id}/back-office-refund")));
    assert!(admin.body.contains("data-back-office-refund=\"not-notified\""));
}
