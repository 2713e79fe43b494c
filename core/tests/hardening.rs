//! Hardening properties across gateways, through `cpay_core::api::call`, the entry point every
//! layer uses: genuine responses from the golden vectors are tampered with one byte at a time, checked
//! under another key, shop or mode, and fed random input; every error is checked for secrets.
//!
//! Lyra's own signature properties live in `lyra_properties.rs`; each gateway module has unit-level ones.

use cpay_core::api::{call, operations};
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::ErrorCode;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every `(file, case)` of every golden file, bad_inputs.json included (read once).
fn all_cases() -> &'static [(String, Value)] {
    static CASES: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    CASES.get_or_init(read_cases)
}

fn read_cases() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in doc["cases"].as_array().unwrap() {
            out.push((name.clone(), case.clone()));
        }
    }
    out
}

/// The input of the golden case called `name` (a genuine, accepted message).
fn genuine(op: &str, name: &str) -> Value {
    all_cases()
        .iter()
        .map(|(_, c)| c)
        .find(|c| c["op"] == op && c["name"] == name)
        .map(|c| c["input"].clone())
        .unwrap_or_else(|| panic!("no golden case {op} / {name}"))
}

const LYRA_IPN: (&str, &str) = ("lyra.notification", "IPN: captured Cpay payment");
const KR: (&str, &str) = ("lyra.kr_answer", "kr-answer IPN hashed with the REST password");
const COMPUTOP: (&str, &str) = ("computop.notification", "notify: success");
const OGONE: (&str, &str) = ("ogone.notification", "documentation feedback (STATUS 9) is accepted");
const SIPS: (&str, &str) = ("sips.notification", "Odoo test response is accepted");

fn run(op: &str, input: &Value) -> cpay_core::Result<Value> {
    call(op, &input.to_string()).map(|out| serde_json::from_str(&out).unwrap())
}

/// The url-encoded body of `input` as pairs.
fn pairs(input: &Value) -> Vec<(String, String)> {
    urlencoded::parse(input["body"].as_str().unwrap().as_bytes(), TextEncoding::Utf8).unwrap()
}

fn encode(pairs: &[(String, String)]) -> String {
    urlencoded::encode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `value` with the byte at `at` replaced by `with` (ASCII alphanumerics only, so the text stays valid and
/// survives url-encoding); `None` when the replacement would be no change — also ignoring ASCII case where
/// the gateway's hex signature is compared case-insensitively.
fn change(value: &str, at: prop::sample::Index, with: u8, ignore_case: bool) -> Option<String> {
    let mut bytes = value.as_bytes().to_vec();
    let i = at.index(bytes.len());
    let same = if ignore_case { bytes[i].eq_ignore_ascii_case(&with) } else { bytes[i] == with };
    if same || !bytes[i].is_ascii() {
        return None;
    }
    bytes[i] = with;
    String::from_utf8(bytes).ok()
}

fn alnum() -> impl Strategy<Value = u8> {
    prop::sample::select(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec())
}

/// Change one byte of the value of field `which` (among `signed`) of a url-encoded genuine body.
fn tamper_body(
    input: &Value,
    signed: &[&str],
    which: prop::sample::Index,
    at: prop::sample::Index,
    with: u8,
) -> Option<Value> {
    let mut fields = pairs(input);
    let candidates: Vec<usize> = (0..fields.len())
        .filter(|&i| signed.iter().any(|s| s.eq_ignore_ascii_case(&fields[i].0)) && !fields[i].1.is_empty())
        .collect();
    let i = candidates[which.index(candidates.len())];
    let ignore_case = ["kr-hash", "SHASIGN"].iter().any(|s| s.eq_ignore_ascii_case(&fields[i].0));
    fields[i].1 = change(&fields[i].1, at, with, ignore_case)?;
    let mut out = input.clone();
    out["body"] = Value::String(encode(&fields));
    Some(out)
}

fn lyra_signed(input: &Value) -> Vec<String> {
    pairs(input).into_iter().map(|(k, _)| k).filter(|k| k.starts_with("vads_") || k == "signature").collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Lyra IPN: any byte of any `vads_*` value or of the signature → rejected.
    #[test]
    fn lyra_ipn_any_signed_byte_changed_is_rejected(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), with in alnum()) {
        let input = genuine(LYRA_IPN.0, LYRA_IPN.1);
        let signed = lyra_signed(&input);
        let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
        if let Some(tampered) = tamper_body(&input, &signed, which, at, with) {
            prop_assert!(run(LYRA_IPN.0, &tampered).is_err());
        }
    }

    /// Lyra kr-answer: any byte of the answer JSON or of kr-hash → rejected.
    #[test]
    fn kr_answer_any_signed_byte_changed_is_rejected(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), with in alnum()) {
        let input = genuine(KR.0, KR.1);
        if let Some(tampered) = tamper_body(&input, &["kr-answer", "kr-hash"], which, at, with) {
            prop_assert!(run(KR.0, &tampered).is_err());
        }
    }

    /// Ogone: any byte of any SHA-OUT parameter or of SHASIGN → rejected.
    #[test]
    fn ogone_any_signed_byte_changed_is_rejected(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), with in alnum()) {
        let input = genuine(OGONE.0, OGONE.1);
        let names: Vec<String> = pairs(&input).into_iter().map(|(k, _)| k).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        if let Some(tampered) = tamper_body(&input, &names, which, at, with) {
            prop_assert!(run(OGONE.0, &tampered).is_err());
        }
    }

    /// Sips: any byte of Data or of the Seal → rejected.
    #[test]
    fn sips_any_signed_byte_changed_is_rejected(data in any::<bool>(), at in any::<prop::sample::Index>(), with in alnum()) {
        let mut input = genuine(SIPS.0, SIPS.1);
        let name = if data { "Data" } else { "Seal" };
        let value = input["fields"][name].as_str().unwrap().to_owned();
        if let Some(changed) = change(&value, at, with, !data) {
            input["fields"][name] = Value::String(changed);
            prop_assert!(run(SIPS.0, &input).is_err());
        }
    }

    /// Computop: Blowfish-ECB has no integrity of its own and the MAC covers PayID, TransID, mid, Status
    /// and Code only (the gateway's design). So: any hex digit of Data changed is rejected, *or* the
    /// outcome still carries the genuine MAC'd values (the change hit an unauthenticated field). A change
    /// of Len is always rejected here (the genuine Data ends with its MAC).
    #[test]
    fn computop_data_change_is_rejected_or_leaves_the_macd_fields(at in any::<prop::sample::Index>(), digit in 0u8..16, len_delta in 1usize..8, up in any::<bool>()) {
        let input = genuine(COMPUTOP.0, COMPUTOP.1);
        let good = run(COMPUTOP.0, &input).unwrap();
        let fields = pairs(&input);
        let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap();
        let (len, data) = (get("Len"), get("Data"));
        if let Some(changed) = change(&data, at, b"0123456789abcdef"[usize::from(digit)], true) {
            let mut tampered = input.clone();
            tampered["body"] = Value::String(format!("Len={len}&Data={changed}"));
            if let Ok(out) = run(COMPUTOP.0, &tampered) {
                for key in ["status", "code", "transaction_id", "gateway_reference"] {
                    prop_assert_eq!(&out[key], &good[key], "{} changed without detection", key);
                }
            }
        }
        let len: usize = len.parse().unwrap();
        let other = if up { len + len_delta } else { len - len_delta };
        let mut tampered = input.clone();
        tampered["body"] = Value::String(format!("Len={other}&Data={data}"));
        prop_assert!(run(COMPUTOP.0, &tampered).is_err());
    }

    /// Another key (any key but the shop's) → a verification failure, for every signed gateway.
    #[test]
    fn another_key_is_rejected(key in "[ -~]{1,40}") {
        for ((op, name), pointer) in [
            (LYRA_IPN, "/config/test_key"),
            (KR, "/config/rest_password"),
            (COMPUTOP, "/config/mac_key"),
            (COMPUTOP, "/config/blowfish_key"),
            (OGONE, "/config/sha_out_passphrase"),
            (SIPS, "/config/secret_key"),
        ] {
            let mut input = genuine(op, name);
            let slot = input.pointer_mut(pointer).unwrap();
            prop_assume!(slot.as_str() != Some(key.as_str()));
            *slot = Value::String(key.clone());
            let err = run(op, &input).unwrap_err();
            prop_assert!(
                // A wrong Blowfish password decrypts to garbage: rejected as such before the MAC is even read.
                err.code().is_verification_failure() || matches!(err.code(), ErrorCode::Malformed | ErrorCode::Inconsistent),
                "{op} under another key ({pointer}): {err}"
            );
        }
    }

    /// Another shop → wrong_shop (the message is genuine, so only the shop check can catch it).
    #[test]
    fn another_shop_is_rejected(site in "[0-9]{8}", mid in "[a-z_]{3,20}", sips_mid in "[0-9]{15}") {
        for ((op, name), pointer, id) in [
            (LYRA_IPN, "/config/site_id", &site),
            (COMPUTOP, "/config/merchant_id", &mid),
            (SIPS, "/config/merchant_id", &sips_mid),
        ] {
            let mut input = genuine(op, name);
            let slot = input.pointer_mut(pointer).unwrap();
            prop_assume!(slot.as_str() != Some(id.as_str()));
            *slot = Value::String(id.clone());
            prop_assert_eq!(run(op, &input).unwrap_err().code(), ErrorCode::WrongShop, "{}", op);
        }
    }

    /// Random text as any operation's input: an error, never a panic, never a secret.
    #[test]
    fn random_input_never_panics(op in prop::sample::select(operations().collect::<Vec<_>>()), input in "(?s).{0,200}") {
        let _ = call(op, &input);
    }

    /// A genuine input with one value replaced by a random one: any result, never a panic or a secret.
    #[test]
    fn mutated_golden_inputs_never_panic(case in any::<prop::sample::Index>(), leaf in any::<prop::sample::Index>(), with in prop_oneof![
        Just(Value::Null), any::<i64>().prop_map(Value::from), any::<bool>().prop_map(Value::from),
        "(?s).{0,40}".prop_map(Value::from), Just(json!([])), Just(json!({})), Just(Value::from(u64::MAX)),
    ]) {
        let cases = all_cases();
        let (_, case) = &cases[case.index(cases.len())];
        prop_assume!(!case["op"].as_str().unwrap().starts_with("plan."));
        let mut input = case["input"].clone();
        let mut leaves = Vec::new();
        collect_pointers(&input, String::new(), &mut leaves);
        if !leaves.is_empty() {
            *input.pointer_mut(&leaves[leaf.index(leaves.len())]).unwrap() = with;
        }
        let result = call(case["op"].as_str().unwrap(), &input.to_string());
        // The secrets of the input as sent: when the mutation replaced a key, the golden key is no longer
        // there to leak, and a golden key that is an ordinary word ("password") may well appear in a
        // message about the new one ("the Blowfish password must be 1 to 72 bytes long").
        assert_no_secret(&secrets_of(&input), &input, &result);
    }
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                collect_pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// The JSON names under which operations take secrets.
const SECRET_NAMES: [&str; 14] = [
    "key",
    "test_key",
    "production_key",
    "rest_password",
    "rest_hmac_key",
    "blowfish_key",
    "mac_key",
    "passphrase",
    "sha_in_passphrase",
    "sha_out_passphrase",
    "secret_key",
    "access_key",
    "hmac_key",
    "password",
];

fn secrets_of(input: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::String(s) if SECRET_NAMES.contains(&k.as_str()) => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(input, &mut out);
    out
}

/// No error shows a secret of `input` — unless the secret text also appears outside the secret fields of
/// the input (a message may quote a field name or a value the caller sent in the clear).
fn assert_no_secret<T>(secrets: &[String], input: &Value, result: &cpay_core::Result<T>) {
    let Err(e) = result else { return };
    let mut public = input.clone();
    strip_secrets(&mut public);
    let public = public.to_string();
    let shown = format!("{e} {e:?} {}", serde_json::to_string(e).unwrap());
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        assert!(
            public.contains(secret.as_str()) || !shown.contains(secret.as_str()),
            "an error shows a secret: {shown}"
        );
    }
}

fn strip_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if SECRET_NAMES.contains(&k.as_str()) {
                    *v = Value::Null;
                } else {
                    strip_secrets(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_secrets),
        _ => {}
    }
}

/// Every golden and bad-input case, run with its keys replaced by recognisable ones: no error (message,
/// field, gateway code, Debug) contains a key, and no output contains one in the clear.
#[test]
fn no_error_or_output_shows_a_key() {
    let mut checked = 0;
    // plan.* inputs have no secrets: their `key` is an idempotency key, public by design.
    for (file, case) in all_cases().iter().filter(|(_, c)| !c["op"].as_str().unwrap().starts_with("plan.")) {
        let mut input = case["input"].clone();
        let mut n = 0;
        relabel_secrets(&mut input, &mut n);
        if n == 0 {
            continue;
        }
        let secrets: Vec<String> = (0..n).map(|i| format!("LEAK-CANARY-{i:02}-a1b2c3")).collect();
        let result = call(case["op"].as_str().unwrap(), &input.to_string());
        assert_no_secret(&secrets, &input, &result);
        if let Ok(out) = &result {
            for s in &secrets {
                assert!(!out.contains(s.as_str()), "{file} / {}: the output shows a key: {out}", case["name"]);
            }
        }
        checked += 1;
    }
    assert!(checked > 200, "only {checked} cases carry a key");
}

fn relabel_secrets(v: &mut Value, n: &mut usize) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if SECRET_NAMES.contains(&k.as_str()) && v.is_string() {
                    *v = Value::String(format!("LEAK-CANARY-{:02}-a1b2c3", *n));
                    *n += 1;
                } else {
                    relabel_secrets(v, n);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| relabel_secrets(v, n)),
        _ => {}
    }
}

/// The original keys too: every error-producing case, its own keys absent from the error.
#[test]
fn no_error_shows_the_case_key() {
    for (_, case) in all_cases().iter().filter(|(_, c)| c.get("error").is_some()) {
        let result = call(case["op"].as_str().unwrap(), &case["input"].to_string());
        assert_no_secret(&secrets_of(&case["input"]), &case["input"], &result);
    }
}

/// Debug of every configuration type (and of a request carrying HTTP Basic credentials) redacts keys.
#[test]
fn debug_of_every_config_redacts_keys() {
    const K: &str = "CANARY-KEY-0123456789";
    let shown = [
        format!(
            "{:?}",
            serde_json::from_value::<cpay_core::lyra::config::LyraConfig>(json!({
                "platform": "sogecommerce", "site_id": "12345678", "mode": "TEST",
                "test_key": K, "production_key": K, "rest_password": K
            }))
            .unwrap()
        ),
        format!(
            "{:?}",
            serde_json::from_value::<cpay_core::computop::config::ComputopConfig>(json!({
                "merchant_id": "m", "blowfish_key": K, "mac_key": K
            }))
            .unwrap()
        ),
        format!(
            "{:?}",
            serde_json::from_value::<cpay_core::ogone::config::OgoneConfig>(json!({
                "pspid": "p", "environment": "test", "algorithm": "sha256",
                "sha_in_passphrase": K, "sha_out_passphrase": K
            }))
            .unwrap()
        ),
        format!(
            "{:?}",
            serde_json::from_value::<cpay_core::sips::config::SipsConfig>(json!({
                "merchant_id": "002001000000001", "key_version": 1, "secret_key": K, "environment": "simu"
            }))
            .unwrap()
        ),
        format!(
            "{:?}",
            cpay_core::payline::config::PaylineConfig {
                merchant_id: "111111111".into(),
                access_key: cpay_core::Secret::from(K),
                environment: cpay_core::payline::config::Environment::Homologation,
                version: "34".into(),
            }
        ),
        format!(
            "{:?}",
            cpay_core::HttpRequest::post("https://x.invalid/", "text/xml", "").with_basic_auth("u", K.as_bytes())
        ),
    ];
    for text in shown {
        assert!(!text.contains("CANARY"), "Debug shows a key: {text}");
        assert!(!text.contains("Q0FOQVJZ"), "Debug shows base64 credentials: {text}");
    }
}

/// The four replay and confusion cases of docs/security.md ("Replay and confusion"), each already a golden vector (the vector runner of every layer
/// checks the error); this test pins that they stay in the catalogue with the right verdict.
#[test]
fn replay_and_confusion_cases_stay_in_the_vectors() {
    let cases = all_cases();
    let find = |file: &str, name: &str| {
        cases
            .iter()
            .find(|(f, c)| f == file && c["name"] == name)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("{file} / {name} is gone"))
    };
    let replay = find("computop.json", "failure Data replayed to URLSuccess stays a failure");
    assert_ne!(replay["output"]["status"], "accepted");
    for (file, name, code) in [
        ("lyra.json", "IPN: TEST notification at a PRODUCTION shop (genuinely signed with the TEST key)", "wrong_mode"),
        ("payline.json", "notification with the token of another order", "wrong_order"),
        ("payline.json", "details asked with a token for another order", "wrong_order"),
        ("ogone.json", "feedback signed with the SHA-IN passphrase", "signature_mismatch"),
    ] {
        assert_eq!(find(file, name)["error"]["code"], code, "{file} / {name}");
    }
}

/// The JSON schema of every operation a shop feeds gateway data to: an unknown field is `invalid_value`
/// on that field, a missing required one `missing_field` on it, a wrong JSON type `invalid_value`. (Not
/// in bad_inputs.json: the bindings' typed facades run every vector, and there such an input is the
/// language's own TypeError; `call` in every layer shares this one serde layer.)
#[test]
fn json_schema_errors() {
    let first_genuine = |op: &str| {
        all_cases()
            .iter()
            .map(|(_, c)| c)
            .find(|c| c["op"] == op && c.get("output").is_some())
            .map(|c| c["input"].clone())
            .unwrap_or_else(|| panic!("no genuine case of {op}"))
    };
    let required = [
        ("lyra.sign", "fields"),
        ("lyra.verify", "fields"),
        ("lyra.form", "config"),
        ("lyra.notification", "config"),
        ("lyra.kr_answer", "body"),
        ("lyra.status_answer", "response"),
        ("lyra.trans_id", "counter"),
        ("computop.encrypt", "plaintext"),
        ("computop.decrypt", "data"),
        ("computop.mac", "message"),
        ("computop.form", "config"),
        ("computop.notification", "config"),
        ("computop.refund_answer", "config"),
        ("payline.form_answer", "response"),
        ("payline.token", "query"),
        ("payline.notification", "response"),
        ("payline.capture_answer", "response"),
        ("ogone.sign", "fields"),
        ("ogone.form", "config"),
        ("ogone.notification", "config"),
        ("sips.seal", "data"),
        ("sips.decode", "data"),
        ("sips.form", "config"),
        ("sips.notification", "config"),
        ("plan.schedule", "method"),
        ("plan.eligible", "method"),
    ];
    for (op, field) in required {
        let genuine = first_genuine(op);
        let mut unknown = genuine.clone();
        unknown["unexpected_field"] = json!("x");
        let e = run(op, &unknown).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidValue, Some("unexpected_field")), "{op}");
        let mut missing = genuine.clone();
        missing.as_object_mut().unwrap().remove(field);
        let e = run(op, &missing).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::MissingField, Some(field)), "{op}");
        let mut wrong_type = genuine;
        wrong_type[field] = json!(42.5);
        // serde_json reports a number where an internally tagged enum is due as a syntax error; cpay
        // re-reads well-formed JSON as a value error, so the field is named either way.
        let e = run(op, &wrong_type).unwrap_err();
        assert_eq!(
            (e.code(), e.field_name()),
            (ErrorCode::InvalidValue, Some(field)),
            "{op}: {field} as a number: {e}"
        );
    }
}
