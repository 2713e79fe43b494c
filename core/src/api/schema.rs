//! The JSON Schema of every operation, derived from the serde types by schemars.
//!
//! One document: `operations` lists each operation with its input and output schemas (objects whose
//! properties refer to shared types by `$ref`), `$defs` holds those shared types (`LyraConfig`, `Outcome`,
//! …) once, and `errors` the error table. The language generators read this document; the committed copy
//! under `schema/` is checked for staleness by `make test`.

use super::OPERATIONS;
use crate::error::ErrorCode;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

/// The schema document of every operation (see the module documentation for its shape).
pub fn schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|entry| {
            json!({
                "name": entry.name,
                "gateway": entry.gateway(),
                "summary": entry.summary(),
                "doc": entry.doc(),
                "input": (entry.input)(&mut generator).to_value(),
                "output": (entry.output)(&mut generator).to_value(),
            })
        })
        .collect();
    let errors: Vec<Value> = ErrorCode::ALL
        .iter()
        .map(|code| {
            json!({
                "name": code.name(),
                "number": code.number(),
                "verification_failure": code.is_verification_failure(),
                "summary": code.summary(),
            })
        })
        .collect();
    let definitions: Map<String, Value> = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cpay operations",
        "version": crate::VERSION,
        "operations": operations,
        "errors": errors,
        "$defs": definitions,
    })
}

/// `[{name, gateway, summary, input, output}]`, each input and output a standalone JSON Schema (the
/// types it refers to under its own `$defs`), as `cpay ops --json` prints it.
pub fn operations_json() -> Value {
    let document = schema();
    let defs = &document["$defs"];
    let standalone = |schema: &Value| {
        let mut schema = schema.clone();
        if let Some(object) = schema.as_object_mut() {
            let used: Map<String, Value> = defs
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, _)| refers_to(&document, schema_ref_holder(object), name))
                .map(|(name, def)| (name.clone(), def.clone()))
                .collect();
            object.insert("$defs".to_owned(), Value::Object(used));
        }
        schema
    };
    let list: Vec<Value> = document["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|op| {
            json!({
                "name": op["name"],
                "gateway": op["gateway"],
                "summary": op["summary"],
                "input": standalone(&op["input"]),
                "output": standalone(&op["output"]),
            })
        })
        .collect();
    Value::Array(list)
}

fn schema_ref_holder(object: &Map<String, Value>) -> Value {
    Value::Object(object.clone())
}

/// Whether `schema` refers to the definition `name`, directly or through other definitions.
fn refers_to(document: &Value, schema: Value, name: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = vec![schema];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let target = target.trim_start_matches("#/$defs/");
                    if target == name {
                        return true;
                    }
                    if seen.insert(target.to_owned()) {
                        pending.push(document["$defs"][target].clone());
                    }
                }
                pending.extend(map.into_iter().filter(|(k, _)| k != "$ref").map(|(_, v)| v));
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_object_schemas_and_type_names_are_unique() {
        let document = schema();
        for op in document["operations"].as_array().unwrap() {
            for side in ["input", "output"] {
                let s = &op[side];
                assert!(s.get("type").is_some() || s.get("$ref").is_some() || s.get("oneOf").is_some(), "{op}");
            }
        }
        // schemars appends a digit to a type name that is already taken: two types would share a name in
        // every generated language.
        for name in document["$defs"].as_object().unwrap().keys() {
            assert!(!name.ends_with(|c: char| c.is_ascii_digit()), "two types are named {name}: rename one");
        }
    }
}
