//! Every `computop.encrypt` / `computop.decrypt` golden vector through one reusable
//! [`cpay_core::computop::blowfish::Cipher`] per key, expected errors included.

use cpay_core::computop::blowfish::{to_text, Cipher};
use cpay_core::Secret;
use serde_json::Value;
use std::collections::HashMap;

#[test]
fn golden_vectors_through_a_reused_cipher() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/computop.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ciphers: HashMap<String, Result<Cipher, cpay_core::Error>> = HashMap::new();
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let op = case["op"].as_str().unwrap();
        if op != "computop.encrypt" && op != "computop.decrypt" {
            continue;
        }
        let (name, input) = (case["name"].as_str().unwrap(), &case["input"]);
        // AES vectors (an `algorithm: aes` input, or AES-shaped Data) are not for the Blowfish cipher.
        if input.get("algorithm").is_some_and(|a| a == "aes") || input["data"].as_str().is_some_and(|d| d.contains('-'))
        {
            continue;
        }
        let key = input["key"].as_str().unwrap().to_owned();
        let cipher = ciphers.entry(key.clone()).or_insert_with(|| Cipher::new(&Secret::from(key.as_str())));
        let result = cipher.as_ref().map_err(Clone::clone).and_then(|c| {
            if op == "computop.encrypt" {
                let out = c.encrypt(input["plaintext"].as_str().unwrap().as_bytes())?;
                Ok(serde_json::json!({"data": out.data, "len": out.len}))
            } else {
                let len = input["len"].as_u64().unwrap() as usize;
                Ok(serde_json::json!({"plaintext": to_text(c.decrypt(input["data"].as_str().unwrap().trim(), len)?)}))
            }
        });
        match (result, case.get("output"), case.get("error")) {
            (Ok(out), Some(expected), None) => assert_eq!(&out, expected, "{name}"),
            (Err(e), None, Some(expected)) => {
                assert_eq!(e.code().name(), expected["code"], "{name}");
                if let Some(field) = expected.get("field") {
                    assert_eq!(e.field_name(), field.as_str(), "{name}");
                }
            }
            (result, _, _) => panic!("{name}: unexpected {result:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} Blowfish vectors found");
}
