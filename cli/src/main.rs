//! `cpay`: Cetelem payments through French gateways, from the command line — a thin shell over the core's
//! operation registry (`cpay_core::api`).
//!
//! `cpay call OP` runs any operation: JSON on stdin, JSON on stdout. The gateway commands (`cpay lyra sign`,
//! `cpay plan schedule`, …) are shortcuts, each to ONE operation named `<gateway>.<command>`: its input is built
//! from stdin, the command's flags and the key read from the environment variable named by `--key-env`
//! (default `CPAY_KEY`; never from argv). Exit 0 on success, 1 when a message fails verification, 2 on any
//! other error (the error's JSON on stderr names the field), 3 on an internal error (a bug in cpay).
//!
//! One output convention: every command prints JSON on stdout (`cpay ops` a JSON list of names); `--raw`
//! prints the bare value instead (a signature, a MAC, a seal, a plaintext, one operation name a line).
//! `cpay demo` is the one human-readable walk-through. No secret is printed unless asked: `cpay payline form`
//! hides the `Authorization` header without `--show-secrets`.

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
    /// The output field `--raw` prints as plain text (otherwise the output JSON is printed).
    print: Option<&'static str>,
    /// Output headers holding a secret (HTTP Basic credentials), hidden unless `--show-secrets`.
    secret_headers: &'static [&'static str],
    /// The input field that defaults to the current UTC time (the core never reads the clock).
    now: Option<&'static str>,
}

const fn shortcut(gateway: &'static str, command: &'static str, stdin: Stdin) -> Shortcut {
    Shortcut { gateway, command, stdin, flags: &[], key: None, print: None, secret_headers: &[], now: None }
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
    Shortcut {
        key: Some("/config/access_key"),
        secret_headers: &["Authorization"],
        ..shortcut("payline", "form", Stdin::Input)
    },
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
            Stdin::Input => parse(&text, &self.operation())?,
            Stdin::Json(field) => json!({ field: parse(&text, &self.operation())? }),
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
                .value_name("NAME")
                .help("NAME of the environment variable holding the key, password or passphrase (never the key: keys are never read from argv)"),
        )
        .arg(
            Arg::new("raw")
                .long("raw")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Print the bare value (signature, MAC, seal, plaintext; `ops`: one name a line) instead of JSON"),
        )
        .arg(
            Arg::new("show-secrets")
                .long("show-secrets")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Print secrets a result carries (`payline form`: the Authorization header), hidden otherwise"),
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
        .subcommand(Command::new("demo").about("The offline walk-through: a Cpay form, its IPN, forged IPNs"))
        .subcommand(
            Command::new("sandbox")
                .about("Run the offline gateway emulator (the cpay-sandbox binary; `cpay sandbox --help`)")
                .disable_help_flag(true)
                .arg(
                    Arg::new("args")
                        .num_args(0..)
                        .trailing_var_arg(true)
                        .allow_hyphen_values(true)
                        .help("Passed to cpay-sandbox: --port P, --host H, --state FILE, --config FILE"),
                ),
        );
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

/// `cpay sandbox …`: run `cpay-sandbox` (next to this executable, else on PATH) with the same arguments. The
/// emulator is its own binary so that the CLI keeps no HTTP server, async runtime or SQLite in its build.
fn run_sandbox(args: &[String]) -> ExitCode {
    let name = format!("cpay-sandbox{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(&name)));
    let program = beside.filter(|path| path.is_file()).unwrap_or_else(|| name.clone().into());
    let mut command = std::process::Command::new(&program);
    command.args(args);
    // On Unix cpay becomes the sandbox (signals such as Ctrl-C or a test's kill reach it directly).
    #[cfg(unix)]
    let started: std::io::Result<ExitCode> = Err(std::os::unix::process::CommandExt::exec(&mut command));
    #[cfg(not(unix))]
    let started =
        command.status().map(|status| ExitCode::from(status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))));
    match started {
        Ok(code) => code,
        Err(_) => {
            let error = Error::field(
                ErrorCode::InvalidValue,
                "sandbox",
                format!("{name} was not found next to cpay or on PATH; build it with `cargo build -p cpay-sandbox`"),
            );
            let _ = writeln!(std::io::stderr().lock(), "{}", error.to_json());
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return argv_error(&error),
    };
    if let Some(("sandbox", args)) = matches.subcommand() {
        let forwarded: Vec<String> = args.get_many::<String>("args").into_iter().flatten().cloned().collect();
        return run_sandbox(&forwarded);
    }
    let key_env = matches.get_one::<String>("key-env").map_or("CPAY_KEY", String::as_str);
    let raw = matches.get_flag("raw");
    let show_secrets = matches.get_flag("show-secrets");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<String, Error> {
        check_variable_name(key_env)?;
        match matches.subcommand() {
            Some(("call", args)) => {
                let operation = args.get_one::<String>("operation").map_or("", String::as_str);
                let input = read_stdin()?;
                api::call(operation, &input).map_err(|e| with_hint(e, &input, operation))
            }
            Some(("ops", args)) if args.get_flag("json") => Ok(api::operations_json().to_string()),
            Some(("ops", _)) if raw => Ok(api::operations().collect::<Vec<_>>().join("\n")),
            Some(("ops", _)) => Ok(json!(api::operations().collect::<Vec<_>>()).to_string()),
            Some(("schema", _)) => serde_json::to_string_pretty(&api::schema())
                .map_err(|_| Error::general(ErrorCode::Internal, "the schema cannot be written")),
            Some(("demo", _)) => demo::run(),
            Some((gateway, args)) => {
                let (command, flags) = args.subcommand().unzip();
                let s = SHORTCUTS.iter().find(|s| s.gateway == gateway && Some(s.command) == command);
                let (s, flags) = s.zip(flags).ok_or_else(|| Error::missing("command"))?;
                let text = api::call(&s.operation(), &s.input(flags, key_env)?.to_string())?;
                let mut output = parse(&text, &s.operation())?;
                if output.get("valid") == Some(&Value::Bool(false)) {
                    return Err(Error::field(
                        ErrorCode::SignatureMismatch,
                        "signature",
                        "the signature does not match",
                    ));
                }
                if !show_secrets {
                    for header in s.secret_headers {
                        if let Some(value) = output.pointer_mut(&format!("/headers/{header}")) {
                            *value = json!(HIDDEN);
                        }
                    }
                }
                match s.print.and_then(|field| output[field].as_str()) {
                    Some(value) if raw => Ok(value.to_owned()),
                    _ => Ok(output.to_string()),
                }
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

/// What a hidden secret header reads.
const HIDDEN: &str = "(hidden: pass --show-secrets to print it)";

fn parse(text: &str, operation: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        let error = Error::general(
            ErrorCode::Malformed,
            format!("stdin is not JSON (line {}, column {})", e.line(), e.column()),
        );
        with_hint(error, text, operation)
    })
}

/// A `malformed` stdin that looks like a raw gateway message (`vads_amount=2990&…`, `Data=…&Len=…`) gets a
/// hint: the CLI takes the operation's JSON input, where the raw message is `body`. Stdin is not repeated.
fn with_hint(error: Error, stdin: &str, operation: &str) -> Error {
    let text = stdin.trim();
    let url_encoded = !text.starts_with('{') && !text.starts_with('[') && text.contains('=');
    if error.code() != ErrorCode::Malformed || !url_encoded {
        return error;
    }
    let op = if operation.ends_with(".notification") { operation } else { "<gateway>.notification" };
    Error::new(
        error.code(),
        error.field_name(),
        format!(
            "{}. Stdin looks like a raw gateway message: `cpay call {op}` takes the operation's JSON input, \
             the shop under `config` and the message, as received, in the string `body`: \
             {{\"config\": {{…}}, \"body\": \"…\"}} (`cpay ops --json` shows every input)",
            error.message()
        ),
    )
}

/// `--key-env` takes a variable NAME. Anything else (a key pasted where the name belongs) is refused without
/// being printed.
fn check_variable_name(name: &str) -> Result<(), Error> {
    let mut chars = name.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(());
    }
    Err(Error::field(
        ErrorCode::InvalidValue,
        "--key-env",
        "--key-env takes the NAME of an environment variable (letters, digits and _, not starting with a digit), \
         not the key itself; the value given is not repeated here. Put the key in the environment: export \
         CPAY_KEY='…' (the default), or MY_KEY='…' with --key-env MY_KEY",
    ))
}

/// How an error names the variable: by its name when it reads like one (`CPAY_KEY`, `SHOP_HMAC_KEY`), else
/// without it, since a key pasted where the name belongs can look like a name too.
fn variable(name: &str) -> String {
    let words: Vec<&str> = name.split('_').collect();
    let conventional = name == "CPAY_KEY"
        || (words.len() > 1
            && words.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())));
    if conventional {
        format!("the environment variable {name}")
    } else {
        "the environment variable named by --key-env".to_owned()
    }
}

/// The key held by environment variable `name`, for the input field `field`.
fn key_from_env(name: &str, field: &str) -> Result<zeroize::Zeroizing<String>, Error> {
    match std::env::var(name) {
        Ok(key) if !key.is_empty() => Ok(zeroize::Zeroizing::new(key)),
        _ => Err(Error::field(
            ErrorCode::InvalidKey,
            field,
            format!(
                "{} is not set or empty: put the key there (keys are never read from the command line)",
                variable(name)
            ),
        )),
    }
}

/// A command line clap refused. Help and version print as usual, and so do errors about a flag's name; an
/// error about a value (which may be a key typed on the command line) is reported without it.
fn argv_error(error: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let names_a_flag = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.starts_with('-') && !arg.contains('='),
        _ => false,
    };
    let command_word = match error.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(word)) => word.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c == '.'),
        _ => false,
    };
    let safe = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            | ErrorKind::MissingRequiredArgument
            | ErrorKind::MissingSubcommand
    ) || (error.kind() == ErrorKind::UnknownArgument && names_a_flag)
        || (error.kind() == ErrorKind::InvalidSubcommand && command_word);
    let flag = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if names_a_flag => arg.as_str(),
        _ => "",
    };
    if ["key", "pass", "secret"].iter().any(|word| flag.contains(word)) && flag != "--key-env" {
        // clap would suggest --key-env here, which leads people to paste the key after it.
        let error = Error::field(
            ErrorCode::InvalidValue,
            "argv",
            format!(
                "cpay takes no {flag}: keys are never read from the command line. Put the key in an environment \
                 variable (export CPAY_KEY='…') and, for another variable, pass its NAME: --key-env MY_KEY"
            ),
        );
        let _ = writeln!(std::io::stderr().lock(), "{}", error.to_json());
        return ExitCode::from(2);
    }
    if safe {
        error.exit();
    }
    let error = Error::field(
        ErrorCode::InvalidValue,
        "argv",
        "the command line has an argument cpay does not take (not repeated here: it may be a key). Keys come \
         from the environment (--key-env NAME, default CPAY_KEY); stdin carries the input; see cpay --help",
    );
    let _ = writeln!(std::io::stderr().lock(), "{}", error.to_json());
    ExitCode::from(2)
}
