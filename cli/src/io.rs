//! What every command shares: reading stdin, the key from the environment, exit codes, printing.

use cpay_core::{Error, ErrorCode};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;
use zeroize::Zeroizing;

/// Exit status: success.
pub const OK: u8 = 0;
/// Exit status: the message failed verification (signature, shop, mode, order).
pub const VERIFICATION_FAILED: u8 = 1;
/// Exit status: the input is invalid.
pub const INVALID_INPUT: u8 = 2;

/// Largest stdin accepted.
const MAX_STDIN: u64 = cpay_core::api::MAX_INPUT_BYTES as u64;

/// The outcome of a command: what to print and how to exit.
pub type CommandResult = Result<String, Error>;

/// Read all of stdin as UTF-8 text.
pub fn read_stdin() -> Result<String, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::general(ErrorCode::Malformed, format!("cannot read stdin: {e}")))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(Error::general(ErrorCode::TooLarge, "stdin is larger than 4 MiB"));
    }
    String::from_utf8(bytes).map_err(|_| Error::general(ErrorCode::Malformed, "stdin is not valid UTF-8"))
}

/// Read stdin as a JSON value.
pub fn read_json() -> Result<Value, Error> {
    let text = read_stdin()?;
    serde_json::from_str(&text).map_err(|e| {
        Error::general(
            ErrorCode::Malformed,
            format!("stdin is not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })
}

/// The secret held by environment variable `name`; never taken from argv.
pub fn key_from_env(name: &str) -> Result<Zeroizing<String>, Error> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Zeroizing::new(v)),
        Ok(_) => Err(Error::field(ErrorCode::InvalidKey, name, format!("the environment variable {name} is empty"))),
        Err(_) => Err(Error::field(
            ErrorCode::InvalidKey,
            name,
            format!("set the key in the environment variable {name} (keys are never read from the command line)"),
        )),
    }
}

/// Run a core operation on a JSON value.
pub fn call(operation: &str, input: &Value) -> CommandResult {
    cpay_core::api::call(operation, &input.to_string())
}

/// Print the result and turn it into the documented exit status.
pub fn finish(result: CommandResult) -> ExitCode {
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::from(OK)
        }
        Err(error) => {
            eprintln!("cpay: {error}");
            ExitCode::from(exit_code_for(&error))
        }
    }
}

/// 1 for a verification failure, 2 for everything else.
pub fn exit_code_for(error: &Error) -> u8 {
    if error.code().is_verification_failure() {
        VERIFICATION_FAILED
    } else {
        INVALID_INPUT
    }
}

/// Pretty JSON of a compact JSON string (for humans reading stdout).
pub fn pretty(json: &str) -> String {
    serde_json::from_str::<Value>(json)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| json.to_owned())
}
