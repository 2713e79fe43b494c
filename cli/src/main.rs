//! `cpay`: Cetelem payments through French gateways, from the command line — a thin shell over the core's
//! operation registry (`cpay_core::api`).
//!
//! `cpay call OP` runs any operation: JSON on stdin, JSON on stdout. The gateway commands (`cpay lyra sign`,
//! `cpay plan schedule`, …) are shortcuts, each to ONE operation named `<gateway>.<command>`: its input is built
//! from stdin, the command's flags and the key read from the environment variable named by `--key-env`
//! (default `CPAY_KEY`; never from argv). Exit 0 on success, 1 when a message fails verification, 2 on any
//! other error (the error's JSON on stderr names the field), 3 on an internal error (a bug in cpay).

mod demo;

use clap::{Arg, ArgAction, ArgMatches, Command};
use cpay_core::{api, Error, ErrorCode};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::ExitCode;

/// How a shortcut places stdin in the operation's input.
enum Stdin {
    /// Stdin is the whole JSON input.
    Input,
    /// Stdin is a JSON value, placed under this field.
    Json(&'static str),
    /// Stdin is text (one trailing newline dropped, so `echo` works), placed under this field.
    Text(&'static str),
}

/// A gateway command: the operation `<gateway>.<command>` (dashes as underscores).
struct Shortcut {
    gateway: &'static str,
    command: &'static str,
    stdin: Stdin,
    /// Input fields that may be given as `--<field> VALUE`.
    flags: &'static [&'static str],
    /// Where the key from the environment goes in the input (JSON pointer).
    key: Option<&'static str>,
    /// The output field printed as plain text (otherwise the output JSON is printed).
    print: Option<&'static str>,
    /// The input field that defaults to the current UTC time (the core never reads the clock).
    now: Option<&'static str>,
}

const fn shortcut(gateway: &'static str, command: &'static str, stdin: Stdin) -> Shortcut {
    Shortcut { gateway, command, stdin, flags: &[], key: None, print: None, now: None }
}

const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        flags: &["algo"],
        key: Some("/key"),
        print: Some("signature"),
        ..shortcut("lyra", "sign", Stdin::Json("fields"))
    },
    Shortcut { flags: &["algo"], key: Some("/key"), ..shortcut("lyra", "verify", Stdin::Json("fields")) },
    Shortcut { key: Some("/key"), ..shortcut("computop", "encrypt", Stdin::Text("plaintext")) },
    Shortcut {
        flags: &["len"],
        key: Some("/key"),
        print: Some("plaintext"),
        ..shortcut("computop", "decrypt", Stdin::Text("data"))
    },
    Shortcut { key: Some("/key"), print: Some("mac"), ..shortcut("computop", "mac", Stdin::Text("message")) },
    Shortcut {
        flags: &["algo", "direction", "charset"],
        key: Some("/passphrase"),
        print: Some("shasign"),
        ..shortcut("ogone", "sign", Stdin::Json("fields"))
    },
    Shortcut {
        flags: &["algo"],
        key: Some("/key"),
        print: Some("seal"),
        ..shortcut("sips", "seal", Stdin::Text("data"))
    },
    Shortcut { key: Some("/config/access_key"), ..shortcut("payline", "form", Stdin::Input) },
    shortcut("plan", "schedule", Stdin::Input),
    shortcut("plan", "eligible", Stdin::Input),
    Shortcut { now: Some("now"), ..shortcut("plan", "refund", Stdin::Input) },
    shortcut("plan", "split", Stdin::Input),
    shortcut("plan", "three-ds", Stdin::Input),
    shortcut("plan", "order-state", Stdin::Input),
];

impl Shortcut {
    fn operation(&self) -> String {
        format!("{}.{}", self.gateway, self.command.replace('-', "_"))
    }

    /// The operation's input: stdin, then the flags, then the key and the clock.
    fn input(&self, flags: &ArgMatches, key_env: &str) -> Result<Value, Error> {
        let text = read_stdin()?;
        let mut input = match self.stdin {
            Stdin::Input => parse(&text)?,
            Stdin::Json(field) => json!({ field: parse(&text)? }),
            Stdin::Text(field) => {
                let text = text.strip_suffix('\n').map_or(text.as_str(), |t| t.strip_suffix('\r').unwrap_or(t));
                json!({ field: text })
            }
        };
        let Some(object) = input.as_object_mut() else { return Ok(input) };
        for flag in self.flags {
            if let Some(value) = flags.get_one::<String>(flag) {
                let number = serde_json::from_str::<Value>(value).ok().filter(Value::is_number);
                object.insert((*flag).to_owned(), number.unwrap_or_else(|| json!(value)));
            }
        }
        if let Some(field) = self.now.filter(|field| !object.contains_key(*field)) {
            let now = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339);
            object.insert(
                field.to_owned(),
                json!(now.map_err(|_| Error::field(ErrorCode::Internal, field, "no clock"))?),
            );
        }
        if let Some(pointer) = self.key {
            let (parent, slot) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            if let Some(parent) = input.pointer_mut(parent).and_then(Value::as_object_mut) {
                let key = key_from_env(key_env, &pointer[1..].replace('/', "."))?;
                parent.insert(slot.to_owned(), json!(key.as_str()));
            }
        }
        Ok(input)
    }
}

fn cli() -> Command {
    let mut cli = Command::new("cpay")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Cetelem payments (Cpay, 3x/4x) through French gateways: JSON in, JSON out")
        .subcommand_required(true)
        .arg(
            Arg::new("key-env")
                .long("key-env")
                .global(true)
                .default_value("CPAY_KEY")
                .help("Environment variable holding the key, password or passphrase (never argv)"),
        )
        .subcommand(
            Command::new("call")
                .about("Run any operation: stdin JSON → stdout JSON (`cpay ops` lists them)")
                .arg(Arg::new("operation").required(true).help("Operation name, e.g. lyra.form")),
        )
        .subcommand(
            Command::new("ops").about("List the operations `cpay call` accepts").arg(
                Arg::new("json")
                    .long("json")
                    .action(ArgAction::SetTrue)
                    .help("Print [{name, gateway, summary, input, output}], each input and output a JSON Schema"),
            ),
        )
        .subcommand(Command::new("schema").about("Print the JSON Schema document of every operation"))
        .subcommand(Command::new("demo").about("The offline walk-through: a Cpay form, its IPN, forged IPNs"));
    let mut gateways: Vec<&str> = SHORTCUTS.iter().map(|s| s.gateway).collect();
    gateways.dedup();
    for gateway in gateways {
        let mut group = Command::new(gateway)
            .about(format!("Shortcuts to {gateway}.* operations (every other one: `cpay call`)"))
            .subcommand_required(true);
        for s in SHORTCUTS.iter().filter(|s| s.gateway == gateway) {
            let summary = api::find(&s.operation()).map(|entry| entry.summary()).unwrap_or_default();
            let flags = s.flags.iter().map(|flag| Arg::new(*flag).long(*flag).help(format!("The input's `{flag}`")));
            group = group.subcommand(Command::new(s.command).about(summary).args(flags));
        }
        cli = cli.subcommand(group);
    }
    cli
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let key_env = matches.get_one::<String>("key-env").map_or("CPAY_KEY", String::as_str);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<String, Error> {
        match matches.subcommand() {
            Some(("call", args)) => {
                let operation = args.get_one::<String>("operation").map_or("", String::as_str);
                api::call(operation, &read_stdin()?)
            }
            Some(("ops", args)) if args.get_flag("json") => Ok(api::operations_json().to_string()),
            Some(("ops", _)) => Ok(api::operations().collect::<Vec<_>>().join("\n")),
            Some(("schema", _)) => serde_json::to_string_pretty(&api::schema())
                .map_err(|_| Error::general(ErrorCode::Internal, "the schema cannot be written")),
            Some(("demo", _)) => demo::run(),
            Some((gateway, args)) => {
                let (command, flags) = args.subcommand().unzip();
                let s = SHORTCUTS.iter().find(|s| s.gateway == gateway && Some(s.command) == command);
                let (s, flags) = s.zip(flags).ok_or_else(|| Error::missing("command"))?;
                let text = api::call(&s.operation(), &s.input(flags, key_env)?.to_string())?;
                let output = parse(&text)?;
                if output.get("valid") == Some(&Value::Bool(false)) {
                    return Err(Error::field(
                        ErrorCode::SignatureMismatch,
                        "signature",
                        "the signature does not match",
                    ));
                }
                Ok(s.print.and_then(|field| output[field].as_str()).map_or(text, str::to_owned))
            }
            None => Err(Error::missing("command")),
        }
    }));
    let result = result.unwrap_or_else(|_| Err(Error::general(ErrorCode::Internal, "cpay panicked; please report it")));
    // A closed stdout (`cpay ops | head`) is not an error worth a panic.
    match result {
        Ok(text) => {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(std::io::stderr().lock(), "{}", error.to_json());
            ExitCode::from(match error.code() {
                code if code.is_verification_failure() => 1,
                ErrorCode::Internal => 3,
                _ => 2,
            })
        }
    }
}

/// All of stdin as UTF-8 text, at most the registry's input limit.
fn read_stdin() -> Result<String, Error> {
    let mut bytes = Vec::new();
    let limit = api::MAX_INPUT_BYTES as u64;
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::general(ErrorCode::Malformed, format!("cannot read stdin: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::general(ErrorCode::TooLarge, "stdin is larger than the input limit"));
    }
    String::from_utf8(bytes).map_err(|_| Error::general(ErrorCode::Malformed, "stdin is not valid UTF-8"))
}

fn parse(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::general(ErrorCode::Malformed, format!("stdin is not JSON (line {}, column {})", e.line(), e.column()))
    })
}

/// The key held by environment variable `name`, for the input field `field`.
fn key_from_env(name: &str, field: &str) -> Result<zeroize::Zeroizing<String>, Error> {
    match std::env::var(name) {
        Ok(key) if !key.is_empty() => Ok(zeroize::Zeroizing::new(key)),
        _ => Err(Error::field(
            ErrorCode::InvalidKey,
            field,
            format!("set the key in the environment variable {name} (never on the command line)"),
        )),
    }
}
