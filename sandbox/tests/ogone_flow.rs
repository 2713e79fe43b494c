//! The emulated Ogone e-Commerce platform seen from outside: a client that signs its form and DirectLink calls
//! itself (SHA-512 from `sha2`, not cpay-core), a shop that receives the direct feedback, and cpay-core's own
//! operations (`ogone.notification`, `.refund`, `.status`, `.form`) against it.

mod common;

use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha512};
use std::collections::BTreeMap;
use std::time::Duration;

const PSPID: &str = "cpaydemo";
const SHA_IN: &str = "Mysecretsig1875!?";
const SHA_OUT: &str = "Mysecretsig1875!?out";

/// Ogone's SHASIGN: the non-empty parameters of `names` (upper case) sorted, each `NAME=value` + passphrase,
/// SHA-512, upper-case hex; values as the page's charset writes them (`latin1`: one byte per character).
fn shasign(fields: &BTreeMap<String, String>, names: &[&str], passphrase: &str, latin1: bool) -> String {
    let mut bytes = Vec::new();
    for (name, value) in fields {
        let upper = name.to_ascii_uppercase();
        if value.is_empty() || !names.contains(&upper.as_str()) {
            continue;
        }
        let text = format!("{upper}={value}{passphrase}");
        if latin1 {
            bytes.extend(text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()));
        } else {
            bytes.extend_from_slice(text.as_bytes());
        }
    }
    hex::encode_upper(Sha512::digest(&bytes))
}

/// The SHA-IN names this client sends.
const IN: &[&str] = &[
    "ACCEPTURL",
    "AMOUNT",
    "CANCELURL",
    "CN",
    "COM",
    "CURRENCY",
    "DECLINEURL",
    "EMAIL",
    "EXCEPTIONURL",
    "LANGUAGE",
    "OPERATION",
    "ORDERID",
    "OWNERADDRESS",
    "OWNERTOWN",
    "OWNERZIP",
    "PARAMPLUS",
    "PARAMVAR",
    "PAYID",
    "PM",
    "PSPID",
    "PSWD",
    "USERID",
];
/// The SHA-OUT names of the default feedback.
const OUT: &[&str] = &[
    "ACCEPTANCE",
    "AMOUNT",
    "BRAND",
    "CARDNO",
    "CN",
    "COMPLUS",
    "CURRENCY",
    "ED",
    "IP",
    "NCERROR",
    "ORDERID",
    "PAYID",
    "PAYIDSUB",
    "PM",
    "STATUS",
    "TRXDATE",
];

fn order(order_id: &str, amount: u64, shop: &str) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    for (k, v) in [
        ("PSPID", PSPID.to_string()),
        ("ORDERID", order_id.to_string()),
        ("AMOUNT", amount.to_string()),
        ("CURRENCY", "EUR".to_string()),
        ("LANGUAGE", "fr_FR".to_string()),
        ("CN", "Renée L'Hôte-Lefèvre".to_string()),
        ("EMAIL", "renee.lhote@example.fr".to_string()),
        ("OWNERADDRESS", "12, rue de l'Église, Bât. Les Érables".to_string()),
        ("OWNERZIP", "42000".to_string()),
        ("OWNERTOWN", "Saint-Étienne".to_string()),
        ("COM", "Canapé d'angle « Lévis » en velours côtelé".to_string()),
        ("PM", "Cetelem".to_string()),
        ("ACCEPTURL", format!("http://{shop}/return/ogone")),
        ("DECLINEURL", format!("http://{shop}/return/ogone?declined")),
        ("CANCELURL", format!("http://{shop}/return/ogone?cancelled")),
        ("EXCEPTIONURL", format!("http://{shop}/return/ogone?exception")),
        ("PARAMVAR", format!("http://{shop}/notify/ogone")),
        ("PARAMPLUS", "shop_order=42".to_string()),
    ] {
        f.insert(k.to_string(), v);
    }
    f
}

fn signed(mut fields: BTreeMap<String, String>, passphrase: &str) -> BTreeMap<String, String> {
    let sign = shasign(&fields, IN, passphrase, false);
    fields.insert("SHASIGN".into(), sign);
    fields
}

fn config(addr: &str) -> Value {
    json!({"pspid": PSPID, "environment": "test", "algorithm": "sha512", "sha_in_passphrase": SHA_IN,
           "sha_out_passphrase": SHA_OUT, "user_id": "cpaydemoapi", "api_password": "cpaydemoapi-pass",
           "base_url": format!("http://{addr}/ogone/ncol")})
}

fn core(operation: &str, input: Value) -> Value {
    serde_json::from_str(&cpay_core::api::call(operation, &input.to_string()).unwrap()).unwrap()
}

fn open(sandbox: &Sandbox, page: &str, body: &str) -> (String, Answer) {
    let posted = post_form(&sandbox.addr, &format!("/ogone/ncol/test/{page}"), body);
    assert_eq!(posted.status, 303, "{}", posted.body);
    let location = posted.header("location").unwrap();
    (location.clone(), get(&sandbox.addr, &location))
}

/// A DirectLink maintenance call signed by the client itself.
fn maintenance(sandbox: &Sandbox, operation: &str, pay_id: &str, amount: &str) -> String {
    let mut f = BTreeMap::new();
    for (k, v) in [
        ("PSPID", PSPID),
        ("USERID", "cpaydemoapi"),
        ("PSWD", "cpaydemoapi-pass"),
        ("PAYID", pay_id),
        ("OPERATION", operation),
        ("AMOUNT", amount),
    ] {
        f.insert(k.to_string(), v.to_string());
    }
    let f = signed(f, SHA_IN);
    post_form(&sandbox.addr, "/ogone/ncol/test/maintenancedirect.asp", &form_body(&f)).body
}

fn attribute(xml: &str, name: &str) -> String {
    xml.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[test]
fn accepted_sale_sends_a_sha_out_feedback_then_redirects_and_directlink_follows_the_ledger() {
    let (shop, feedbacks) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let (path, page) =
        open(&sandbox, "orderstandard_utf8.asp", &form_body(&signed(order("CMD-3001", 124_990, &shop), SHA_IN)));
    assert_eq!(page.status, 200);
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    assert!(page.body.contains("1249.90 EUR") && page.body.contains("Renée L&#39;Hôte-Lefèvre"), "{}", page.body);
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    assert_eq!(back.status, 302);
    let location = back.header("location").unwrap();
    assert!(location.starts_with(&format!("http://{shop}/return/ogone?")), "{location}");
    // The feedback came first, signed with SHA-OUT: the client checks it itself.
    let notified = feedbacks.try_recv().expect("feedback before the redirect");
    assert_eq!((notified.method.as_str(), notified.target.as_str()), ("POST", "/notify/ogone"));
    let feedback = notified.body;
    let fields = parse_form(&feedback);
    assert_eq!(fields["SHASIGN"], shasign(&fields, OUT, SHA_OUT, false));
    assert_eq!((fields["STATUS"].as_str(), fields["NCERROR"].as_str()), ("9", "0"));
    assert_eq!((fields["AMOUNT"].as_str(), fields["ORDERID"].as_str()), ("1249.90", "CMD-3001"));
    assert_eq!(fields["CN"], "Renée L'Hôte-Lefèvre");
    assert_eq!(fields["shop_order"], "42");
    let pay_id = fields["PAYID"].clone();
    // cpay-core's ogone.notification accepts the feedback and the redirect's query string.
    let config = config(&sandbox.addr);
    let expected = json!({"order_id": "CMD-3001", "amount": 124_990, "currency": "EUR"});
    let verified = core(
        "ogone.notification",
        json!({"config": config, "body": feedback, "expected": expected, "server_to_server": true}),
    );
    assert_eq!(verified["outcome"]["status"], "accepted", "{verified}");
    let query = location.split_once('?').unwrap().1;
    let verified = core("ogone.notification", json!({"config": config, "body": query, "expected": expected}));
    assert_eq!(verified["outcome"]["status"], "accepted");

    // A refund above what was captured: NCERROR, nothing recorded.
    let answer = maintenance(&sandbox, "RFD", &pay_id, "124991");
    assert_eq!(attribute(&answer, "NCERROR"), "50001135", "{answer}");
    assert_eq!(payments(&sandbox.addr)[0]["refunded"], 0);
    // A wrong SHA-IN on DirectLink.
    let mut forged = BTreeMap::new();
    for (k, v) in [
        ("PSPID", PSPID),
        ("USERID", "cpaydemoapi"),
        ("PSWD", "cpaydemoapi-pass"),
        ("PAYID", &pay_id),
        ("OPERATION", "RFS"),
    ] {
        forged.insert(k.to_string(), v.to_string());
    }
    let forged = signed(forged, "not-the-passphrase");
    let answer = post_form(&sandbox.addr, "/ogone/ncol/test/maintenancedirect.asp", &form_body(&forged)).body;
    assert_eq!(attribute(&answer, "NCERROR"), "50001111");
    // cpay-core's ogone.refund → maintenancedirect.asp → ogone.refund_answer.
    let refund = json!({"pay_id": pay_id, "amount": 30_000, "paid_at": "2026-11-27T10:00:00Z",
                        "now": "2026-11-27T11:00:00Z", "captured": 124_990, "refunded": 0});
    let http = core("ogone.refund", json!({"config": config, "refund": refund}));
    let answer = send_json(&sandbox.addr, &http);
    let read = core("ogone.refund_answer", json!({"response": answer, "expected": {"pay_id": pay_id}}));
    assert_eq!((read["operation"].as_str(), read["status"].as_str()), (Some("refund"), Some("accepted")), "{read}");
    assert_eq!(read["amount"], 30_000);
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["refunded"].as_u64(), list[0]["status"].as_str()), (Some(30_000), Some("accepted")));
    // The status query reflects it (by PAYID, and by ORDERID as a shop that lost the feedback asks).
    for query in [json!({"pay_id": pay_id}), json!({"order_id": "CMD-3001"})] {
        let http = core("ogone.status", json!({"config": config, "query": query}));
        let read = core(
            "ogone.status_answer",
            json!({"response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
        );
        assert_eq!((read["operation"].as_str(), read["code"].as_str()), (Some("refund"), Some("8")), "{read}");
    }
    // A captured sale is not cancelled.
    let answer = maintenance(&sandbox, "DES", &pay_id, "");
    assert_eq!(attribute(&answer, "NCERROR"), "50001127");
}

#[test]
fn bad_signature_no_signature_and_unknown_pspid_get_ogone_errors_and_no_feedback() {
    let (shop, feedbacks) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let error = |fields: &BTreeMap<String, String>| {
        let answer = post_form(&sandbox.addr, "/ogone/ncol/test/orderstandard_utf8.asp", &form_body(fields));
        answer.body.split("data-error=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    let mut tampered = signed(order("CMD-3002", 45_000, &shop), SHA_IN);
    tampered.insert("AMOUNT".into(), "100".into());
    assert_eq!(error(&tampered), "unknown order/1/s");
    assert_eq!(error(&signed(order("CMD-3003", 45_000, &shop), "Mysecretsig1875!?out")), "unknown order/1/s");
    assert_eq!(error(&order("CMD-3004", 45_000, &shop)), "unknown order/0/s");
    let mut other = order("CMD-3005", 45_000, &shop);
    other.insert("PSPID".into(), "nobody".into());
    assert_eq!(error(&signed(other, SHA_IN)), "PSPID not found or not active");
    assert_eq!(payments(&sandbox.addr), json!([]));
    assert_nothing_sent(&feedbacks, Duration::from_millis(200), "no feedback for a refused form");
}

#[test]
fn iso_8859_1_page_refused_and_cancelled_payments() {
    let (shop, feedbacks) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    // The ISO page: the browser posts Latin-1 bytes, SHA-IN hashes Latin-1.
    let mut fields = order("CMD-3006", 45_000, &shop);
    fields.insert("OPERATION".into(), "RES".into());
    let sign = shasign(&fields, IN, SHA_IN, true);
    fields.insert("SHASIGN".into(), sign);
    let latin1 = fields
        .iter()
        .map(|(k, v)| {
            let bytes: Vec<u8> = v.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
            format!("{k}={}", encode_bytes(&bytes))
        })
        .collect::<Vec<_>>()
        .join("&");
    let (path, page) = open(&sandbox, "orderstandard.asp", &latin1);
    assert!(page.body.contains("Saint-Étienne"), "{}", page.body);
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=refused");
    assert!(back.header("location").unwrap().starts_with(&format!("http://{shop}/return/ogone?declined&")));
    let feedback = feedbacks.try_recv().unwrap().body;
    assert!(feedback.contains("CN=Ren%E9e"), "{feedback}");
    let mut iso = config(&sandbox.addr);
    iso["charset"] = "iso-8859-1".into();
    let verified = core("ogone.notification", json!({"config": iso, "body": feedback, "server_to_server": true}));
    assert_eq!(
        (verified["outcome"]["status"].as_str(), verified["outcome"]["code"].as_str()),
        (Some("refused"), Some("2"))
    );
    // Cancelled by the buyer: STATUS 1 to CANCELURL.
    let (path, _) =
        open(&sandbox, "orderstandard_utf8.asp", &form_body(&signed(order("CMD-3007", 45_000, &shop), SHA_IN)));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=cancelled");
    assert!(back.header("location").unwrap().starts_with(&format!("http://{shop}/return/ogone?cancelled&")));
    let feedback = feedbacks.try_recv().unwrap().body;
    let verified = core("ogone.notification", json!({"config": config(&sandbox.addr), "body": feedback}));
    assert_eq!(
        (verified["outcome"]["status"].as_str(), verified["outcome"]["code"].as_str()),
        (Some("cancelled"), Some("1"))
    );
}

#[test]
fn authorisation_pending_then_accepted_captured_through_directlink_and_a_core_built_form() {
    let (shop, feedbacks) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox.addr);
    // A form built by cpay-core for the sandbox's base URL, feedback URL in PARAMVAR.
    let payment = json!({"order_id": "CMD-3008", "amount": 60_000, "operation": "RES",
        "customer": {"name": "Renée L'Hôte-Lefèvre", "email": "renee.lhote@example.fr", "town": "Saint-Étienne"},
        "urls": {"accept": format!("http://{shop}/return/ogone")},
        "extra": {"PARAMVAR": format!("http://{shop}/notify/ogone")}});
    let form = core("ogone.form", json!({"config": config, "payment": payment}));
    let action = form["form"]["action"].as_str().unwrap();
    assert_eq!(action, format!("http://{}/ogone/ncol/test/orderstandard_utf8.asp", sandbox.addr));
    let fields: BTreeMap<String, String> = form["form"]["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let (path, page) = open(&sandbox, "orderstandard_utf8.asp", &form_body(&fields));
    assert!(page.body.contains("data-outcome=\"pending\""));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=pending");
    assert_eq!(back.status, 302);
    let feedback = feedbacks.try_recv().unwrap().body;
    let pending = core("ogone.notification", json!({"config": config, "body": feedback, "server_to_server": true}));
    assert_eq!(
        (pending["outcome"]["status"].as_str(), pending["outcome"]["code"].as_str()),
        (Some("pending"), Some("51"))
    );
    let pay_id = pending["outcome"]["transaction_id"].as_str().unwrap().to_string();
    // The final decision later (the admin API, as a test would): authorised, not captured (OPERATION=RES).
    let body = json!({"outcome": "accepted"}).to_string();
    let decided =
        request(&sandbox.addr, "POST", &format!("/_sandbox/api/payments/{pay_id}/outcome"), "application/json", &body);
    assert_eq!(decided.status, 200, "{}", decided.body);
    let feedback = feedbacks.recv_timeout(Duration::from_secs(5)).unwrap().body;
    let accepted = core("ogone.notification", json!({"config": config, "body": feedback, "server_to_server": true}));
    assert_eq!(
        (accepted["outcome"]["status"].as_str(), accepted["outcome"]["code"].as_str()),
        (Some("accepted"), Some("5"))
    );
    assert_eq!(payments(&sandbox.addr)[0]["captured"], 0);
    // Nothing captured: no refund yet; then the capture (SAS) through cpay-core.
    assert_eq!(attribute(&maintenance(&sandbox, "RFD", &pay_id, "100"), "NCERROR"), "50001127");
    let capture = json!({"pay_id": pay_id, "amount": 60_000, "authorised": 60_000});
    let http = core("ogone.capture", json!({"config": config, "capture": capture}));
    let read = core(
        "ogone.capture_answer",
        json!({"response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!((read["operation"].as_str(), read["status"].as_str()), (Some("capture"), Some("accepted")), "{read}");
    assert_eq!(payments(&sandbox.addr)[0]["captured"], 60_000);
    let http = core("ogone.status", json!({"config": config, "query": {"pay_id": pay_id}}));
    let read = core(
        "ogone.status_answer",
        json!({"response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!(read["code"], "9", "{read}");
}

#[test]
fn a_shop_from_config_gets_its_feedback_at_the_back_office_url() {
    let (shop, feedbacks) = start_shop(vec![]);
    let dir = std::env::temp_dir().join(format!("cpay-sandbox-ogone-{}.json", std::process::id()));
    let shops = json!({"ogone": [{"pspid": "myshop", "algorithm": "sha512", "sha_in": "in-pass-123",
        "sha_out": "out-pass-456", "feedback_url": format!("http://{shop}/feedback/<PARAMVAR>")}]});
    std::fs::write(&dir, shops.to_string()).unwrap();
    let sandbox = start_sandbox(&["--config", dir.to_str().unwrap()]);
    std::fs::remove_file(&dir).unwrap();
    let mut fields = order("CMD-3009", 45_000, &shop);
    fields.insert("PSPID".into(), "myshop".into());
    fields.insert("PARAMVAR".into(), "ogone".into());
    let (path, _) = open(&sandbox, "orderstandard_utf8.asp", &form_body(&signed(fields, "in-pass-123")));
    post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    let notified = feedbacks.try_recv().unwrap();
    assert_eq!((notified.method.as_str(), notified.target.as_str()), ("POST", "/feedback/ogone"));
    let feedback = notified.body;
    let fields = parse_form(&feedback);
    assert_eq!(fields["SHASIGN"], shasign(&fields, OUT, "out-pass-456", false));
    // The demo shop is still there.
    let health: Value = serde_json::from_str(&get(&sandbox.addr, "/_sandbox/health").body).unwrap();
    assert_eq!(health["ogone_shops"], json!(["cpaydemo", "myshop"]));
    assert_eq!(health["gateways"].as_array().unwrap().iter().filter(|g| *g == "ogone" || *g == "computop").count(), 2);
}

#[test]
fn back_office_refund_feeds_back_a_signed_status_8_cpay_core_reads_as_a_refund() {
    let (shop, feedbacks) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let (path, _) =
        open(&sandbox, "orderstandard_utf8.asp", &form_body(&signed(order("CMD-3101", 124_990, &shop), SHA_IN)));
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted").status, 302);
    let paid = feedbacks.recv_timeout(Duration::from_secs(5)).expect("the payment's feedback").body;
    let pay_id = parse_form(&paid)["PAYID"].clone();
    let config = config(&sandbox.addr);
    let read = |body: &str| {
        let expected = json!({"order_id": "CMD-3101", "currency": "EUR"});
        core(
            "ogone.notification",
            json!({"config": config, "body": body, "expected": expected, "server_to_server": true}),
        )["outcome"]
            .clone()
    };
    let payment_key = read(&paid)["idempotency_key"].clone();
    // The admin page offers the button on the accepted payment.
    let page = get(&sandbox.addr, "/_sandbox/");
    assert!(page.body.contains(&format!("/_sandbox/payments/{pay_id}/back-office-refund")), "{}", page.body);

    let bo = format!("/_sandbox/api/payments/{pay_id}/back-office-refund");
    let done = post_json(&sandbox.addr, &bo, r#"{"amount": 30000}"#);
    assert_eq!(done.status, 201, "{}", done.body);
    let done: Value = serde_json::from_str(&done.body).unwrap();
    assert_eq!((done["payment"]["refunded"].as_u64(), done["payid_sub"].as_u64()), (Some(30_000), Some(1)));
    // Unasked, to the feedback URL, signed with SHA-OUT (checked by the client itself): STATUS 8 for the refund,
    // its own PAYIDSUB, the refunded amount.
    let notified = feedbacks.recv_timeout(Duration::from_secs(5)).expect("the refund's feedback");
    assert_eq!((notified.method.as_str(), notified.target.as_str()), ("POST", "/notify/ogone"));
    let fields = parse_form(&notified.body);
    assert_eq!(fields["SHASIGN"], shasign(&fields, OUT, SHA_OUT, false));
    assert_eq!(
        (fields["STATUS"].as_str(), fields["PAYID"].as_str(), fields["PAYIDSUB"].as_str()),
        ("8", pay_id.as_str(), "1")
    );
    assert_eq!((fields["AMOUNT"].as_str(), fields["ORDERID"].as_str()), ("300.00", "CMD-3101"));
    assert_eq!(fields["CN"], "Renée L'Hôte-Lefèvre");
    let refund = read(&notified.body);
    assert_eq!(
        (refund["operation"].as_str(), refund["status"].as_str()),
        (Some("refund"), Some("accepted")),
        "{refund}"
    );
    assert_eq!(refund["amount"], 30_000);
    assert_ne!(refund["idempotency_key"], payment_key, "a refund is not the payment again");

    // Above what is left: refused, nothing recorded, nothing sent.
    let above = post_json(&sandbox.addr, &bo, r#"{"amount": 94991}"#);
    assert_eq!(above.status, 409, "{}", above.body);
    assert!(above.body.contains("above what is left"), "{}", above.body);
    assert_nothing_sent(&feedbacks, Duration::from_millis(300), "a refused back-office refund sends nothing");
    assert_eq!(payments(&sandbox.addr)[0]["refunded"], 30_000);

    // The rest, by the admin page's button: its own PAYIDSUB and idempotency key.
    assert_eq!(
        post_form(&sandbox.addr, &format!("/_sandbox/payments/{pay_id}/back-office-refund"), "amount=").status,
        303
    );
    let rest = feedbacks.recv_timeout(Duration::from_secs(5)).expect("the second refund's feedback").body;
    let fields = parse_form(&rest);
    assert_eq!((fields["PAYIDSUB"].as_str(), fields["AMOUNT"].as_str()), ("2", "949.90"));
    let second = read(&rest);
    assert_eq!((second["operation"].as_str(), second["amount"].as_u64()), (Some("refund"), Some(94_990)));
    assert_ne!(second["idempotency_key"], refund["idempotency_key"]);
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["refunded"].as_u64(), list[0]["status"].as_str()), (Some(124_990), Some("refunded")));
    // DirectLink's query (a shop's status check) sees the refund too.
    let http = core("ogone.status", json!({"config": config, "query": {"pay_id": pay_id}}));
    let status = core(
        "ogone.status_answer",
        json!({"response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!((status["operation"].as_str(), status["code"].as_str()), (Some("refund"), Some("8")), "{status}");
    // Nothing left: refused.
    assert_eq!(post_json(&sandbox.addr, &bo, "").status, 409);
    assert_nothing_sent(&feedbacks, Duration::from_millis(200), "nothing left to refund, nothing sent");
}
