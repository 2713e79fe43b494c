//! The JSON schema every layer speaks (`cpay_core::api::call`: CLI, C ABI, PHP, Python, Node). The input
//! is `<operation>\n<JSON input>`; seeded with every golden vector's operation and input.
#![no_main]
use cpay_fuzz::check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (operation, input) = text.split_once('\n').unwrap_or((text, ""));
    let result = cpay_core::api::call(operation, input);
    check(data, &result);
    if let Ok(output) = result {
        // An output is always JSON the bindings can read back.
        assert!(serde_json::from_str::<serde_json::Value>(&output).is_ok(), "{operation} wrote invalid JSON");
    }
});
