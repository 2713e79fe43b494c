//! The sandbox seen from outside: the `cpay-sandbox` binary, an independent client that signs Lyra forms itself
//! (HMAC-SHA-256 from the `hmac` crate, not cpay-core), and a small shop server that receives the IPNs and
//! checks their signature itself. Plain std TCP, no HTTP library.

mod common;

use base64::Engine as _;
use common::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::time::Duration;

const KEY: &str = "1122334455667788";

/// Lyra's signature: the vads_* values sorted by name, joined by `+`, then `+key`; HMAC-SHA-256, base64.
fn sign(fields: &BTreeMap<String, String>, key: &str) -> String {
    let mut message: String =
        fields.iter().filter(|(k, _)| k.starts_with("vads_")).map(|(_, v)| format!("{v}+")).collect();
    message.push_str(key);
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn demo_form(trans_id: &str, shop: &str) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    for (k, v) in [
        ("vads_action_mode", "INTERACTIVE"),
        ("vads_amount", "45000"),
        ("vads_ctx_mode", "TEST"),
        ("vads_currency", "978"),
        ("vads_cust_email", "jeanne@example.org"),
        ("vads_cust_first_name", "Jeanne"),
        ("vads_cust_last_name", "Durand"),
        ("vads_order_id", "CMD-42"),
        ("vads_page_action", "PAYMENT"),
        ("vads_payment_cards", "AURORE-MULTI"),
        ("vads_payment_config", "SINGLE"),
        ("vads_site_id", "12345678"),
        ("vads_trans_date", "20261127100000"),
        ("vads_trans_id", trans_id),
        ("vads_version", "V2"),
    ] {
        f.insert(k.to_string(), v.to_string());
    }
    f.insert("vads_url_check".into(), format!("http://{shop}/ipn"));
    f.insert("vads_url_return".into(), format!("http://{shop}/return"));
    f
}

fn signed(mut fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let s = sign(&fields, KEY);
    fields.insert("signature".into(), s);
    fields
}

/// Post the form, follow to the payment page; the page's path.
fn open_payment_page(sandbox: &Sandbox, form: &BTreeMap<String, String>) -> (String, Answer) {
    let posted = post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(form));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let location = posted.header("location").unwrap();
    let page = request(&sandbox.addr, "GET", &location, "text/plain", "");
    (location, page)
}

fn check_ipn(body: &str) -> BTreeMap<String, String> {
    let ipn = parse_form(body);
    assert_eq!(ipn.get("signature"), Some(&sign(&ipn, KEY)), "IPN signature");
    ipn
}

#[test]
fn accepted_payment_sends_a_signed_ipn_then_returns_to_the_shop() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let (path, page) = open_payment_page(&sandbox, &signed(demo_form("000001", &shop)));
    assert_eq!(page.status, 200);
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    assert!(page.body.contains("CMD-42") && page.body.contains("450.00 EUR") && page.body.contains("Jeanne"));
    assert!(page.body.contains("Cpay (Cetelem)"));

    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted&card=AURORE-MULTI");
    assert_eq!(back.status, 303);
    assert_eq!(back.header("location").unwrap(), format!("http://{shop}/return"));
    // The IPN came before the redirect.
    let body = ipns.try_recv().expect("IPN before the browser return").body;
    let ipn = check_ipn(&body);
    // What a shop using cpay does with it: cpay-core's own verification accepts it as a paid order.
    let shop = cpay_core::lyra::LyraConfig::new(
        cpay_core::lyra::Platform::Sogecommerce,
        "12345678",
        cpay_core::lyra::Mode::Test,
        cpay_core::Secret::new(KEY),
    );
    let expected = cpay_core::lyra::response::Expected { order_id: Some("CMD-42".into()), ..Default::default() };
    let verified = cpay_core::lyra::response::verify_body(&shop, body.as_bytes(), &expected).unwrap();
    assert_eq!(verified.outcome.status, cpay_core::Status::Accepted);
    assert_eq!(ipn["vads_trans_status"], "AUTHORISED");
    assert_eq!(ipn["vads_result"], "00");
    assert_eq!(ipn["vads_order_id"], "CMD-42");
    assert_eq!(ipn["vads_amount"], "45000");
    assert_eq!(ipn["vads_url_check_src"], "PAY");
    assert_eq!(ipn["vads_trans_uuid"].len(), 32);
    assert_eq!(ipn["vads_operation_type"], "DEBIT");
    // A second choice on the same payment is refused.
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=refused").status, 409);
    let list = request(&sandbox.addr, "GET", "/_sandbox/api/payments", "text/plain", "");
    assert!(
        list.body.contains("\"status\":\"accepted\"") && list.body.contains("\"http_status\":200"),
        "{}",
        list.body
    );
    // The attempt is recorded with the exact body sent (a test replays it), and the payment is captured.
    let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let payment = &list["payments"][0];
    assert_eq!(payment["ipn_attempts"][0]["body"], body.as_str());
    assert_eq!(payment["ipn_attempts"][0]["method"], "POST");
    assert_eq!((payment["captured"].as_u64(), payment["refunded"].as_u64()), (Some(45000), Some(0)));
}

#[test]
fn tampered_form_gets_the_platform_error_page_and_no_ipn() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let mut form = signed(demo_form("000002", &shop));
    form.insert("vads_amount".into(), "100".into());
    let answer = post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&form));
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("data-error-code=\"00\"") && answer.body.contains("SIGNATURE"), "{}", answer.body);
    // Wrong key, unknown shop, bad amount format: each its own code.
    let mut other = demo_form("000003", &shop);
    let wrong_key = sign(&other, "0000000000000000");
    other.insert("signature".into(), wrong_key);
    assert!(post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&other))
        .body
        .contains("data-error-code=\"00\""));
    let mut unknown = demo_form("000004", &shop);
    unknown.insert("vads_site_id".into(), "87654321".into());
    let unknown = signed(unknown);
    assert!(post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&unknown))
        .body
        .contains("data-error-code=\"02\""));
    let mut bad_amount = demo_form("000005", &shop);
    bad_amount.insert("vads_amount".into(), "12.50".into());
    let bad_amount = signed(bad_amount);
    assert!(post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&bad_amount))
        .body
        .contains("data-error-code=\"09\""));
    let list = request(&sandbox.addr, "GET", "/_sandbox/api/payments", "text/plain", "");
    assert_eq!(list.body, "{\"payments\":[]}");
    assert_nothing_sent(&ipns, Duration::from_millis(200), "no IPN for a refused form");
}

#[test]
fn duplicate_ipn_fault_sends_it_twice_and_retries_follow_a_failing_shop() {
    let (shop, ipns) = start_shop(vec![500]);
    let sandbox = start_sandbox(&[]);
    let fault = queue_fault(&sandbox.addr, "{\"fault\":\"duplicate_ipn\"}");
    assert_eq!(fault.status, 201, "{}", fault.body);
    let (path, _) = open_payment_page(&sandbox, &signed(demo_form("000006", &shop)));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=refused");
    assert_eq!(back.status, 303);
    // First copy: 500 then a retry after 100 ms; second copy: 200.
    let bodies: Vec<String> = (0..3).map(|_| ipns.recv_timeout(Duration::from_secs(5)).expect("IPN").body).collect();
    let first = check_ipn(&bodies[0]);
    assert_eq!(first["vads_trans_status"], "REFUSED");
    assert!(bodies.iter().all(|b| check_ipn(b)["vads_trans_uuid"] == first["vads_trans_uuid"]));
    assert_nothing_sent(&ipns, Duration::from_millis(300), "exactly three posts");
    let list = request(&sandbox.addr, "GET", "/_sandbox/api/payments", "text/plain", "");
    assert!(
        list.body.contains("\"http_status\":500") && list.body.contains("\"fault\":\"duplicate_ipn\""),
        "{}",
        list.body
    );
}

#[test]
fn lost_and_delayed_ipn_and_return_mode_get() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    queue_fault(&sandbox.addr, "{\"fault\":\"lost_ipn\"}");
    queue_fault(&sandbox.addr, "{\"fault\":\"delayed_ipn\",\"delay_ms\":300}");
    let (lost, _) = open_payment_page(&sandbox, &signed(demo_form("000007", &shop)));
    assert_eq!(post_form(&sandbox.addr, &format!("{lost}/outcome"), "outcome=accepted").status, 303);
    let mut form = demo_form("000008", &shop);
    form.insert("vads_return_mode".into(), "GET".into());
    let (delayed, _) = open_payment_page(&sandbox, &signed(form));
    let back = post_form(&sandbox.addr, &format!("{delayed}/outcome"), "outcome=accepted");
    let location = back.header("location").unwrap();
    let query = parse_form(location.split_once('?').unwrap().1);
    assert_eq!(query["signature"], sign(&query, KEY), "return signature");
    assert!(!query.contains_key("vads_hash") && !query.contains_key("vads_url_check_src"));
    assert!(ipns.try_recv().is_err(), "the delayed IPN comes after the return; the lost one never");
    let ipn = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).expect("delayed IPN").body);
    assert_eq!(ipn["vads_trans_id"], "000008");
    assert_nothing_sent(&ipns, Duration::from_millis(200), "nothing more");
    let health = request(&sandbox.addr, "GET", "/_sandbox/health", "text/plain", "");
    assert_eq!(health.status, 200);
    assert!(health.body.contains("\"status\":\"ok\""));
}

#[test]
fn pending_then_accepted_and_state_survives_a_restart() {
    let (shop, ipns) = start_shop(vec![]);
    let state = std::env::temp_dir().join(format!("cpay-sandbox-test-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&state);
    let state_arg = state.to_str().unwrap().to_string();
    let uuid = {
        let sandbox = start_sandbox(&["--state", &state_arg]);
        let (path, _) = open_payment_page(&sandbox, &signed(demo_form("000009", &shop)));
        assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=pending").status, 303);
        let pending = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).unwrap().body);
        assert_eq!(pending["vads_trans_status"], "UNDER_VERIFICATION");
        let page = request(&sandbox.addr, "GET", &path, "text/plain", "");
        assert!(page.body.contains("data-outcome=\"accepted\"") && !page.body.contains("data-outcome=\"pending\""));
        pending["vads_trans_uuid"].clone()
    };
    let sandbox = start_sandbox(&["--state", &state_arg]);
    let decided = request(
        &sandbox.addr,
        "POST",
        &format!("/_sandbox/api/payments/{uuid}/outcome"),
        "application/json",
        "{\"outcome\":\"accepted\"}",
    );
    assert_eq!(decided.status, 200, "{}", decided.body);
    let accepted = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).unwrap().body);
    assert_eq!((accepted["vads_trans_status"].as_str(), &accepted["vads_trans_uuid"]), ("AUTHORISED", &uuid));
    // The same trans id the same day is refused by the restarted sandbox.
    let again = post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&signed(demo_form("000009", &shop))));
    assert!(again.body.contains("data-error-code=\"03\""), "{}", again.body);
    let admin = request(&sandbox.addr, "GET", "/_sandbox/", "text/plain", "");
    assert!(admin.body.contains(&uuid) && admin.body.contains("UNDER_VERIFICATION"));
    drop(sandbox);
    let _ = std::fs::remove_file(&state);
}
