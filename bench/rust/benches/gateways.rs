//! cpay's hot operations, each beside the raw crypto floor for the same bytes (see `cpay_bench`).
//!
//! Per case, up to three functions in one criterion group: `cpay` (the typed Rust API, what a Rust shop
//! calls), `cpay_json` (`cpay_core::api::call`, the JSON path every binding and the CLI run) and `floor`
//! (HMAC-SHA-256 / SHA-256 / Blowfish over the same bytes, on the RustCrypto crates directly). Each case
//! asserts once, before timing, that cpay's output is the floor's.
//! Run with `make bench` (or `cargo bench -p cpay-bench`); times are set in `config()`.

use cpay_bench::*;
use cpay_core::{api, computop, lyra, ogone, payline, sips, Secret};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args()
}

fn typed<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).expect("the fixture fits the core's input type")
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .expect("an object of strings")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

fn lyra_cases(c: &mut Criterion) {
    let cases = cases();
    let l = &cases["lyra"];
    let key = l["key"].as_str().expect("key");
    let config: lyra::LyraConfig = typed(&l["config"]);
    let payment: lyra::PaymentRequest = typed(&l["payment"]);
    let form_json = json!({"config": l["config"], "payment": l["payment"]}).to_string();

    // Build + sign a Cpay form of 25 vads_ fields.
    let form = lyra::build_form(&config, &payment).expect("form");
    let fields: Vec<(String, String)> = form.fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let message = lyra_message(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())), key);
    let signature = fields.iter().find(|(k, _)| k == "signature").map(|(_, v)| v.clone()).expect("signed");
    assert_eq!(lyra_floor(key.as_bytes(), &message), signature);
    assert_eq!(fields.len(), 27); // 26 vads_ fields (the fixture has an address) and the signature
    let mut g = c.benchmark_group("lyra_form_25");
    g.bench_function("cpay", |b| b.iter(|| lyra::build_form(black_box(&config), black_box(&payment))));
    g.bench_function("cpay_json", |b| b.iter(|| api::call("lyra.form", black_box(&form_json))));
    g.bench_function("floor", |b| b.iter(|| lyra_floor(black_box(key.as_bytes()), black_box(&message))));
    g.finish();

    // The signature primitive alone over the same 25 fields (what every language's `lyra.sign` runs):
    // beyond the floor's HMAC it picks the vads_ fields, sorts them and joins their values.
    let secret = Secret::from(key);
    let unsigned: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != "signature").cloned().collect();
    let sign = || {
        let pairs = black_box(&unsigned).iter().map(|(k, v)| (k.as_str(), v.as_str()));
        lyra::signature::sign(pairs, &secret, lyra::Algorithm::HmacSha256)
    };
    assert_eq!(sign().expect("signature"), signature);
    let unsigned_json: serde_json::Map<String, Value> =
        unsigned.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    let sign_json = json!({"fields": unsigned_json, "key": key}).to_string();
    let mut g = c.benchmark_group("lyra_sign_25");
    g.bench_function("cpay", |b| b.iter(sign));
    g.bench_function("cpay_json", |b| b.iter(|| api::call("lyra.sign", black_box(&sign_json))));
    g.bench_function("floor", |b| b.iter(|| lyra_floor(black_box(key.as_bytes()), black_box(&message))));
    g.finish();

    // Verify + classify a 60-field IPN (url-encoded body, as posted).
    let body = l["ipn_body"].as_str().expect("body");
    let expected: lyra::response::Expected = typed(&l["ipn_expected"]);
    let ipn_json = json!({"config": l["config"], "body": body, "expected": l["ipn_expected"]}).to_string();
    let outcome = lyra::response::verify_body(&config, body.as_bytes(), &expected).expect("genuine IPN");
    assert_eq!(outcome.outcome.status, cpay_core::Status::Accepted);
    let ipn = pairs(&l["ipn_fields"]);
    assert_eq!(ipn.len(), 60);
    let ipn_message = lyra_message(ipn.iter().map(|(k, v)| (k.as_str(), v.as_str())), key);
    let mut g = c.benchmark_group("lyra_ipn_60");
    g.bench_function("cpay", |b| {
        b.iter(|| lyra::response::verify_body(black_box(&config), black_box(body.as_bytes()), black_box(&expected)))
    });
    g.bench_function("cpay_json", |b| b.iter(|| api::call("lyra.notification", black_box(&ipn_json))));
    g.bench_function("floor", |b| b.iter(|| lyra_floor(black_box(key.as_bytes()), black_box(&ipn_message))));
    g.finish();
}

fn computop_cases(c: &mut Criterion) {
    let cases = cases();
    let cp = &cases["computop"];
    let bf = cp["blowfish_key"].as_str().expect("blowfish_key");
    let mk = cp["mac_key"].as_str().expect("mac_key");
    let bf_secret = Secret::from(bf);

    // Encrypt + MAC a full FullCB request (the checked path builds the plaintext from the order first).
    let config: computop::ComputopConfig = typed(&cp["form"]["config"]);
    let payment: computop::FullCbPayment = typed(&cp["form"]["payment"]);
    let form_json = cp["form"].to_string();
    let built = computop::build_form(&config, &payment).expect("FullCB form");
    let field = |name: &str| built.fields.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v.clone());
    let data = field("Data").expect("Data");
    let len: usize = field("Len").and_then(|l| l.parse().ok()).expect("Len");
    let plaintext = blowfish_decrypt_hex(bf.as_bytes(), &data, len);
    let text = String::from_utf8(plaintext.clone()).expect("ASCII plaintext");
    let mac_message = computop::mac::request_message("", "CMD20260042", "cpay_test", 45000, "EUR");
    let mac = computop_mac_floor(mk.as_bytes(), mac_message.as_bytes());
    assert!(text.contains(&format!("MAC={mac}")));
    assert_eq!(blowfish_encrypt_hex(bf.as_bytes(), &plaintext), data);
    let floor = || {
        (
            computop_mac_floor(black_box(mk.as_bytes()), black_box(mac_message.as_bytes())),
            blowfish_encrypt_hex(black_box(bf.as_bytes()), black_box(&plaintext)),
        )
    };
    let mut g = c.benchmark_group("computop_request");
    g.bench_function("cpay", |b| b.iter(|| computop::build_form(black_box(&config), black_box(&payment))));
    g.bench_function("cpay_json", |b| b.iter(|| api::call("computop.form", black_box(&form_json))));
    g.bench_function("floor", |b| b.iter(floor));
    g.finish();

    // The primitives alone on the fixture's plaintext: what the language harnesses measure.
    let plain = cp["request_plaintext"].as_str().expect("plaintext");
    let msg = cp["request_mac_message"].as_str().expect("mac message");
    let mac_secret = Secret::from(mk);
    let enc_json = json!({"plaintext": plain, "key": bf}).to_string();
    let mac_json = json!({"message": msg, "key": mk}).to_string();
    let mut g = c.benchmark_group("computop_encrypt_mac");
    g.bench_function("cpay", |b| {
        b.iter(|| {
            (
                computop::blowfish::encrypt(black_box(plain.as_bytes()), &bf_secret),
                computop::mac::mac(black_box(msg.as_bytes()), &mac_secret),
            )
        })
    });
    g.bench_function("cpay_json", |b| {
        b.iter(|| (api::call("computop.encrypt", black_box(&enc_json)), api::call("computop.mac", &mac_json)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| {
            (
                blowfish_encrypt_hex(black_box(bf.as_bytes()), black_box(plain.as_bytes())),
                computop_mac_floor(black_box(mk.as_bytes()), black_box(msg.as_bytes())),
            )
        })
    });
    g.finish();

    // Blowfish keyed once and reused (no key schedule per call): cpay's Cipher vs a keyed RustCrypto cipher.
    let cipher = computop::blowfish::Cipher::new(&bf_secret).expect("Blowfish key");
    let keyed = blowfish(bf.as_bytes());
    assert_eq!(
        cipher.encrypt(plain.as_bytes()).expect("encrypt").data,
        blowfish_encrypt_hex_with(&keyed, plain.as_bytes())
    );
    let mut g = c.benchmark_group("computop_blowfish_reused");
    g.bench_function("cpay", |b| b.iter(|| cipher.encrypt(black_box(plain.as_bytes()))));
    g.bench_function("floor", |b| b.iter(|| blowfish_encrypt_hex_with(&keyed, black_box(plain.as_bytes()))));
    g.finish();

    // Decrypt + verify a notify.
    let notify = computop::blowfish::encrypt(cp["notify_plaintext"].as_str().expect("notify").as_bytes(), &bf_secret)
        .expect("encrypt");
    let body = format!("Len={}&Data={}", notify.len, notify.data);
    let expected: computop::Expected = typed(&json!({"trans_id": "CMD20260042"}));
    let notify_json = json!({"config": cp["form"]["config"], "body": body, "expected": {"trans_id": "CMD20260042"},
               "server_to_server": true})
    .to_string();
    let outcome = computop::verify_body(&config, body.as_bytes(), &expected, true).expect("genuine notify");
    assert_eq!(outcome.status, cpay_core::Status::Accepted);
    let nf = &cp["notify_fields"];
    let s = |k: &str| nf[k].as_str().unwrap_or_default();
    let response_message = computop::mac::response_message(s("PayID"), s("TransID"), s("mid"), s("Status"), s("Code"));
    let received_mac = cp["notify_mac"].as_str().expect("notify_mac");
    assert_eq!(computop_mac_floor(mk.as_bytes(), response_message.as_bytes()), received_mac);
    let mut g = c.benchmark_group("computop_notify");
    g.bench_function("cpay", |b| {
        b.iter(|| computop::verify_body(black_box(&config), black_box(body.as_bytes()), &expected, true))
    });
    g.bench_function("cpay_json", |b| b.iter(|| api::call("computop.notification", black_box(&notify_json))));
    g.bench_function("floor", |b| {
        b.iter(|| {
            let plain = blowfish_decrypt_hex(black_box(bf.as_bytes()), black_box(&notify.data), notify.len);
            let mac = computop_mac_floor(mk.as_bytes(), black_box(response_message.as_bytes()));
            (plain, mac == received_mac)
        })
    });
    g.finish();
}

fn ogone_sips_cases(c: &mut Criterion) {
    let cases = cases();
    let o = &cases["ogone"];
    let params = pairs(&o["fields"]);
    let passphrase = o["passphrase"].as_str().expect("passphrase");
    let secret = Secret::from(passphrase);
    let message = ogone_message(params.iter().map(|(k, v)| (k.as_str(), v.as_str())), passphrase);
    let sign = || {
        ogone::signature::sign(
            black_box(&params).iter().map(|(k, v)| (k.as_str(), v.as_str())),
            &secret,
            ogone::Algorithm::Sha256,
            ogone::Direction::Out,
            ogone::Charset::Utf8,
        )
    };
    assert_eq!(sign().expect("SHASIGN"), o["shasign"].as_str().expect("shasign"));
    assert_eq!(ogone_floor(&message), o["shasign"].as_str().expect("shasign"));
    let sign_json =
        json!({"fields": o["fields"], "passphrase": passphrase, "algo": "sha256", "direction": "out"}).to_string();
    let mut g = c.benchmark_group("ogone_sha_out_22");
    g.bench_function("cpay", |b| b.iter(sign));
    g.bench_function("cpay_json", |b| b.iter(|| api::call("ogone.sign", black_box(&sign_json))));
    g.bench_function("floor", |b| b.iter(|| ogone_floor(black_box(&message))));
    g.finish();

    let sp = &cases["sips"];
    let data = sp["data"].as_str().expect("data");
    let key = sp["key"].as_str().expect("key");
    let secret = Secret::from(key);
    assert_eq!(sips::seal::seal(data.as_bytes(), &secret, sips::SealAlgorithm::HmacSha256).unwrap(), sp["seal"]);
    let seal_json = json!({"data": data, "key": key, "algo": "hmac-sha256"}).to_string();
    let mut g = c.benchmark_group("sips_seal");
    g.bench_function("cpay", |b| {
        b.iter(|| sips::seal::seal(black_box(data.as_bytes()), &secret, sips::SealAlgorithm::HmacSha256))
    });
    g.bench_function("cpay_json", |b| b.iter(|| api::call("sips.seal", black_box(&seal_json))));
    g.bench_function("floor", |b| b.iter(|| sips_floor(black_box(key.as_bytes()), black_box(data.as_bytes()))));
    g.finish();
}

/// Payline has no signature (HTTP Basic over TLS): the floor of parsing is reading the same SOAP answer's
/// XML events with quick-xml, and building has no floor (its time is reported alone).
fn payline_cases(c: &mut Criterion) {
    let cases = cases();
    let p = &cases["payline"];
    let build_json = p["form"].to_string();
    let request: Value = serde_json::from_str(&api::call("payline.form", &build_json).expect("request")).expect("JSON");
    assert!(request["body"].as_str().expect("body").contains("doWebPaymentRequest"));
    let mut g = c.benchmark_group("payline_web_payment");
    g.bench_function("cpay_json", |b| b.iter(|| api::call("payline.form", black_box(&build_json))));
    g.finish();

    let body = p["notification"]["response"]["body"].as_str().expect("body");
    let token = p["notification"]["token"].as_str();
    let expected: payline::Expected = typed(&p["notification"]["expected"]);
    let outcome = payline::response::outcome(body, token, &expected).expect("outcome");
    assert_eq!(outcome.status, cpay_core::Status::Accepted);
    let outcome_json = p["notification"].to_string();
    let mut g = c.benchmark_group("payline_outcome");
    g.bench_function("cpay", |b| b.iter(|| payline::response::outcome(black_box(body), token, &expected)));
    g.bench_function("cpay_json", |b| b.iter(|| api::call("payline.notification", black_box(&outcome_json))));
    g.bench_function("floor", |b| {
        b.iter(|| {
            let mut reader = quick_xml::Reader::from_str(black_box(body));
            let mut events = 0usize;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break events,
                    Ok(_) => events += 1,
                }
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = lyra_cases, computop_cases, ogone_sips_cases, payline_cases
}
criterion_main!(benches);
