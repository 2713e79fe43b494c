//! The sandbox seen from outside: the `cpay-sandbox` binary, an independent client that signs Lyra forms itself
//! (HMAC-SHA-256 from the `hmac` crate, not cpay-core), and a small shop server that receives the IPNs and
//! checks their signature itself. Plain std TCP, no HTTP library.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
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

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn form_body(fields: &BTreeMap<String, String>) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn parse_form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The running binary; killed on drop.
struct Sandbox {
    child: Child,
    addr: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sandbox() -> Sandbox {
    start_sandbox_with(&[])
}

fn start_sandbox_with(extra: &[&str]) -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpay-sandbox"))
        .args(["--port", "0", "--ipn-retry-delay-ms", "100", "--ipn-retries", "2"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start cpay-sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    Sandbox { child, addr }
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Answer { status, headers: head.to_string(), body: body.to_string() }
}

fn post_form(addr: &str, path: &str, body: &str) -> Answer {
    request(addr, "POST", path, "application/x-www-form-urlencoded", body)
}

/// A shop's notification endpoint: answers each IPN with the next status of `statuses` (then 200) and passes
/// the bodies on.
fn start_shop(statuses: Vec<u16>) -> (String, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = channel();
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            // Passed on before answering, so a test that got the browser redirect sees every IPN already.
            let _ = tx.send(String::from_utf8(body).unwrap());
            let status = statuses.lock().unwrap().next().unwrap_or(200);
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
        }
    });
    (addr, rx)
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
    let sandbox = start_sandbox();
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
    let body = ipns.try_recv().expect("IPN before the browser return");
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
    let sandbox = start_sandbox();
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
    std::thread::sleep(Duration::from_millis(200));
    assert!(ipns.try_recv().is_err(), "no IPN for a refused form");
}

#[test]
fn duplicate_ipn_fault_sends_it_twice_and_retries_follow_a_failing_shop() {
    let (shop, ipns) = start_shop(vec![500]);
    let sandbox = start_sandbox();
    let fault =
        request(&sandbox.addr, "POST", "/_sandbox/api/faults", "application/json", "{\"fault\":\"duplicate_ipn\"}");
    assert_eq!(fault.status, 201, "{}", fault.body);
    let (path, _) = open_payment_page(&sandbox, &signed(demo_form("000006", &shop)));
    let back = post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=refused");
    assert_eq!(back.status, 303);
    // First copy: 500 then a retry after 100 ms; second copy: 200.
    let bodies: Vec<String> = (0..3).map(|_| ipns.recv_timeout(Duration::from_secs(5)).expect("IPN")).collect();
    let first = check_ipn(&bodies[0]);
    assert_eq!(first["vads_trans_status"], "REFUSED");
    assert!(bodies.iter().all(|b| check_ipn(b)["vads_trans_uuid"] == first["vads_trans_uuid"]));
    std::thread::sleep(Duration::from_millis(300));
    assert!(ipns.try_recv().is_err(), "exactly three posts");
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
    let sandbox = start_sandbox();
    request(&sandbox.addr, "POST", "/_sandbox/api/faults", "application/json", "{\"fault\":\"lost_ipn\"}");
    request(
        &sandbox.addr,
        "POST",
        "/_sandbox/api/faults",
        "application/json",
        "{\"fault\":\"delayed_ipn\",\"delay_ms\":300}",
    );
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
    let ipn = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).expect("delayed IPN"));
    assert_eq!(ipn["vads_trans_id"], "000008");
    std::thread::sleep(Duration::from_millis(200));
    assert!(ipns.try_recv().is_err());
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
        let sandbox = start_sandbox_with(&["--state", &state_arg]);
        let (path, _) = open_payment_page(&sandbox, &signed(demo_form("000009", &shop)));
        assert_eq!(post_form(&sandbox.addr, &format!("{path}/outcome"), "outcome=pending").status, 303);
        let pending = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).unwrap());
        assert_eq!(pending["vads_trans_status"], "UNDER_VERIFICATION");
        let page = request(&sandbox.addr, "GET", &path, "text/plain", "");
        assert!(page.body.contains("data-outcome=\"accepted\"") && !page.body.contains("data-outcome=\"pending\""));
        pending["vads_trans_uuid"].clone()
    };
    let sandbox = start_sandbox_with(&["--state", &state_arg]);
    let decided = request(
        &sandbox.addr,
        "POST",
        &format!("/_sandbox/api/payments/{uuid}/outcome"),
        "application/json",
        "{\"outcome\":\"accepted\"}",
    );
    assert_eq!(decided.status, 200, "{}", decided.body);
    let accepted = check_ipn(&ipns.recv_timeout(Duration::from_secs(5)).unwrap());
    assert_eq!((accepted["vads_trans_status"].as_str(), &accepted["vads_trans_uuid"]), ("AUTHORISED", &uuid));
    // The same trans id the same day is refused by the restarted sandbox.
    let again = post_form(&sandbox.addr, "/lyra/vads-payment/", &form_body(&signed(demo_form("000009", &shop))));
    assert!(again.body.contains("data-error-code=\"03\""), "{}", again.body);
    let admin = request(&sandbox.addr, "GET", "/_sandbox/", "text/plain", "");
    assert!(admin.body.contains(&uuid) && admin.body.contains("UNDER_VERIFICATION"));
    drop(sandbox);
    let _ = std::fs::remove_file(&state);
}
