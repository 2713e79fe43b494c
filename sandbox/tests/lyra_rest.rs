//! The emulated Lyra REST API driven the way a shop drives it: cpay-core builds each request (`lyra.refund`,
//! `lyra.cancel`, `lyra.capture`, `lyra.status`, `lyra.order_status`, through `cpay_core::api::call` as the
//! bindings do), a plain std HTTP client sends it to the sandbox, and cpay-core reads the answer
//! (`lyra.*_answer`). The sandbox binary runs on a free port; a small shop server receives the IPNs, which
//! cpay-core's `lyra.notification` verifies.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::mpsc::Receiver;
use std::time::Duration;

const KEY: &str = "1122334455667788";
const REST_PASSWORD: &str = "testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M";
const AMOUNT: u64 = 124_990;

fn call(operation: &str, input: Value) -> Result<Value, cpay_core::Error> {
    cpay_core::api::call(operation, &input.to_string()).map(|out| serde_json::from_str(&out).unwrap())
}

fn config(sandbox: &Sandbox, password: &str) -> Value {
    json!({
        "platform": {"custom": {
            "form_url": format!("http://{}/lyra/vads-payment/", sandbox.addr),
            "rest_url": format!("http://{}/lyra/api-payment/", sandbox.addr),
        }},
        "site_id": "12345678",
        "mode": "TEST",
        "test_key": KEY,
        "rest_password": password,
    })
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A French shop's order paid with Cpay through the sandbox's payment page; the IPN verified by cpay-core, and
/// the payment's uuid.
fn pay(sandbox: &Sandbox, shop: &str, ipns: &Receiver<Received>, trans_id: u32, manual_validation: bool) -> String {
    let form = call(
        "lyra.form",
        json!({
            "config": config(sandbox, REST_PASSWORD),
            "payment": {
                "amount": AMOUNT, "trans_id": trans_id, "trans_date": now(), "order_id": format!("CMD-2026-{trans_id:04}"),
                "customer": {"first_name": "Renée", "last_name": "L'Hôte-Lefèvre", "email": "renee@example.fr",
                    "address": "12, rue de l'Église — Bâtiment « Les Érables »", "zip": "42000", "city": "Saint-Étienne",
                    "country": "FR"},
                "urls": {"check": format!("http://{shop}/ipn"), "return": format!("http://{shop}/return")},
            },
        }),
    )
    .unwrap();
    let mut fields: BTreeMap<String, String> = serde_json::from_value(form["form"]["fields"].clone()).unwrap();
    if manual_validation {
        // Cetelem methods are validated automatically, so `lyra.form` refuses manual validation; the platform
        // (and the sandbox) accept it for other shops: the form is re-signed with `lyra.sign` to try Validate.
        fields.insert("vads_validation_mode".into(), "1".into());
        let signed = call("lyra.sign", json!({"fields": fields, "key": KEY})).unwrap();
        fields.insert("signature".into(), signed["signature"].as_str().unwrap().to_string());
    }
    let back = accept_on_page(sandbox, &form, &fields);
    assert_eq!(back.status, 303, "{}", back.body);
    let ipn = next_ipn(sandbox, ipns, json!({"order_id": format!("CMD-2026-{trans_id:04}")}));
    let status = if manual_validation { "pending" } else { "accepted" };
    assert_eq!(
        (ipn["outcome"]["operation"].as_str(), ipn["outcome"]["status"].as_str()),
        (Some("payment"), Some(status))
    );
    ipn["outcome"]["gateway_reference"].as_str().unwrap().to_string()
}

/// Post the form `lyra.form` built (with its `fields`, perhaps re-signed) to the sandbox, then accept the payment
/// on its page; the browser's return.
fn accept_on_page(sandbox: &Sandbox, form: &Value, fields: &BTreeMap<String, String>) -> Answer {
    let action = path_of(form["form"]["action"].as_str().unwrap(), &sandbox.addr);
    let posted = post_form(&sandbox.addr, action, &form_body(fields));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let page = posted.header("location").unwrap();
    post_form(&sandbox.addr, &format!("{page}/outcome"), "outcome=accepted")
}

/// The next IPN the shop received, verified by cpay-core (`lyra.notification`).
fn next_ipn(sandbox: &Sandbox, ipns: &Receiver<Received>, expected: Value) -> Value {
    let body = ipns.recv_timeout(Duration::from_secs(10)).expect("an IPN").body;
    call("lyra.notification", json!({"config": config(sandbox, REST_PASSWORD), "body": body, "expected": expected}))
        .unwrap_or_else(|e| panic!("the IPN does not verify: {e}: {body}"))
}

fn refund_input(sandbox: &Sandbox, uuid: &str, amount: u64, already_refunded: u64) -> Value {
    json!({"config": config(sandbox, REST_PASSWORD), "refund": {
        "uuid": uuid, "amount": amount, "option": "comptant", "paid_at": now(), "now": now(),
        "captured": AMOUNT, "refunded": already_refunded, "comment": "Retour du canapé « Lévis »"}})
}

/// Build with cpay-core, send to the sandbox, read with cpay-core.
fn rest(sandbox: &Sandbox, operation: &str, input: Value, expected: Value) -> (Value, Result<Value, cpay_core::Error>) {
    let request = call(operation, input).unwrap();
    let response = send_json(&sandbox.addr, &request);
    let answer = call(
        &format!("{operation}_answer"),
        json!({"config": config(sandbox, REST_PASSWORD), "response": response, "expected": expected}),
    );
    (response, answer)
}

fn ledger(sandbox: &Sandbox, uuid: &str) -> Value {
    payments(&sandbox.addr).as_array().unwrap().iter().find(|p| p["uuid"] == uuid).unwrap().clone()
}

fn gateway_code(result: &Result<Value, cpay_core::Error>) -> Option<String> {
    let e = result.as_ref().err()?;
    assert_eq!(e.code(), cpay_core::ErrorCode::GatewayError, "{e}");
    e.gateway_code().map(str::to_string)
}

#[test]
fn status_refund_and_order_through_cpay_core_keep_the_ledger() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let uuid = pay(&sandbox, &shop, &ipns, 1, false);
    let by_uuid = json!({"uuid": uuid});

    // Transaction/Get: the paid transaction, all of it refundable.
    let (_, status) = rest(
        &sandbox,
        "lyra.status",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": uuid}),
        by_uuid.clone(),
    );
    let status = status.unwrap();
    assert_eq!(
        (status["outcome"]["operation"].as_str(), status["outcome"]["status"].as_str()),
        (Some("payment"), Some("accepted"))
    );
    assert_eq!(status["outcome"]["order_id"], "CMD-2026-0001");
    assert_eq!(status["refundable"], AMOUNT);

    // A partial refund: its own transaction (CREDIT), the payment as its parent.
    let (response, refund) = rest(&sandbox, "lyra.refund", refund_input(&sandbox, &uuid, 50_000, 0), by_uuid.clone());
    assert_eq!(response["status"], 200);
    let refund = refund.unwrap();
    assert_eq!(
        (refund["outcome"]["operation"].as_str(), refund["outcome"]["status"].as_str()),
        (Some("refund"), Some("accepted"))
    );
    assert_eq!(refund["outcome"]["amount"], 50_000);
    assert_eq!(refund["outcome"]["details"]["parent_uuid"], uuid.as_str());
    let refund_uuid = refund["outcome"]["gateway_reference"].as_str().unwrap().to_string();
    assert_ne!(refund_uuid, uuid);
    // The platform's IPN for the refund (rule "operation coming from the Back Office"): a CREDIT of its own
    // transaction, the same idempotency key as the REST answer's, so the shop applies the refund once.
    let ipn = next_ipn(&sandbox, &ipns, json!({"order_id": "CMD-2026-0001"}));
    assert_eq!(
        (ipn["outcome"]["operation"].as_str(), ipn["outcome"]["status"].as_str()),
        (Some("refund"), Some("accepted"))
    );
    assert_eq!(ipn["outcome"]["details"]["url_check_src"], "MERCH_BO");
    assert_eq!(ipn["outcome"]["amount"], 50_000);
    assert_eq!(ipn["outcome"]["idempotency_key"], refund["outcome"]["idempotency_key"]);
    assert_eq!(ledger(&sandbox, &uuid)["refunded"], 50_000);

    // Above what is left (cpay-core told a stale "refunded: 0" so that it builds the call): the platform refuses.
    let (_, above) = rest(&sandbox, "lyra.refund", refund_input(&sandbox, &uuid, 80_000, 0), by_uuid.clone());
    assert_eq!(gateway_code(&above).as_deref(), Some("PSP_098"));
    // A cancellation after a refund: refused too.
    let (_, cancel) = rest(
        &sandbox,
        "lyra.cancel",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": uuid}),
        by_uuid.clone(),
    );
    assert_eq!(gateway_code(&cancel).as_deref(), Some("PSP_100"));
    let row = ledger(&sandbox, &uuid);
    assert_eq!((row["refunded"].as_u64(), row["status"].as_str()), (Some(50_000), Some("accepted")));

    // The payment now: what is left to refund; the refund found by its own uuid.
    let (_, status) = rest(
        &sandbox,
        "lyra.status",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": uuid}),
        by_uuid.clone(),
    );
    assert_eq!(status.unwrap()["refundable"], AMOUNT - 50_000);
    let (_, got) = rest(
        &sandbox,
        "lyra.status",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": refund_uuid}),
        json!({"uuid": uuid}),
    );
    assert_eq!(got.unwrap()["outcome"]["operation"], "refund");

    // Order/Get: the payment and its refund, for a shop that lost the uuid.
    let (_, order) = rest(
        &sandbox,
        "lyra.order_status",
        json!({"config": config(&sandbox, REST_PASSWORD), "order_id": "CMD-2026-0001"}),
        json!({"order_id": "CMD-2026-0001"}),
    );
    let order = order.unwrap();
    let ops: Vec<(&str, &str)> = order["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["operation"].as_str().unwrap(), o["status"].as_str().unwrap()))
        .collect();
    assert_eq!(ops, [("payment", "accepted"), ("refund", "accepted")]);
    assert_eq!(order["order_status"], "PAID");
    assert_eq!(order["refundable"], AMOUNT - 50_000);

    // The rest of it; then nothing is left.
    let (_, last) =
        rest(&sandbox, "lyra.refund", refund_input(&sandbox, &uuid, AMOUNT - 50_000, 50_000), by_uuid.clone());
    assert_eq!(last.unwrap()["outcome"]["amount"], AMOUNT - 50_000);
    assert_eq!(ledger(&sandbox, &uuid)["status"], "refunded");
    let (_, again) = rest(&sandbox, "lyra.refund", refund_input(&sandbox, &uuid, 1, 0), by_uuid);
    assert_eq!(gateway_code(&again).as_deref(), Some("PSP_100"));
}

#[test]
fn manual_validation_then_capture_or_cancel() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let input = |uuid: &str| json!({"config": config(&sandbox, REST_PASSWORD), "uuid": uuid});

    // Validated: captured once.
    let uuid = pay(&sandbox, &shop, &ipns, 2, true);
    let (_, status) = rest(&sandbox, "lyra.status", input(&uuid), json!({"uuid": uuid}));
    let status = status.unwrap();
    assert_eq!((status["outcome"]["status"].as_str(), status["refundable"].as_u64()), (Some("pending"), Some(0)));
    let (_, refund) = rest(&sandbox, "lyra.refund", refund_input(&sandbox, &uuid, 100, 0), json!({"uuid": uuid}));
    assert_eq!(gateway_code(&refund).as_deref(), Some("PSP_100"), "no refund before capture");
    // Transaction/Update: the amount lowered before capture (never raised), through `lyra.update`.
    let update =
        |amount: u64| json!({"config": config(&sandbox, REST_PASSWORD), "update": {"uuid": uuid, "amount": amount}});
    let (_, raised) = rest(&sandbox, "lyra.update", update(AMOUNT + 1), json!({"uuid": uuid}));
    assert_eq!(gateway_code(&raised).as_deref(), Some("INT_902"));
    let (_, lowered) = rest(&sandbox, "lyra.update", update(100_000), json!({"uuid": uuid}));
    let lowered = lowered.unwrap();
    assert_eq!(
        (lowered["outcome"]["amount"].as_u64(), lowered["outcome"]["status"].as_str()),
        (Some(100_000), Some("pending"))
    );
    let (_, captured) = rest(&sandbox, "lyra.capture", input(&uuid), json!({"uuid": uuid}));
    let captured = captured.unwrap();
    assert_eq!(
        (captured["outcome"]["operation"].as_str(), captured["outcome"]["status"].as_str()),
        (Some("capture"), Some("accepted"))
    );
    assert_eq!(captured["refundable"], 100_000);
    assert_eq!(ledger(&sandbox, &uuid)["captured"], 100_000);
    let (_, twice) = rest(&sandbox, "lyra.capture", input(&uuid), json!({"uuid": uuid}));
    assert_eq!(gateway_code(&twice).as_deref(), Some("PSP_100"));
    let (_, late) = rest(&sandbox, "lyra.update", update(90_000), json!({"uuid": uuid}));
    assert_eq!(gateway_code(&late).as_deref(), Some("PSP_100"), "no update after capture");

    // Cancelled before capture: the answer and the platform's IPN both say cancellation.
    let uuid = pay(&sandbox, &shop, &ipns, 3, true);
    let (_, cancelled) = rest(&sandbox, "lyra.cancel", input(&uuid), json!({"uuid": uuid}));
    let cancelled = cancelled.unwrap();
    assert_eq!(
        (cancelled["outcome"]["operation"].as_str(), cancelled["outcome"]["status"].as_str()),
        (Some("cancellation"), Some("cancelled"))
    );
    let ipn = next_ipn(&sandbox, &ipns, json!({"order_id": "CMD-2026-0003"}));
    assert_eq!(
        (ipn["outcome"]["operation"].as_str(), ipn["outcome"]["status"].as_str()),
        (Some("cancellation"), Some("cancelled"))
    );
    assert_eq!(ipn["outcome"]["gateway_reference"], uuid.as_str());
    assert_eq!(ledger(&sandbox, &uuid)["status"], "cancelled");
    let (_, again) = rest(&sandbox, "lyra.cancel", input(&uuid), json!({"uuid": uuid}));
    assert_eq!(gateway_code(&again).as_deref(), Some("PSP_100"));
}

#[test]
fn wrong_password_unknown_transaction_and_bad_input() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let uuid = pay(&sandbox, &shop, &ipns, 4, false);

    // A wrong REST password: 401 with the platform's INT_905, read by cpay-core as a credentials problem.
    let wrong = config(&sandbox, "testpassword_NOTTHEONE");
    let request = call("lyra.status", json!({"config": wrong, "uuid": uuid})).unwrap();
    let response = send_json(&sandbox.addr, &request);
    assert_eq!(response["status"], 401);
    let envelope: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        (envelope["status"].as_str(), envelope["answer"]["errorCode"].as_str()),
        (Some("ERROR"), Some("INT_905"))
    );
    assert!(
        !response["body"].as_str().unwrap().contains("NOTTHEONE")
            && !response["body"].as_str().unwrap().contains("DEMOPRIVATEKEY")
    );
    let e = call("lyra.status_answer", json!({"config": wrong, "response": response})).unwrap_err();
    assert_eq!((e.code(), e.field_name()), (cpay_core::ErrorCode::InvalidKey, Some("config.rest_password")));
    // The refund it would have asked for changed nothing.
    let request = call("lyra.refund", refund_input(&sandbox, &uuid, 100, 0)).unwrap();
    let mut wrong_auth = request.clone();
    wrong_auth["headers"]["Authorization"] = "Basic MTIzNDU2Nzg6bm9wZQ==".into();
    assert_eq!(send_json(&sandbox.addr, &wrong_auth)["status"], 401);
    assert_eq!(ledger(&sandbox, &uuid)["refunded"], 0);

    // An unknown transaction: PSP_010.
    let (_, unknown) = rest(
        &sandbox,
        "lyra.status",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": "0123456789abcdef0123456789abcdef"}),
        json!({}),
    );
    assert_eq!(gateway_code(&unknown).as_deref(), Some("PSP_010"));
    // A body that is not JSON: INT_902.
    let mut bad = request.clone();
    bad["body"] = "{not json".into();
    let bad = send_json(&sandbox.addr, &bad);
    let envelope: Value = serde_json::from_str(bad["body"].as_str().unwrap()).unwrap();
    assert_eq!(envelope["answer"]["errorCode"], "INT_902");
}

#[test]
fn back_office_refund_sends_an_unasked_credit_ipn() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let uuid = pay(&sandbox, &shop, &ipns, 5, false);
    let path = format!("/_sandbox/api/payments/{uuid}/back-office-refund");

    let done = post_json(&sandbox.addr, &path, r#"{"amount": 30000}"#);
    assert_eq!(done.status, 201, "{}", done.body);
    let done: Value = serde_json::from_str(&done.body).unwrap();
    assert_eq!(done["payment"]["refunded"], 30_000);
    // The notification came unasked (its first attempt awaited before the answer): a CREDIT that cpay-core
    // verifies as a refund of its own transaction.
    let ipn = next_ipn(&sandbox, &ipns, json!({"order_id": "CMD-2026-0005", "amount": AMOUNT}));
    assert_eq!(
        (ipn["outcome"]["operation"].as_str(), ipn["outcome"]["status"].as_str()),
        (Some("refund"), Some("accepted"))
    );
    assert_eq!(ipn["outcome"]["amount"], 30_000);
    assert_eq!(ipn["outcome"]["gateway_reference"], done["refund_uuid"]);
    assert_eq!(ipn["outcome"]["details"]["url_check_src"], "MERCH_BO");

    // The shop's status check sees it; the rest of it, then nothing more.
    let (_, status) = rest(
        &sandbox,
        "lyra.status",
        json!({"config": config(&sandbox, REST_PASSWORD), "uuid": uuid}),
        json!({"uuid": uuid}),
    );
    assert_eq!(status.unwrap()["refundable"], AMOUNT - 30_000);
    assert_eq!(post_json(&sandbox.addr, &path, "").status, 201);
    let ipn = next_ipn(&sandbox, &ipns, json!({"order_id": "CMD-2026-0005"}));
    assert_eq!(ipn["outcome"]["amount"], AMOUNT - 30_000);
    assert_eq!(post_json(&sandbox.addr, &path, r#"{"amount": 1}"#).status, 409);
    let unknown = "/_sandbox/api/payments/0123456789abcdef0123456789abcdef/back-office-refund";
    assert_eq!(post_json(&sandbox.addr, unknown, "{}").status, 404);
    assert_nothing_sent(&ipns, Duration::from_millis(300), "a refused refund sends nothing");
    assert_eq!(ledger(&sandbox, &uuid)["status"], "refunded");

    // The admin page offers the button on an accepted payment.
    let uuid = pay(&sandbox, &shop, &ipns, 6, false);
    let page = get(&sandbox.addr, "/_sandbox/");
    assert!(page.body.contains(&format!("/_sandbox/payments/{uuid}/back-office-refund")));
    let by_button = post_form(&sandbox.addr, &format!("/_sandbox/payments/{uuid}/back-office-refund"), "amount=");
    assert_eq!(by_button.status, 303);
    assert_eq!(next_ipn(&sandbox, &ipns, json!({}))["outcome"]["amount"], AMOUNT);
}

#[test]
fn ipn_after_return_reaches_the_shop_after_the_browser() {
    let (shop, ipns) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let queued = queue_fault(&sandbox.addr, r#"{"fault": "ipn_after_return"}"#);
    assert_eq!(queued.status, 201);
    let form = call(
        "lyra.form",
        json!({"config": config(&sandbox, REST_PASSWORD), "payment": {"amount": AMOUNT, "trans_id": 7, "trans_date": now(),
            "order_id": "CMD-2026-0007", "urls": {"check": format!("http://{shop}/ipn"), "return": format!("http://{shop}/return")}}}),
    )
    .unwrap();
    let fields: BTreeMap<String, String> = serde_json::from_value(form["form"]["fields"].clone()).unwrap();
    let back = accept_on_page(&sandbox, &form, &fields);
    assert_eq!(back.status, 303);
    assert!(ipns.try_recv().is_err(), "the browser is back before the IPN");
    let ipn = next_ipn(&sandbox, &ipns, json!({"order_id": "CMD-2026-0007"}));
    assert_eq!(ipn["outcome"]["status"], "accepted");
}
