//! `cpay`: Cetelem payments through French gateways, from the command line.
//!
//! JSON on stdin, result on stdout; exit 0 on success, 1 when a message fails verification, 2 on invalid
//! input (the message on stderr names the field). Secrets come from the environment variable named by
//! `--key-env` (default `CPAY_KEY`), never from argv.

mod computop;
mod demo;
mod io;
mod lyra;
mod ogone;
mod payline;
mod plan;
mod sips;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cpay", version, about = "Cetelem payments (Cpay, 3x/4x) through French gateways")]
struct Cli {
    /// Environment variable holding the key, password or passphrase.
    #[arg(long, global = true, default_value = "CPAY_KEY")]
    key_env: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lyra platforms: Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB.
    #[command(subcommand)]
    Lyra(lyra::Command),
    /// Payline (Monext) WebPayment: Cpay payments over SOAP.
    #[command(subcommand)]
    Payline(payline::Command),
    /// Computop Paygate and Axepta: Cetelem 3x/4x (FullCB).
    #[command(subcommand)]
    Computop(computop::Command),
    /// Payment rules: schedules, eligibility, refunds, tender split, 3-D Secure policy, order state.
    #[command(subcommand)]
    Plan(plan::Command),
    /// Ogone e-Commerce: SHA-IN/SHA-OUT, hidden-POST form, feedback.
    #[command(subcommand)]
    Ogone(ogone::Command),
    /// Worldline Sips 2.0: Seal, Paypage POST form, response.
    #[command(subcommand)]
    Sips(sips::Command),
    /// Run any core operation: stdin JSON → stdout JSON (`cpay ops` lists them).
    Call {
        /// Operation name, e.g. lyra.form.
        operation: String,
    },
    /// List the operations `cpay call` accepts.
    Ops {
        /// Print `[{name, gateway, summary, input, output}]`, each input and output a JSON Schema.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema document of every operation (the committed `schema/cpay.schema.json`).
    Schema,
    /// The offline walk-through: a signed Cpay form, its IPN verified, a tampered and a wrong-shop IPN.
    Demo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lyra(command) => lyra::run(command, &cli.key_env),
        Command::Payline(command) => payline::run(command, &cli.key_env),
        Command::Computop(command) => computop::run(command, &cli.key_env),
        Command::Plan(command) => plan::run(command),
        Command::Ogone(command) => ogone::run(command, &cli.key_env),
        Command::Sips(command) => sips::run(command, &cli.key_env),
        Command::Call { operation } => io::read_stdin().and_then(|input| cpay_core::api::call(&operation, &input)),
        Command::Ops { json: false } => Ok(cpay_core::api::operations().collect::<Vec<_>>().join("\n")),
        Command::Ops { json: true } => Ok(cpay_core::api::operations_json().to_string()),
        Command::Schema => serde_json::to_string_pretty(&cpay_core::api::schema())
            .map_err(|_| cpay_core::Error::general(cpay_core::ErrorCode::Internal, "the schema cannot be written")),
        Command::Demo => demo::run(),
    };
    io::finish(result)
}
