//! The emulated Payline seen from outside: an independent client writes its own SOAP envelope and HTTP Basic
//! header (not cpay-core), gets the Cpay page and the WEBTRS notification; then cpay-core's own calls
//! (doWebPayment, getWebPaymentDetails, doRefund, doCapture, doReset, getTransactionDetails) on the loopback URL.

mod common;

use base64::Engine as _;
use common::*;
use cpay_core::payline::request::{self, Action, Address, Buyer, Mode, Operation as PaylineOperation, WebPayment};
use cpay_core::payline::{notification, response, transaction, Environment, PaylineConfig};
use cpay_core::plan::refund::RefundCheck;
use cpay_core::{Amount, Currency, ErrorCode, Operation, Secret, Status};
use std::time::Duration;

const MERCHANT: &str = "1234567";
const ACCESS_KEY: &str = "DJMESHXYou6LmjQFdH";
const CONTRACT: &str = "CETELEM_1";
const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn basic(user: &str, key: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{key}")))
}

/// A doWebPayment envelope written by hand (Payline WebPayment API, "doWebPayment"; default namespaces, not the
/// prefixes cpay-core writes).
fn do_web_payment(shop: &str, order_ref: &str, contract: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="{SOAP_ENV}"><Body><doWebPaymentRequest xmlns="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com">
<version>21</version>
<payment><o:amount>124990</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>{contract}</o:contractNumber></payment>
<returnURL>http://{shop}/return/payline?order={order_ref}</returnURL><cancelURL>http://{shop}/cancel/payline</cancelURL>
<order><o:ref>{order_ref}</o:ref><o:amount>124990</o:amount><o:currency>978</o:currency><o:date>27/11/2026 10:00</o:date></order>
<notificationURL>http://{shop}/notify/payline?order={order_ref}</notificationURL>
<selectedContractList><o:selectedContract>{contract}</o:selectedContract></selectedContractList>
<buyer><o:lastName>L&apos;Hôte-Lefèvre</o:lastName><o:firstName>Renée</o:firstName><o:email>renee@example.org</o:email>
<o:billingAddress><o:street1>12, rue de l'Église — Bâtiment « Les Érables »</o:street1><o:cityName>Saint-Étienne</o:cityName><o:zipCode>42000</o:zipCode></o:billingAddress></buyer>
</doWebPaymentRequest></Body></Envelope>"#
    )
}

fn soap(sandbox: &Sandbox, service: &str, action: &str, auth: &str, body: &str) -> Answer {
    let headers = [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", action), ("Authorization", auth)];
    request_with(&sandbox.addr, "POST", &format!("/payline/V4/services/{service}"), &headers, body)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start} in {text}")) + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

fn config(sandbox: &Sandbox) -> PaylineConfig {
    PaylineConfig {
        merchant_id: MERCHANT.into(),
        access_key: Secret::from(ACCESS_KEY),
        environment: Environment::Custom(format!("http://{}/payline/V4/services/", sandbox.addr)),
        version: "21".into(),
    }
}

#[test]
fn hand_written_soap_gets_the_cpay_page_then_a_webtrs_notification_cpay_core_accepts() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let answer = soap(
        &sandbox,
        "WebPaymentAPI",
        "\"doWebPayment\"",
        &basic(MERCHANT, ACCESS_KEY),
        &do_web_payment(&shop, "CMD-1", CONTRACT),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("<obj:code>00000</obj:code>"), "{}", answer.body);
    let token = between(&answer.body, "<impl:token>", "</impl:token>").to_string();
    let redirect = between(&answer.body, "<impl:redirectURL>", "</impl:redirectURL>").to_string();
    assert_eq!(redirect, format!("http://{}/payline/webpayment/{token}", sandbox.addr));
    let page_path = path_of(&redirect, &sandbox.addr).to_string();
    let page = request(&sandbox.addr, "GET", &page_path, "text/plain", "");
    assert_eq!(page.status, 200);
    for outcome in ["accepted", "refused", "cancelled", "pending"] {
        assert!(page.body.contains(&format!("data-outcome=\"{outcome}\"")), "{outcome} button");
    }
    // The Cpay options of Payline's Cpay page, one radio each, comptant first.
    assert!(page.body.contains("name=\"option\" value=\"cash\" checked> Comptant"), "{}", page.body);
    assert!(page.body.contains("value=\"credit\"> Crédit") && page.body.contains("value=\"credit20_free\""));
    assert_eq!(page.body.matches("name=\"option\"").count(), 10);
    assert!(page.body.contains("Renée L&#39;Hôte-Lefèvre") && page.body.contains("Saint-Étienne"), "{}", page.body);
    assert!(page.body.contains("« Les Érables »") && page.body.contains("1249.90 EUR"));
    // Before the buyer decides, the details say the page is in progress (02306).
    let details = request::details(&config(&sandbox), &token).unwrap();
    let early = response::outcome(&send(&sandbox.addr, &details).body, Some(&token), &Default::default()).unwrap();
    assert_eq!((early.code.as_str(), early.status), ("02306", Status::Pending));

    let back = post_form(&sandbox.addr, &format!("{page_path}/outcome"), "outcome=accepted&option=credit");
    assert_eq!(back.status, 303);
    assert_eq!(payments(&sandbox.addr)[0]["fields"]["__option"], "credit", "the option the buyer picked");
    assert_eq!(
        back.header("location").unwrap(),
        format!("http://{shop}/return/payline?order=CMD-1&paylinetoken={token}")
    );
    // The notification came before the return: a GET with notificationType=WEBTRS and the token.
    let notified = received.try_recv().expect("notification before the browser return");
    assert_eq!(notified.method, "GET");
    assert!(notified.target.starts_with("/notify/payline?order=CMD-1&"), "{}", notified.target);
    let read = notification::parse(&notified.target, Some(&token)).unwrap();
    assert_eq!((read.notification_type.as_str(), read.next_call), ("WEBTRS", "getWebPaymentDetails"));
    // The shop asks for the trusted result through cpay-core.
    let expected = response::Expected {
        order_ref: Some("CMD-1".into()),
        token: Some(token.clone()),
        amount: Some(Amount::from_minor(124990)),
    };
    let answer = send(&sandbox.addr, &request::details(&config(&sandbox), &token).unwrap());
    let outcome = response::outcome(&answer.body, Some(&token), &expected).unwrap();
    assert_eq!((outcome.status, outcome.code.as_str()), (Status::Accepted, "00000"));
    assert_eq!((outcome.card_brand.as_deref(), outcome.order_id.as_deref()), (Some("AURORE"), Some("CMD-1")));
    let transaction_id = outcome.transaction_id.clone().unwrap();
    assert_eq!(transaction_id.len(), 14);
    let list = payments(&sandbox.addr);
    assert_eq!((list[0]["status"].as_str(), list[0]["captured"].as_u64()), (Some("accepted"), Some(124990)));
    assert_eq!(list[0]["ipn_attempts"][0]["method"], "GET");
    assert_eq!(post_form(&sandbox.addr, &format!("{page_path}/outcome"), "outcome=refused").status, 409);

    // A refund above what was captured, written by hand: Payline's 02110, nothing refunded.
    let refund = |amount: u64| {
        format!(
            r#"<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body><i:doRefundRequest><i:version>21</i:version><i:transactionID>{transaction_id}</i:transactionID><i:payment><o:amount>{amount}</o:amount><o:currency>978</o:currency><o:action>421</o:action><o:mode>CPT</o:mode><o:contractNumber>{CONTRACT}</o:contractNumber></i:payment></i:doRefundRequest></s:Body></s:Envelope>"#
        )
    };
    let above = soap(&sandbox, "DirectPaymentAPI", "\"doRefund\"", &basic(MERCHANT, ACCESS_KEY), &refund(124991));
    assert!(above.body.contains("<obj:code>02110</obj:code>"), "{}", above.body);
    let e = response::operation_answer(&above.body, "doRefund").unwrap_err();
    assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("02110")));
    assert_eq!(payments(&sandbox.addr)[0]["refunded"].as_u64(), Some(0));
    let ok = soap(&sandbox, "DirectPaymentAPI", "\"doRefund\"", &basic(MERCHANT, ACCESS_KEY), &refund(4990));
    assert!(response::operation_answer(&ok.body, "doRefund").is_ok(), "{}", ok.body);
    assert_eq!(payments(&sandbox.addr)[0]["refunded"].as_u64(), Some(4990));
}

#[test]
fn wrong_key_unknown_merchant_or_contract_are_refused_and_nothing_is_notified() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let envelope = do_web_payment(&shop, "CMD-2", CONTRACT);
    for auth in [basic(MERCHANT, "wrongkey"), basic("7654321", ACCESS_KEY), String::new()] {
        let answer = soap(&sandbox, "WebPaymentAPI", "\"doWebPayment\"", &auth, &envelope);
        assert_eq!(answer.status, 401, "{auth}");
        let response =
            cpay_core::HttpResponse { status: answer.status, headers: Default::default(), body: answer.body };
        let e = response.check_credentials("config.access_key", "config.merchant_id").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey);
    }
    let other = soap(
        &sandbox,
        "WebPaymentAPI",
        "\"doWebPayment\"",
        &basic(MERCHANT, ACCESS_KEY),
        &do_web_payment(&shop, "CMD-2", "CONTRAT_X"),
    );
    let e = response::web_payment_answer(&other.body).unwrap_err();
    assert_eq!(e.gateway_code(), Some("02303"));
    let broken = do_web_payment(&shop, "CMD-2", CONTRACT).replace("/return/payline?", "/return&#10;Location: x?");
    let e = response::web_payment_answer(
        &soap(&sandbox, "WebPaymentAPI", "\"doWebPayment\"", &basic(MERCHANT, ACCESS_KEY), &broken).body,
    )
    .unwrap_err();
    assert_eq!(e.gateway_code(), Some("02305"));
    let garbage = soap(&sandbox, "WebPaymentAPI", "\"doWebPayment\"", &basic(MERCHANT, ACCESS_KEY), "<not-soap");
    assert_eq!(garbage.status, 400);
    assert!(garbage.body.contains("Fault"));
    // An operation on the wrong service, and a token that is not the merchant's.
    let details = request::details(&config(&sandbox), "0123456789abcdef").unwrap();
    let answer = send(&sandbox.addr, &details);
    assert_eq!(response::outcome(&answer.body, None, &Default::default()).unwrap().code, "02304");
    let mut misrouted = details.clone();
    misrouted.url = misrouted.url.replace("WebPaymentAPI", "DirectPaymentAPI");
    assert_eq!(send(&sandbox.addr, &misrouted).status, 400);
    assert_eq!(payments(&sandbox.addr).as_array().unwrap().len(), 0);
    assert_nothing_sent(&received, Duration::from_millis(200), "nothing notified");
}

fn web_payment(shop: &str, order_ref: &str, action: u32) -> WebPayment {
    WebPayment {
        contract_number: CONTRACT.into(),
        amount: Amount::from_minor(124990),
        currency: Currency::EUR,
        order_ref: order_ref.into(),
        order_date: time::OffsetDateTime::now_utc(),
        return_url: format!("http://{shop}/return/payline"),
        cancel_url: format!("http://{shop}/cancel/payline"),
        notification_url: format!("http://{shop}/notify/payline"),
        mode: Mode::Cash,
        action: Action::Number(action),
        differed_action_date: None,
        selected_contracts: None,
        language_code: Some("fr".into()),
        buyer: Some(Buyer {
            first_name: Some(FIRST_NAME.into()),
            last_name: Some(LAST_NAME.into()),
            email: Some("renee@example.org".into()),
            billing_address: Some(Address {
                street1: Some(STREET.into()),
                city: Some(CITY.into()),
                zip_code: Some("42000".into()),
                country: Some("FR".into()),
                ..Address::default()
            }),
            ..Buyer::default()
        }),
    }
}

#[test]
fn cpay_core_requests_on_the_loopback_url_then_capture_refund_reset_and_transaction_details() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox);
    let open = |order_ref: &str, action: u32| {
        let r = request::web_payment(&config, &web_payment(&shop, order_ref, action)).unwrap();
        assert_eq!(r.url, format!("http://{}/payline/V4/services/WebPaymentAPI", sandbox.addr));
        response::web_payment_answer(&send(&sandbox.addr, &r).body).unwrap()
    };
    // Refused, then cancelled: the notifications, the details, the returns.
    for (order_ref, outcome, code, status, back_to) in [
        ("CMD-3", "refused", "01100", Status::Refused, "/return/payline"),
        ("CMD-4", "cancelled", "02319", Status::Cancelled, "/cancel/payline"),
    ] {
        let opened = open(order_ref, 101);
        let path = path_of(&opened.redirect_url, &sandbox.addr).to_string();
        let back = post_form(&sandbox.addr, &format!("{path}/outcome"), &format!("outcome={outcome}"));
        assert!(back.header("location").unwrap().starts_with(&format!("http://{shop}{back_to}?paylinetoken=")));
        let notified = received.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(notification::parse(&notified.target, Some(&opened.token)).unwrap().token.unwrap(), opened.token);
        let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
        let o = response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap();
        assert_eq!((o.code.as_str(), o.status), (code, status));
    }
    // Authorisation only (action 100), accepted through the JSON API: capture, second capture refused, refunds.
    let opened = open("CMD-5", 100);
    let decided = request(
        &sandbox.addr,
        "POST",
        &format!("/_sandbox/api/payments/{}/outcome", opened.token),
        "application/json",
        "{\"outcome\":\"accepted\"}",
    );
    assert_eq!(decided.status, 200, "{}", decided.body);
    received.recv_timeout(Duration::from_secs(5)).unwrap();
    let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
    let paid = response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap();
    let id = paid.transaction_id.unwrap();
    let op = |amount: u64| PaylineOperation {
        transaction_id: id.clone(),
        amount: Amount::from_minor(amount),
        currency: Currency::EUR,
        contract_number: CONTRACT.into(),
        sequence_number: None,
    };
    let check = |captured: u64, refunded: u64| RefundCheck {
        option: None,
        paid_at: time::OffsetDateTime::now_utc(),
        now: time::OffsetDateTime::now_utc(),
        captured: Amount::from_minor(captured),
        refunded: Amount::from_minor(refunded),
    };
    let details = |expected: &transaction::TransactionExpected| {
        let r = request::transaction_details(&config, &id, Some("CMD-5")).unwrap();
        transaction::outcome(&send(&sandbox.addr, &r).body, &id, expected)
    };
    let expected = transaction::TransactionExpected {
        order_ref: Some("CMD-5".into()),
        amount: Some(Amount::from_minor(124990)),
        contract_number: Some(CONTRACT.into()),
    };
    assert_eq!(details(&expected).unwrap().operation, Operation::Payment);
    // Not captured yet: a refund is refused (02302).
    let r = request::refund(&config, &op(100), &check(124990, 0), None).unwrap();
    let e = response::operation_answer(&send(&sandbox.addr, &r).body, "doRefund").unwrap_err();
    assert_eq!(e.gateway_code(), Some("02302"));
    let capture = request::capture(&config, &op(124990), None, None).unwrap();
    let captured = response::operation_answer(&send(&sandbox.addr, &capture).body, "doCapture").unwrap();
    assert_eq!(captured.operation, Operation::Capture);
    let again = response::operation_answer(&send(&sandbox.addr, &capture).body, "doCapture").unwrap_err();
    assert_eq!(again.gateway_code(), Some("02302"));
    let now = details(&expected).unwrap();
    assert_eq!((now.operation, now.status), (Operation::Capture, Status::Accepted));
    // cpay-core refuses to build a refund above what was captured; a shop that thinks more was captured gets
    // Payline's 02110 from the sandbox.
    assert_eq!(
        request::refund(&config, &op(124991), &check(124990, 0), None).unwrap_err().code(),
        ErrorCode::RefundNotAllowed
    );
    let r = request::refund(&config, &op(124991), &check(200000, 0), None).unwrap();
    let e = response::operation_answer(&send(&sandbox.addr, &r).body, "doRefund").unwrap_err();
    assert_eq!(e.gateway_code(), Some("02110"));
    let r = request::refund(&config, &op(124990), &check(124990, 0), Some("retour « Lévis »")).unwrap();
    let refunded = response::operation_answer(&send(&sandbox.addr, &r).body, "doRefund").unwrap();
    assert_eq!(refunded.operation, Operation::Refund);
    let now = details(&expected).unwrap();
    assert_eq!((now.operation, now.status), (Operation::Refund, Status::Accepted));
    let list = payments(&sandbox.addr);
    let payment = list.as_array().unwrap().iter().find(|p| p["order_id"] == "CMD-5").unwrap();
    assert_eq!((payment["status"].as_str(), payment["refunded"].as_u64()), (Some("refunded"), Some(124990)));
    // Refunded: no reset any more.
    let reset = request::reset(&config, &id, false, None, None).unwrap();
    let e = response::operation_answer(&send(&sandbox.addr, &reset).body, "doReset").unwrap_err();
    assert_eq!(e.gateway_code(), Some("02302"));
    // An accepted, captured payment is reset the same day: the transaction is then cancelled.
    let opened = open("CMD-6", 101);
    let path = path_of(&opened.redirect_url, &sandbox.addr).to_string();
    post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    received.recv_timeout(Duration::from_secs(5)).unwrap();
    let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
    let id6 =
        response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap().transaction_id.unwrap();
    let reset = request::reset(&config, &id6, false, Some("annulée"), None).unwrap();
    assert_eq!(
        response::operation_answer(&send(&sandbox.addr, &reset).body, "doReset").unwrap().operation,
        Operation::Cancellation
    );
    let r = request::transaction_details(&config, &id6, None).unwrap();
    let o = transaction::outcome(&send(&sandbox.addr, &r).body, &id6, &Default::default()).unwrap();
    assert_eq!(o.status, Status::Cancelled);
}

#[test]
fn lost_notification_is_recovered_by_the_details_and_a_duplicate_comes_twice() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox);
    for fault in ["lost_ipn", "duplicate_ipn"] {
        let queued = queue_fault(&sandbox.addr, &format!("{{\"fault\":\"{fault}\"}}"));
        assert_eq!(queued.status, 201);
        let r = request::web_payment(&config, &web_payment(&shop, &format!("CMD-{fault}"), 101)).unwrap();
        let opened = response::web_payment_answer(&send(&sandbox.addr, &r).body).unwrap();
        let path = path_of(&opened.redirect_url, &sandbox.addr).to_string();
        assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted").status, 303);
        let copies = if fault == "lost_ipn" { 0 } else { 2 };
        for _ in 0..copies {
            let n = received.recv_timeout(Duration::from_secs(5)).unwrap();
            assert!(n.target.ends_with(&format!("token={}", opened.token)), "{}", n.target);
        }
        assert_nothing_sent(&received, Duration::from_millis(200), &format!("{fault}: {copies} notifications"));
        // The shop's status check gives the trusted result either way.
        let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
        assert_eq!(
            response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap().status,
            Status::Accepted
        );
    }
}

fn core(operation: &str, input: serde_json::Value) -> serde_json::Value {
    serde_json::from_str(&cpay_core::api::call(operation, &input.to_string()).unwrap()).unwrap()
}

#[test]
fn back_office_refund_sends_a_trs_notification_and_the_details_show_the_refund() {
    let (shop, received) = start_shop(vec![]);
    let sandbox = start_sandbox(&[]);
    let config = config(&sandbox);
    let r = request::web_payment(&config, &web_payment(&shop, "CMD-7", 101)).unwrap();
    let opened = response::web_payment_answer(&send(&sandbox.addr, &r).body).unwrap();
    let path = path_of(&opened.redirect_url, &sandbox.addr).to_string();
    assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted").status, 303);
    received.recv_timeout(Duration::from_secs(5)).expect("the WEBTRS notification");
    let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
    let paid = response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap();
    let page = get(&sandbox.addr, "/_sandbox/");
    assert!(page.body.contains(&format!("/_sandbox/payments/{}/back-office-refund", opened.token)), "{}", page.body);

    let json_config = serde_json::json!({"merchant_id": MERCHANT, "access_key": ACCESS_KEY,
        "environment": {"custom": format!("http://{}/payline/V4/services/", sandbox.addr)}});
    // What a shop does with a notification: payline.token reads it, payline.transaction asks the details,
    // payline.transaction_answer reads them.
    let follow = |target: &str| {
        let read = core("payline.token", serde_json::json!({"query": target}));
        assert_eq!(
            (read["notification_type"].as_str(), read["next_operation"].as_str()),
            (Some("TRS"), Some("payline.transaction"))
        );
        let id = read["transaction_id"].as_str().unwrap().to_string();
        let http = core(
            "payline.transaction",
            serde_json::json!({"config": json_config, "transaction_id": id, "order_ref": "CMD-7"}),
        );
        let answer = send_json(&sandbox.addr, &http);
        let expected = serde_json::json!({"order_ref": "CMD-7", "contract_number": CONTRACT});
        (
            id.clone(),
            core(
                "payline.transaction_answer",
                serde_json::json!({"response": answer, "transaction_id": id, "expected": expected}),
            ),
        )
    };

    let bo = format!("/_sandbox/api/payments/{}/back-office-refund", opened.token);
    let done = request(&sandbox.addr, "POST", &bo, "application/json", r#"{"amount": 30000}"#);
    assert_eq!(done.status, 201, "{}", done.body);
    let done: serde_json::Value = serde_json::from_str(&done.body).unwrap();
    assert_eq!(done["payment"]["refunded"], 30_000);
    // Unasked: a GET to the notification URL naming the refund's own transaction.
    let notified = received.recv_timeout(Duration::from_secs(5)).expect("the TRS notification");
    assert_eq!(notified.method, "GET");
    assert!(notified.target.starts_with("/notify/payline?notificationType=TRS&transactionId="), "{}", notified.target);
    let (id, refund) = follow(&notified.target);
    assert_eq!(done["transaction_id"], id.as_str());
    assert_ne!(Some(id.clone()), paid.transaction_id, "the refund is a transaction of its own");
    assert_eq!(
        (refund["operation"].as_str(), refund["status"].as_str()),
        (Some("refund"), Some("accepted")),
        "{refund}"
    );
    assert_eq!((refund["amount"].as_u64(), refund["order_id"].as_str()), (Some(30_000), Some("CMD-7")));
    assert_eq!(refund["idempotency_key"], format!("payline:{id}"));

    // Above what is left: Payline would refuse it; 409, nothing recorded, nothing sent.
    let above = request(&sandbox.addr, "POST", &bo, "application/json", r#"{"amount": 94991}"#);
    assert_eq!(above.status, 409, "{}", above.body);
    assert_nothing_sent(&received, Duration::from_millis(300), "a refused back-office refund sends nothing");
    let refunded = |addr: &str| {
        let list = payments(addr);
        list.as_array().unwrap().iter().find(|p| p["order_id"] == "CMD-7").unwrap()["refunded"].as_u64()
    };
    assert_eq!(refunded(&sandbox.addr), Some(30_000));

    // The rest: another transaction, another key.
    assert_eq!(request(&sandbox.addr, "POST", &bo, "application/json", "").status, 201);
    let notified = received.recv_timeout(Duration::from_secs(5)).expect("the second TRS notification");
    let (second_id, second) = follow(&notified.target);
    assert_ne!(second_id, id);
    assert_eq!((second["operation"].as_str(), second["amount"].as_u64()), (Some("refund"), Some(94_990)));
    assert_eq!(refunded(&sandbox.addr), Some(124_990));
    // A refund made through doRefund is found by its id too.
    let check = RefundCheck {
        option: None,
        paid_at: time::OffsetDateTime::now_utc(),
        now: time::OffsetDateTime::now_utc(),
        captured: Amount::from_minor(124_990),
        refunded: Amount::from_minor(0),
    };
    let opened = response::web_payment_answer(
        &send(&sandbox.addr, &request::web_payment(&config, &web_payment(&shop, "CMD-8", 101)).unwrap()).body,
    )
    .unwrap();
    let path = path_of(&opened.redirect_url, &sandbox.addr).to_string();
    post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=accepted");
    received.recv_timeout(Duration::from_secs(5)).unwrap();
    let answer = send(&sandbox.addr, &request::details(&config, &opened.token).unwrap());
    let id8 =
        response::outcome(&answer.body, Some(&opened.token), &Default::default()).unwrap().transaction_id.unwrap();
    let op = PaylineOperation {
        transaction_id: id8,
        amount: Amount::from_minor(10_000),
        currency: Currency::EUR,
        contract_number: CONTRACT.into(),
        sequence_number: None,
    };
    let r = request::refund(&config, &op, &check, None).unwrap();
    let done = response::operation_answer(&send(&sandbox.addr, &r).body, "doRefund").unwrap();
    let refund_id = done.transaction_id.unwrap();
    let r = request::transaction_details(&config, &refund_id, None).unwrap();
    let o = transaction::outcome(&send(&sandbox.addr, &r).body, &refund_id, &Default::default()).unwrap();
    assert_eq!((o.operation, o.amount), (Operation::Refund, Some(Amount::from_minor(10_000))));
}
