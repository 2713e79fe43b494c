//! `cpay-sandbox`: run the offline gateway emulator (see docs/sandbox.md).

use cpay_sandbox::{Config, Sandbox};
use std::process::ExitCode;
use std::time::Duration;

const HELP: &str = "cpay-sandbox: an offline emulator of the gateways' payment pages, notifications and server APIs
(docs/sandbox.md)

Usage: cpay-sandbox [--port P] [--host H] [--state FILE] [--config FILE] [--ipn-retry-delay-ms N] [--ipn-retries N]

  --port P               listen on port P (default 8099; 0 picks a free port)
  --host H               listen address (default 127.0.0.1; anything else exposes the sandbox to the network)
  --state FILE           keep payments in this SQLite file (default: in memory)
  --config FILE          JSON shops added to the demo shops: {\"lyra\": [{\"site_id\", \"test_key\", \"production_key\",
                         \"rest_test_password\", \"rest_production_password\"}],
                         \"computop\": [{\"merchant_id\", \"blowfish_key\", \"mac_key\"}],
                         \"ogone\": [{\"pspid\", \"sha_in\", \"sha_out\", \"user_id\", \"api_password\", \"feedback_url\"}],
                         \"payline\": [{\"merchant_id\", \"access_key\", \"contracts\"}],
                         \"sips\": [{\"merchant_id\", \"secret_key\", \"key_version\"}]}
  --ipn-retry-delay-ms N delay between IPN retries (default 2000; Lyra waits 15 minutes)
  --ipn-retries N        retries of an IPN not answered 2xx (default 4, as Lyra)

The demo shop of Lyra's documentation is always there: site 12345678, TEST key 1122334455667788,
REST API user 12345678 with the TEST password testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M.
Computop demo merchant: cpay_demo, Blowfish and HMAC password \"password\".
Ogone demo shop: PSPID cpaydemo, SHA-512, SHA-IN Mysecretsig1875!?, SHA-OUT Mysecretsig1875!?out, API user
cpaydemoapi / cpaydemoapi-pass, feedback URL: the form's PARAMVAR.
Payline demo merchant: 1234567, access key DJMESHXYou6LmjQFdH, contract CETELEM_1.
Sips demo merchant: 002001000000001, secret key 002001000000001_KEY1, key version 1.
";

fn parse(args: &[String]) -> Result<(Config, String, u16), String> {
    let mut config = Config::default();
    let (mut host, mut port) = ("127.0.0.1".to_string(), 8099u16);
    let (mut delay, mut retries) = (Duration::from_millis(2000), 4usize);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => port = value("--port")?.parse().map_err(|_| "--port: not a port number".to_string())?,
            "--host" => host = value("--host")?,
            "--state" => config.state = Some(value("--state")?.into()),
            "--config" => {
                let path = value("--config")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("--config {path}: {e}"))?;
                config.add_shops(&text)?;
            }
            "--ipn-retry-delay-ms" => {
                delay = Duration::from_millis(value(arg)?.parse().map_err(|_| format!("{arg}: not a number"))?)
            }
            "--ipn-retries" => retries = value(arg)?.parse().map_err(|_| format!("{arg}: not a number"))?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    config.ipn_retry_delays = vec![delay; retries];
    Ok((config, host, port))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, host, port) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(e) if e.is_empty() => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("cpay-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cpay-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result: Result<(), String> = runtime.block_on(async move {
        let sandbox = Sandbox::open(config)?;
        let listener =
            tokio::net::TcpListener::bind((host.as_str(), port)).await.map_err(|e| format!("{host}:{port}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // One line on stdout that scripts and tests wait for.
        println!("cpay sandbox listening on http://{addr}/ (Lyra form: http://{addr}/lyra/vads-payment/)");
        cpay_sandbox::serve(sandbox, listener).await.map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cpay-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
