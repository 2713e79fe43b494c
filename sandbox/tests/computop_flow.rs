//! The emulated Computop Paygate seen from outside: a client that encrypts its FullCB request itself (Blowfish
//! from the `blowfish` crate, HMAC-SHA-256 from `hmac`, not cpay-core), a shop that receives the notify, and
//! cpay-core's own operations (`computop.notification`, `.refund`, `.cancel`, `.status`, `.form`) against it.

mod common;

use blowfish::cipher::generic_array::GenericArray;
use blowfish::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use blowfish::Blowfish;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::time::Duration;

const MERCHANT: &str = "cpay_demo";
const PASSWORD: &str = "password";

/// Computop's reference encryption: Blowfish ECB, zero padding, lowercase hex; `Len` counts characters.
fn encrypt(plaintext: &str, key: &str) -> (String, usize) {
    let cipher = <Blowfish as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
    let mut bytes = plaintext.as_bytes().to_vec();
    while bytes.len() % 8 != 0 {
        bytes.push(0);
    }
    for block in bytes.chunks_mut(8) {
        cipher.encrypt_block(GenericArray::from_mut_slice(block));
    }
    (hex::encode(bytes), plaintext.chars().count())
}

fn decrypt(data: &str, len: usize, key: &str) -> String {
    let cipher = <Blowfish as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
    let mut bytes = hex::decode(data).unwrap();
    for block in bytes.chunks_mut(8) {
        cipher.decrypt_block(GenericArray::from_mut_slice(block));
    }
    let text = String::from_utf8_lossy(&bytes).trim_end_matches('\0').to_string();
    text.chars().take(len).collect()
}

fn hmac(message: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(PASSWORD.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    hex::encode_upper(mac.finalize().into_bytes())
}

fn fields(text: &str) -> BTreeMap<String, String> {
    text.split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A FullCB request for a French buyer, as plaintext pairs.
fn request(trans_id: &str, amount: u64, pay_type: u8, shop: &str) -> Vec<(String, String)> {
    let mac = hmac(&format!("*{trans_id}*{MERCHANT}*{amount}*EUR"));
    let street = "12, rue de l'Église — Bâtiment « Les Érables »";
    let mut pairs: Vec<(String, String)> = vec![
        ("MerchantID", MERCHANT.to_string()),
        ("TransID", trans_id.to_string()),
        ("Amount", amount.to_string()),
        ("Currency", "EUR".to_string()),
        ("MAC", mac),
        ("OrderDesc", "Canapé d'angle « Lévis » en velours côtelé".to_string()),
        ("URLSuccess", format!("http://{shop}/return/computop")),
        ("URLFailure", format!("http://{shop}/return/computop")),
        ("URLNotify", format!("http://{shop}/notify/computop")),
        ("Response", "encrypt".to_string()),
        ("PayType", pay_type.to_string()),
        ("Salutation", "Mme".to_string()),
        ("FirstName", "Renée".to_string()),
        ("LastName", "L'Hôte-Lefèvre".to_string()),
        ("Email", "renee.lhote@example.fr".to_string()),
        ("Phone", "+33612345678".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for prefix in ["bd", "sd"] {
        for (k, v) in [
            ("FirstName", "Renée"),
            ("LastName", "L'Hôte-Lefèvre"),
            ("Street", street),
            ("Zip", "42000"),
            ("City", "Saint-Étienne"),
            ("CountryCode", "FR"),
        ] {
            pairs.push((format!("{prefix}{k}"), v.to_string()));
        }
    }
    pairs
}

fn join(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn outer(plaintext: &str, key: &str, merchant: &str) -> String {
    let (data, len) = encrypt(plaintext, key);
    form_body([("MerchantID", merchant), ("Len", len.to_string().as_str()), ("Data", data.as_str())])
}

fn demo_config(addr: &str) -> Value {
    json!({"merchant_id": MERCHANT, "blowfish_key": PASSWORD, "mac_key": PASSWORD,
           "host": {"custom": format!("http://{addr}/computop")}})
}

fn core(operation: &str, input: Value) -> Value {
    serde_json::from_str(&cpay_core::api::call(operation, &input.to_string()).unwrap()).unwrap()
}

fn core_err(operation: &str, input: Value) -> String {
    cpay_core::api::call(operation, &input.to_string()).unwrap_err().to_string()
}

/// Open a payment: post the request, follow to the page.
fn open(sandbox: &Sandbox, body: &str) -> (String, Answer) {
    let posted = post_form(&sandbox.addr, "/computop/CetelemFullCB.aspx", body);
    assert_eq!(posted.status, 303, "{}", posted.body);
    let location = posted.header("location").unwrap();
    (location.clone(), get(&sandbox.addr, &location))
}

#[test]
fn accepted_fullcb_payment_notifies_then_returns_and_the_ledger_follows_refunds() {
    let (shop, notifications) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let (path, page) = open(&sandbox, &outer(&join(&request("CMD1001", 124_990, 1, &shop)), PASSWORD, MERCHANT));
    assert_eq!(page.status, 200);
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    assert!(page.body.contains("Cetelem 3xCB") && page.body.contains("1249.90 EUR"), "{}", page.body);
    assert!(page.body.contains("Renée L&#39;Hôte-Lefèvre") && page.body.contains("Saint-Étienne"));
    // The 3x schedule from cpay-core's plan: the remainder of the division on the first payment.
    assert!(page.body.contains("Premier paiement") && page.body.contains("416.64 EUR"), "{}", page.body);
    assert_eq!(page.body.matches("416.63 EUR").count(), 2);
    assert_eq!(page.body.matches("data-instalment=").count(), 3);

    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    assert_eq!(back.status, 200);
    let (action, returned) = hidden_form(&back.body);
    assert_eq!(action, format!("http://{shop}/return/computop"));
    // The notify came first: an encrypted MerchantID/Len/Data POST, which the client decrypts itself.
    let notified = notifications.try_recv().expect("notify before the browser return");
    assert_eq!((notified.method.as_str(), notified.target.as_str()), ("POST", "/notify/computop"));
    let body = notified.body;
    let notify = parse_form(&body);
    assert_eq!(notify["MerchantID"], MERCHANT);
    let plain = fields(&decrypt(&notify["Data"], notify["Len"].parse().unwrap(), PASSWORD));
    let pay_id = plain["PayID"].clone();
    assert_eq!((plain["Status"].as_str(), plain["Code"].as_str()), ("OK", "00000000"));
    assert_eq!(plain["MAC"], hmac(&format!("{pay_id}*CMD1001*{MERCHANT}*OK*00000000")));
    assert!(path.ends_with(&pay_id));
    // cpay-core's computop.notification accepts it, and the browser return alike.
    let config = demo_config(&sandbox.addr);
    let expected = json!({"trans_id": "CMD1001"});
    let verified = core(
        "computop.notification",
        json!({"config": config, "body": body, "expected": expected, "server_to_server": true}),
    );
    assert_eq!(verified["outcome"]["status"], "accepted", "{verified}");
    assert_eq!(verified["outcome"]["gateway_reference"], pay_id.as_str());
    let return_body = form_body(&returned);
    let verified = core("computop.notification", json!({"config": config, "body": return_body, "expected": expected}));
    assert_eq!(verified["outcome"]["status"], "accepted");

    // A credit above what was captured: refused with Paygate's code, nothing recorded.
    let over = join(&[
        ("MerchantID".into(), MERCHANT.into()),
        ("PayID".into(), pay_id.clone()),
        ("TransID".into(), "CMD1001".into()),
        ("Amount".into(), "124991".into()),
        ("Currency".into(), "EUR".into()),
        ("MAC".into(), hmac(&format!("{pay_id}*CMD1001*{MERCHANT}*124991*EUR"))),
    ]);
    let answer = parse_form(&post_form(&sandbox.addr, "/computop/credit.aspx", &outer(&over, PASSWORD, MERCHANT)).body);
    let plain = fields(&decrypt(&answer["Data"], answer["Len"].parse().unwrap(), PASSWORD));
    assert_eq!((plain["Status"].as_str(), plain["Code"].as_str()), ("FAILED", "20120106"), "{plain:?}");
    assert_eq!(plain["MAC"], hmac(&format!("{pay_id}*CMD1001*{MERCHANT}*FAILED*20120106")));
    // cpay-core's computop.refund → credit.aspx → computop.refund_answer: a partial credit.
    let refund = json!({"pay_id": pay_id, "trans_id": "CMD1001", "amount": 20_000, "captured": 124_990,
                        "credited": 0, "notify_answered": true, "req_id": "refund-CMD1001-1"});
    let http = core("computop.refund", json!({"config": config, "refund": refund}));
    let answer = send_json(&sandbox.addr, &http);
    // The same ReqId again (a retry after a timeout): the first result, no second credit.
    let again = send_json(&sandbox.addr, &http);
    let again =
        core("computop.refund_answer", json!({"config": config, "response": again, "expected": {"pay_id": pay_id}}));
    assert_eq!(again["status"], "accepted");
    let read = core(
        "computop.refund_answer",
        json!({"config": config, "response": answer, "expected": {"pay_id": pay_id, "trans_id": "CMD1001"}}),
    );
    assert_eq!((read["status"].as_str(), read["operation"].as_str()), (Some("accepted"), Some("refund")), "{read}");
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["refunded"].as_u64(), list[0]["status"].as_str()), (Some(20_000), Some("accepted")));
    // The status reflects it: captured 124 990, credited 20 000, 104 990 still refundable.
    let http = core("computop.status", json!({"config": config, "pay_id": pay_id, "trans_id": "CMD1001"}));
    let status = core(
        "computop.status_answer",
        json!({"config": config, "response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!(status["captured"], 124_990, "{status}");
    assert_eq!((status["credited"].as_u64(), status["refundable"].as_u64()), (Some(20_000), Some(104_990)));
    // A second credit above what is left is refused by Paygate (cpay-core would refuse it before sending, when
    // told the true credited amount: here it is told 0).
    let credit = |amount: u64| {
        let refund = json!({"pay_id": pay_id, "trans_id": "CMD1001", "amount": amount, "captured": 124_990,
                            "credited": 0, "notify_answered": true});
        let http = core("computop.refund", json!({"config": config, "refund": refund}));
        let input =
            json!({"config": config, "response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}});
        cpay_core::api::call("computop.refund_answer", &input.to_string()).map_err(|e| e.to_string())
    };
    let error = credit(104_991).unwrap_err();
    assert!(error.contains("20120106"), "{error}");
    assert!(credit(104_990).is_ok());
    let list = payments(&sandbox.addr);
    let refunded = (list[0]["refunded"].as_u64(), list[0]["status"].as_str());
    assert_eq!(refunded, (Some(124_990), Some("refunded")));
    let error = credit(1).unwrap_err();
    assert!(error.contains("20120107"), "{error}");
    // A captured payment is not reversed.
    let cancel = json!({"pay_id": pay_id, "trans_id": "CMD1001", "amount": 124_990, "authorized": 124_990,
                        "captured": 0, "credited": 0, "notify_answered": true});
    let http = core("computop.cancel", json!({"config": config, "cancel": cancel}));
    let error =
        core_err("computop.cancel_answer", json!({"config": config, "response": send_json(&sandbox.addr, &http)}));
    assert!(error.contains("20120107"), "{error}");
}

#[test]
fn tampered_wrong_key_unknown_merchant_and_bad_amounts_get_paygate_errors_and_no_notify() {
    let (shop, notifications) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let good = join(&request("CMD1002", 45_000, 2, &shop));
    let code_of = |body: &str| {
        let answer = post_form(&sandbox.addr, "/computop/CetelemFullCB.aspx", body);
        assert_eq!(answer.status, 400, "{}", answer.body);
        answer.body.split("data-error-code=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    // One hex digit of Data changed.
    let (data, len) = encrypt(&good, PASSWORD);
    let flipped = format!("{}{}", if data.starts_with('0') { '1' } else { '0' }, &data[1..]);
    let tampered = form_body([("MerchantID", MERCHANT), ("Len", len.to_string().as_str()), ("Data", flipped.as_str())]);
    assert_eq!(code_of(&tampered), "20000002");
    assert_eq!(code_of(&outer(&good, "not-the-password", MERCHANT)), "20000002");
    assert_eq!(code_of(&outer(&good, PASSWORD, "someone_else")), "20160001");
    // A MAC over another amount.
    let forged = good.replace("Amount=45000", "Amount=4500");
    assert_eq!(code_of(&outer(&forged, PASSWORD, MERCHANT)), "20120003");
    // Outside the FullCB bounds (90 € to 3000 €), correctly signed.
    assert_eq!(code_of(&outer(&join(&request("CMD1003", 8_999, 1, &shop)), PASSWORD, MERCHANT)), "20120100");
    assert_eq!(code_of(&outer(&join(&request("CMD1004", 300_001, 1, &shop)), PASSWORD, MERCHANT)), "20120100");
    // A mandatory field missing.
    let no_phone: Vec<_> = request("CMD1005", 45_000, 1, &shop).into_iter().filter(|(k, _)| k != "Phone").collect();
    assert_eq!(code_of(&outer(&join(&no_phone), PASSWORD, MERCHANT)), "20100000");
    assert_eq!(payments(&sandbox.addr), json!([]));
    assert_nothing_sent(&notifications, Duration::from_millis(200), "no notify for a refused request");
}

#[test]
fn pending_then_accepted_by_get_and_reversal_of_an_uncaptured_payment() {
    let (shop, notifications) = start_shop(vec![500]);
    let sandbox = start_sandbox(&[]);
    // The form by GET: the return comes back by GET too. Paygate reads names without case.
    let query =
        outer(&join(&request("CMD1006", 60_000, 2, &shop)).replace("URLNotify=", "urlnotify="), PASSWORD, MERCHANT);
    let posted = get(&sandbox.addr, &format!("/computop/CetelemFullCB.aspx?{query}"));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let path = posted.header("location").unwrap();
    let page = get(&sandbox.addr, &path);
    assert!(page.body.contains("Cetelem 4xCB") && page.body.matches("data-instalment=").count() == 4);
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=pending");
    assert_eq!(back.status, 302);
    let location = back.header("location").unwrap();
    assert!(location.starts_with(&format!("http://{shop}/return/computop?MerchantID=cpay_demo&Len=")), "{location}");
    // The shop answered 500 to the first notify: Paygate sends it again.
    let first = notifications.recv_timeout(Duration::from_secs(5)).unwrap().body;
    let again = notifications.recv_timeout(Duration::from_secs(5)).unwrap().body;
    assert_eq!(first, again);
    let config = demo_config(&sandbox.addr);
    let pending = core("computop.notification", json!({"config": config, "body": first, "server_to_server": true}));
    assert_eq!(pending["outcome"]["status"], "pending");
    let pay_id = pending["outcome"]["gateway_reference"].as_str().unwrap().to_string();
    // The status of a pending payment, then its reversal (nothing captured).
    let http = core("computop.status", json!({"config": config, "pay_id": pay_id, "trans_id": "CMD1006"}));
    let status = core(
        "computop.status_answer",
        json!({"config": config, "response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!(status["outcome"]["status"], "pending", "{status}");
    let cancel = json!({"pay_id": pay_id, "trans_id": "CMD1006", "amount": 60_000, "authorized": 60_000,
                        "captured": 0, "credited": 0, "notify_answered": true});
    let http = core("computop.cancel", json!({"config": config, "cancel": cancel}));
    let read = core("computop.cancel_answer", json!({"config": config, "response": send_json(&sandbox.addr, &http)}));
    assert_eq!((read["operation"].as_str(), read["status"].as_str()), (Some("cancellation"), Some("accepted")));
    assert_eq!(payments(&sandbox.addr)[0]["status"], "cancelled");
    // A cancelled payment takes no outcome any more.
    let late = request_outcome(&sandbox, &pay_id, "accepted");
    assert_eq!(late, 409);
}

fn request_outcome(sandbox: &Sandbox, uuid: &str, outcome: &str) -> u16 {
    let body = json!({ "outcome": outcome }).to_string();
    common::request(&sandbox.addr, "POST", &format!("/_sandbox/api/payments/{uuid}/outcome"), "application/json", &body)
        .status
}

#[test]
fn a_form_built_by_cpay_core_for_the_sandbox_host_is_paid_end_to_end() {
    let (shop, notifications) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = demo_config(&sandbox.addr);
    let address = json!({"first_name": "Renée", "last_name": "L'Hôte-Lefèvre",
        "street": "12, rue de l'Église — Bâtiment « Les Érables »", "zip": "42000", "city": "Saint-Étienne",
        "country_code": "FR"});
    let payment = json!({"trans_id": "CMD2001", "amount": 124_990, "pay_type": 2,
        "url_success": format!("http://{shop}/return/computop"), "url_failure": format!("http://{shop}/return/computop"),
        "url_notify": format!("http://{shop}/notify/computop"),
        "customer": {"salutation": "Mme", "first_name": "Renée", "last_name": "L'Hôte-Lefèvre",
                     "email": "renee.lhote@example.fr", "phone": "0612345678"},
        "billing": address});
    let form = core("computop.form", json!({"config": config, "payment": payment}));
    let action = form["form"]["action"].as_str().unwrap();
    assert_eq!(action, format!("http://{}/computop/CetelemFullCB.aspx", sandbox.addr));
    let body =
        form_body(form["form"]["fields"].as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())));
    let (path, page) = open(&sandbox, &body);
    assert!(page.body.contains("data-outcome=\"accepted\""));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    assert_eq!(back.status, 200);
    let notify = notifications.try_recv().unwrap().body;
    let verified = core(
        "computop.notification",
        json!({"config": config, "body": notify, "expected": {"trans_id": "CMD2001"}, "server_to_server": true}),
    );
    assert_eq!(verified["outcome"]["status"], "accepted");
    assert_eq!(verified["outcome"]["amount"], 124_990);
}

#[test]
fn a_lost_notify_is_recovered_by_the_status_and_a_duplicated_one_comes_twice() {
    let (shop, notifications) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = demo_config(&sandbox.addr);
    for fault in ["lost_ipn", "duplicate_ipn"] {
        let body = json!({ "fault": fault }).to_string();
        assert_eq!(queue_fault(&sandbox.addr, &body).status, 201);
    }
    let (path, _) = open(&sandbox, &outer(&join(&request("CMD1007", 50_000, 1, &shop)), PASSWORD, MERCHANT));
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted").status, 200);
    assert_nothing_sent(&notifications, Duration::from_millis(200), "the notify was lost");
    let pay_id = path.rsplit('/').next().unwrap();
    let http = core("computop.status", json!({"config": config, "pay_id": pay_id, "trans_id": "CMD1007"}));
    let status = core(
        "computop.status_answer",
        json!({"config": config, "response": send_json(&sandbox.addr, &http), "expected": {"pay_id": pay_id}}),
    );
    assert_eq!(status["outcome"]["status"], "accepted", "{status}");
    assert_eq!(status["outcome"]["idempotency_key"], format!("computop:{pay_id}"));
    // The next payment takes the duplicate fault: the same notify twice.
    let (path, _) = open(&sandbox, &outer(&join(&request("CMD1008", 50_000, 1, &shop)), PASSWORD, MERCHANT));
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=refused").status, 200);
    let first = notifications.recv_timeout(Duration::from_secs(5)).unwrap().body;
    let second = notifications.recv_timeout(Duration::from_secs(5)).unwrap().body;
    assert_eq!(first, second);
    let refused = core("computop.notification", json!({"config": config, "body": first, "server_to_server": true}));
    assert_eq!(
        (refused["outcome"]["status"].as_str(), refused["outcome"]["code"].as_str()),
        (Some("refused"), Some("21500985"))
    );
}

#[test]
fn garbage_never_breaks_the_server() {
    let sandbox = start_sandbox(&[]);
    let bodies = [
        "",
        "MerchantID=cpay_demo",
        "MerchantID=cpay_demo&Len=0&Data=",
        "MerchantID=cpay_demo&Len=99999999999999999999&Data=00",
        "MerchantID=cpay_demo&Len=8&Data=zzzzzzzzzzzzzzzz",
        "MerchantID=cpay_demo&Len=3&Data=0123456789abcdef0123456789abcdef-00",
        "MerchantID=%FF%FE&Len=%FF&Data=%00",
        "MerchantID=cpay_demo&MerchantID=cpay_demo&Len=1&Data=00",
        "%%%&&&===",
    ];
    for path in [
        "/computop/CetelemFullCB.aspx",
        "/computop/credit.aspx",
        "/computop/reverse.aspx",
        "/computop/inquire.aspx",
        "/ogone/ncol/test/orderstandard_utf8.asp",
        "/ogone/ncol/test/orderstandard.asp",
        "/ogone/ncol/test/maintenancedirect.asp",
        "/ogone/ncol/test/querydirect.asp",
        "/ogone/ncol/other/orderstandard.asp",
        "/computop/payment/nope/outcome",
        "/ogone/ncol/test/payment/1/outcome",
    ] {
        for body in bodies {
            let answer = post_form(&sandbox.addr, path, body);
            assert!(answer.status < 500, "{path} {body:?}: {} {}", answer.status, answer.body);
        }
    }
    assert_eq!(get(&sandbox.addr, "/computop/payment/%00").status, 404);
    assert_eq!(get(&sandbox.addr, "/ogone/ncol/test/payment/1").status, 404);
    assert_eq!(payments(&sandbox.addr), json!([]));
}

#[test]
fn a_credit_made_in_computop_analytics_is_not_notified_so_the_sandbox_refuses_to_invent_one() {
    let (shop, notifications) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let (path, _) = open(&sandbox, &outer(&join(&request("CMD1009", 124_990, 1, &shop)), PASSWORD, MERCHANT));
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted").status, 200);
    notifications.recv_timeout(Duration::from_secs(5)).expect("the payment's notify");
    let pay_id = path.rsplit('/').next().unwrap();
    let answer = post_json(
        &sandbox.addr,
        &format!("/_sandbox/api/payments/{pay_id}/back-office-refund"),
        r#"{"amount": 30000}"#,
    );
    assert_eq!(answer.status, 409, "{}", answer.body);
    let error: Value = serde_json::from_str(&answer.body).unwrap();
    let why = error["error"].as_str().unwrap();
    assert!(why.contains("does not notify") && why.contains("inquire.aspx"), "{why}");
    let by_button = post_form(&sandbox.addr, &format!("/_sandbox/payments/{pay_id}/back-office-refund"), "amount=");
    assert_eq!(by_button.status, 409);
    assert_nothing_sent(&notifications, Duration::from_millis(300), "Computop notifies no back-office credit");
    assert_eq!(payments(&sandbox.addr)[0]["refunded"], 0, "nothing recorded");
    // The admin page says so instead of offering the button.
    let page = get(&sandbox.addr, "/_sandbox/");
    assert!(!page.body.contains(&format!("/_sandbox/payments/{pay_id}/back-office-refund")), "{}", page.body);
    assert!(page.body.contains("data-back-office-refund=\"not-notified\""), "{}", page.body);
}
