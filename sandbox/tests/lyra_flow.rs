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

/// What a shop using cpay does with an IPN or a return: cpay-core's verification, for order `order`.
fn verified(body: &str, order: &str) -> cpay_core::Outcome {
    let shop = cpay_core::lyra::LyraConfig::new(
        cpay_core::lyra::Platform::Sogecommerce,
        "12345678",
        cpay_core::lyra::Mode::Test,
        cpay_core::Secret::new(KEY),
    );
    let expected = cpay_core::lyra::response::Expected { order_id: Some(order.into()), ..Default::default() };
    cpay_core::lyra::response::verify_body(&shop, body.as_bytes(), &expected).unwrap().outcome
}

/// The rows of the schedule table of `brand` on a page: (label, date, amount) per instalment.
fn schedule(page: &str, brand: &str) -> Vec<(String, String, String)> {
    let start = page.find(&format!("data-brand=\"{brand}\"")).unwrap_or_else(|| panic!("{brand} schedule: {page}"));
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    table
        .split("<tr data-instalment=")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> =
                row.split("<td>").skip(1).map(|c| c[..c.find("</td>").unwrap()].to_string()).collect();
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

#[test]
fn fullcb_page_shows_the_3x_and_4x_schedules_and_the_ipn_names_the_card() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let mut form = demo_form("000010", &shop);
    form.insert("vads_amount".into(), "124990".into());
    form.insert("vads_payment_cards".into(), "FULLCB3X;FULLCB4X".into());
    form.insert("vads_cust_first_name".into(), FIRST_NAME.into());
    form.insert("vads_cust_last_name".into(), LAST_NAME.into());
    form.insert("vads_cust_address".into(), STREET.into());
    form.insert("vads_cust_city".into(), CITY.into());
    let (path, page) = open_payment_page(&sandbox, &signed(form));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("1249.90 EUR") && page.body.contains("Renée L&#39;Hôte-Lefèvre"), "{}", page.body);
    assert!(page.body.contains("name=\"card\" value=\"FULLCB3X\" checked") && page.body.contains("value=\"FULLCB4X\""));
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    // FullCB: equal monthly debits, the remainder of the division on the first, the first today.
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let three = schedule(&page.body, "FULLCB3X");
    let amounts: Vec<&str> = three.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(amounts, ["416.64 EUR", "416.63 EUR", "416.63 EUR"]);
    let four = schedule(&page.body, "FULLCB4X");
    let amounts: Vec<&str> = four.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(amounts, ["312.49 EUR", "312.47 EUR", "312.47 EUR", "312.47 EUR"]);
    for rows in [&three, &four] {
        assert!(rows[0].0.starts_with("Premier paiement") && rows[0].1 == today, "{rows:?}");
        assert_eq!(rows[1].0, "Mensualité 1");
        // One month apart: the dates rise, each in the month after the one before.
        for pair in rows.windows(2) {
            let month = |d: &str| d[0..4].parse::<u32>().unwrap() * 12 + d[5..7].parse::<u32>().unwrap();
            assert_eq!(month(&pair[1].1), month(&pair[0].1) + 1, "{rows:?}");
        }
    }
    // No Cpay option on a FullCB-only page.
    assert!(!page.body.contains("name=\"option\""));

    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted&card=FULLCB4X");
    assert_eq!(back.status, 303);
    let body = ipns.try_recv().expect("IPN before the browser return").body;
    let ipn = check_ipn(&body);
    assert_eq!(ipn["vads_card_brand"], "FULLCB4X");
    assert!(!ipn.contains_key("vads_payment_option_code"), "{ipn:?}");
    let outcome = verified(&body, "CMD-42");
    assert_eq!(outcome.status, cpay_core::Status::Accepted);
    assert_eq!(outcome.card_brand.as_deref(), Some("FULLCB4X"));
    // The REST API names the card the buyer used too.
    let basic =
        base64::engine::general_purpose::STANDARD.encode("12345678:testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M");
    let answer = request_with(
        &sandbox.addr,
        "POST",
        "/lyra/api-payment/V4/Transaction/Get",
        &[("Authorization", &format!("Basic {basic}")), ("Content-Type", "application/json")],
        &format!("{{\"uuid\":\"{}\"}}", ipn["vads_trans_uuid"]),
    );
    let answer: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(answer["answer"]["transactionDetails"]["cardDetails"]["effectiveBrand"], "FULLCB4X", "{answer}");
    // Once decided, the page says so and offers nothing more.
    let done = request(&sandbox.addr, "GET", &path, "text/plain", "");
    assert!(done.body.contains("data-status=\"accepted\"") && !done.body.contains("data-outcome="));
}

#[test]
fn the_cpay_option_the_buyer_picks_reaches_the_ipn_the_return_and_the_outcome() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let mut form = demo_form("000011", &shop);
    form.insert("vads_return_mode".into(), "GET".into());
    let (path, page) = open_payment_page(&sandbox, &signed(form));
    assert_eq!(page.status, 200);
    // Every option of the demo contract, one radio each, comptant first and checked.
    assert_eq!(page.body.matches("name=\"option\"").count(), 10, "{}", page.body);
    assert!(page.body.contains("name=\"option\" value=\"COMPTANT\" checked> Comptant"), "{}", page.body);
    assert!(page.body.contains("value=\"CREDIT10SF\"> Crédit en 10 mois sans frais"), "{}", page.body);
    assert!(page.body.contains("value=\"CREDIT20\"> Crédit en 20 mois avec frais"));

    let back =
        post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted&card=AURORE-MULTI&option=CREDIT10SF");
    assert_eq!(back.status, 302);
    let body = ipns.try_recv().expect("IPN before the browser return").body;
    let ipn = check_ipn(&body);
    assert_eq!(
        (ipn["vads_card_brand"].as_str(), ipn["vads_payment_option_code"].as_str()),
        ("AURORE-MULTI", "CREDIT10SF")
    );
    // The signed return carries it too.
    let location = back.header("location").unwrap();
    let query = parse_form(location.split_once('?').unwrap().1);
    assert_eq!(query["signature"], sign(&query, KEY), "return signature");
    assert_eq!(query["vads_payment_option_code"], "CREDIT10SF");
    // cpay-core reads it back into the outcome, and the contract's table names the option, whose refund rule
    // then applies (Lyra Cpay: only "Comptant" and "Crédit" are refundable after the day of the payment).
    let outcome = verified(&body, "CMD-42");
    assert_eq!(outcome.status, cpay_core::Status::Accepted);
    let code = outcome.details.get("payment_option_code").expect("the option in the outcome");
    use cpay_core::plan::options::{option_of_code, CpayOption, OptionCodes};
    let codes: OptionCodes = [(CpayOption::Credit10Free, "CREDIT10SF".to_string())].into();
    let option = option_of_code(code, &codes);
    assert_eq!(option, Some(CpayOption::Credit10Free));
    assert!(!option.unwrap().refundable_any_day());

    // Pending with an option, then decided without a browser: the second IPN reports the same option.
    let (path, _) = open_payment_page(&sandbox, &signed(demo_form("000012", &shop)));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=pending&option=CREDIT5");
    assert_eq!(back.status, 303);
    let pending = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).unwrap().body);
    assert_eq!(
        (pending["vads_trans_status"].as_str(), pending["vads_payment_option_code"].as_str()),
        ("UNDER_VERIFICATION", "CREDIT5")
    );
    let uuid = &pending["vads_trans_uuid"];
    let decided =
        post_json(&sandbox.addr, &format!("/_sandbox/api/payments/{uuid}/outcome"), "{\"outcome\":\"accepted\"}");
    assert_eq!(decided.status, 200, "{}", decided.body);
    let body = ipns.recv_timeout(Duration::from_secs(5)).unwrap().body;
    let accepted = check_ipn(&body);
    assert_eq!(
        (accepted["vads_trans_status"].as_str(), accepted["vads_payment_option_code"].as_str()),
        ("AUTHORISED", "CREDIT5")
    );
    // An option name the plan knows without a table ("avec frais").
    let outcome = verified(&body, "CMD-42");
    let code = outcome.details.get("payment_option_code").unwrap();
    assert_eq!(option_of_code(code, &OptionCodes::new()), Some(CpayOption::Credit5));
    // The health endpoint lists the demo contract's codes, for shops that build their table from it.
    let health: serde_json::Value = serde_json::from_str(&get(&sandbox.addr, "/_sandbox/health").body).unwrap();
    assert_eq!(health["lyra_option_codes"]["12345678"]["credit10_free"], "CREDIT10SF");
    assert_eq!(health["lyra_option_codes"]["12345678"]["cash"], "COMPTANT");
}

#[test]
fn a_preselected_option_is_shown_fixed_and_an_unknown_one_is_a_form_error() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let mut form = demo_form("000013", &shop);
    form.insert("vads_payment_option_code".into(), "CREDIT3SF".into());
    let (path, page) = open_payment_page(&sandbox, &signed(form));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-preselected=\"CREDIT3SF\"") && page.body.contains("Crédit en 3 mois sans frais"));
    assert!(page.body.contains("<input type=\"hidden\" name=\"option\" value=\"CREDIT3SF\">"), "{}", page.body);
    assert!(!page.body.contains("type=\"radio\" name=\"option\""), "no choice left to the buyer: {}", page.body);
    // A posted option does not override the shop's.
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted&option=COMPTANT");
    assert_eq!(back.status, 303);
    let ipn = check_ipn(&ipns.try_recv().expect("IPN").body);
    assert_eq!(ipn["vads_payment_option_code"], "CREDIT3SF");

    // A code the contract does not have, or not in the field's format: the platform's Cetelem option error (75).
    for code in ["CREDIT7", "credit_3", "X".repeat(33).as_str()] {
        let mut form = demo_form("000014", &shop);
        form.insert("vads_payment_option_code".into(), code.into());
        let answer = post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&signed(form)));
        assert_eq!(answer.status, 400, "{code}");
        assert!(
            answer.body.contains("data-error-code=\"75\"") && answer.body.contains("vads_payment_option_code"),
            "{code}: {}",
            answer.body
        );
    }
    assert_eq!(payments(&sandbox.addr).as_array().unwrap().len(), 1, "only the valid form made a payment");
    assert_nothing_sent(&ipns, Duration::from_millis(200), "no IPN for a refused form");
}
