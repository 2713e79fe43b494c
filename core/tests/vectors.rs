//! Runs every golden vector in `tests/vectors/*.json` through `cpay_core::api::call`.

use serde_json::Value;
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// `expected` is a subset of `actual`: objects key by key, everything else whole.
fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        _ => expected == actual,
    }
}

#[test]
fn golden_vectors() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files found");
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let sources = doc["sources"].as_object().cloned().unwrap_or_default();
        for case in doc["cases"].as_array().expect("cases array") {
            count += 1;
            let name = case["name"].as_str().unwrap_or("?");
            let source = case["source"].as_str().unwrap_or("");
            assert!(sources.contains_key(source), "{}: case {name:?} cites unknown source {source:?}", file.display());
            let op = case["op"].as_str().expect("op");
            let result = cpay_core::api::call(op, &case["input"].to_string());
            let verdict = match (result, case.get("output"), case.get("error")) {
                (Ok(out), Some(expected), None) => {
                    let actual: Value = serde_json::from_str(&out).unwrap();
                    subset(expected, &actual).then_some(()).ok_or(format!("output {actual}"))
                }
                (Err(err), None, Some(expected)) => {
                    let actual = serde_json::to_value(&err).unwrap();
                    subset(expected, &actual).then_some(()).ok_or(format!("error {actual}"))
                }
                (Ok(out), None, Some(_)) => Err(format!("expected an error, got {out}")),
                (Err(err), Some(_), None) => Err(format!("unexpected error {err}")),
                _ => Err("a case needs exactly one of output / error".to_owned()),
            };
            if let Err(why) = verdict {
                failures.push(format!("{} / {name}: {why}", file.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} vectors failed:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{count} golden vectors passed");
}
