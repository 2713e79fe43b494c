//! Runs every golden vector in `tests/vectors/*.json` through `cpay_core::api::call`, one test per case.
//!
//! A `harness = false` test (libtest-mimic): each case is a test named `<file>::<case name>`, so a failure
//! names its case and the usual filters work (`cargo test -p cpay-core --test vectors -- lyra.json::`). The
//! runner knows nothing about operations: every case gives `op` and `input`, and either `output` or `error`,
//! each matched as a subset of what the call returns.

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Runs one case: the call's answer must match `output`, or its error must match `error`.
fn run_case(case: &Value) -> Result<(), Failed> {
    let op = case["op"].as_str().ok_or("the case has no `op` string")?;
    let result = cpay_core::api::call(op, &case["input"].to_string());
    match (result, case.get("output"), case.get("error")) {
        (Ok(out), Some(expected), None) => {
            let actual: Value = serde_json::from_str(&out).map_err(|e| format!("output is not JSON ({e}): {out}"))?;
            subset(expected, &actual).then_some(()).ok_or_else(|| format!("output {actual}").into())
        }
        (Err(err), None, Some(expected)) => {
            // Messages are in the shop's terms: no serde type names, variants or positions in JSON the
            // caller may never have written.
            for internal in ["expected u", "expected i", "unknown variant", "invalid type", "line 1 column", "f64"] {
                if err.message().contains(internal) {
                    return Err(format!("the message shows serde's internals ({internal:?}): {}", err.message()).into());
                }
            }
            let actual = serde_json::to_value(&err).map_err(|e| format!("error does not serialise: {e}"))?;
            subset(expected, &actual).then_some(()).ok_or_else(|| format!("error {actual}").into())
        }
        (Ok(out), None, Some(_)) => Err(format!("expected an error, got {out}").into()),
        (Err(err), Some(_), None) => Err(format!("unexpected error {err}").into()),
        _ => Err("a case needs exactly one of output / error".into()),
    }
}

/// The trials of one vector file; a file that cannot be read becomes one failing trial named after it.
fn file_trials(path: &Path) -> Vec<Trial> {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let doc: Value = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(doc) => doc,
        Err(why) => return vec![Trial::test(file, move || Err(why.into()))],
    };
    let Some(cases) = doc["cases"].as_array() else {
        return vec![Trial::test(file, || Err("no `cases` array".into()))];
    };
    let sources = doc["sources"].as_object().cloned().unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    cases
        .iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            // Names are unique within a file; should one repeat, its later cases get a number.
            let n = seen.entry(name.clone()).and_modify(|n| *n += 1).or_insert(1);
            let test_name = if *n == 1 { format!("{file}::{name}") } else { format!("{file}::{name} #{n}") };
            let kind = case["op"].as_str().unwrap_or("").to_owned();
            let source = case["source"].as_str().unwrap_or("").to_owned();
            let known_source = sources.contains_key(&source);
            let case = case.clone();
            Trial::test(test_name, move || {
                if !known_source {
                    return Err(format!("the case cites unknown source {source:?}").into());
                }
                run_case(&case)
            })
            .with_kind(kind)
        })
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    let mut trials: Vec<Trial> = files.iter().flat_map(|f| file_trials(f)).collect();
    if trials.is_empty() {
        trials.push(Trial::test("tests/vectors", || Err("no vector cases found in tests/vectors/*.json".into())));
    }
    libtest_mimic::run(&args, trials).exit();
}
