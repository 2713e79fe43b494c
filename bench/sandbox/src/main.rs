//! `sandbox-throughput`: payments per second through cpay sandbox's emulated Lyra flow, IPN included.
//!
//! It starts the sandbox in-process (state in memory, as `cpay sandbox` runs by default) and a shop's IPN
//! endpoint on the loopback, then runs `--payments N` payments, `--concurrency C` at a time, each the way a
//! shop and a browser make it: cpay-core signs the form (`lyra.form` through `cpay_core::api::call`, the path of
//! every binding), the form is posted to `/lyra/vads-payment/`, the payment page is fetched, "accepted" is
//! posted; the sandbox sends the signed IPN (its first attempt is awaited before the browser is redirected) and
//! the shop's endpoint verifies it with cpay-core (`lyra.notification`) before answering 200. The run fails
//! unless every payment's IPN verified as accepted. Writes `{"payments", "concurrency", "seconds",
//! "payments_per_s", "ipns_verified", "profile"}` to `--out FILE` (and prints it).
//!
//! Usage: sandbox-throughput [--payments N] [--concurrency C] [--out FILE]

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "1122334455667788";

fn config(addr: &str) -> Value {
    json!({
        "platform": {"custom": {"form_url": format!("http://{addr}/lyra/vads-payment/"),
                                "rest_url": format!("http://{addr}/lyra/api-payment/")}},
        "site_id": "12345678", "mode": "TEST", "test_key": KEY,
    })
}

fn call(operation: &str, input: &Value) -> Result<Value, String> {
    let out = cpay_core::api::call(operation, &input.to_string()).map_err(|e| format!("{operation}: {e}"))?;
    serde_json::from_str(&out).map_err(|e| e.to_string())
}

/// One HTTP/1.1 exchange (`Connection: close`): status, the `Location` header, the body.
async fn http(addr: &str, method: &str, path: &str, body: &str) -> Result<(u16, Option<String>, String), String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.map_err(|e| e.to_string())?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n").ok_or("no HTTP head")?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
    let location = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("location").then(|| v.trim().to_string())
    });
    Ok((status, location, body.to_string()))
}

/// The shop's IPN endpoint: every body verified by cpay-core; counts the accepted payments.
async fn shop(listener: TcpListener, sandbox_addr: String, verified: Arc<AtomicUsize>, failed: Arc<AtomicUsize>) {
    let config = config(&sandbox_addr);
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let (config, verified, failed) = (config.clone(), verified.clone(), failed.clone());
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
                return;
            }
            let body = String::from_utf8_lossy(&body).into_owned();
            let input = json!({"config": config, "body": body});
            let ok = matches!(call("lyra.notification", &input), Ok(v) if v["outcome"]["status"] == "accepted");
            if ok { &verified } else { &failed }.fetch_add(1, Ordering::Relaxed);
            let status = if ok { "200 OK" } else { "400 Bad Request" };
            let _ = reader
                .get_mut()
                .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes())
                .await;
        });
    }
}

/// One payment: sign, post, open the page, accept.
async fn payment(sandbox: &str, shop: &str, n: u64) -> Result<(), String> {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .map_err(|e| e.to_string())?
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| e.to_string())?;
    let form = call(
        "lyra.form",
        &json!({"config": config(sandbox), "payment": {
            "amount": 124_990, "trans_id": n, "trans_date": now, "order_id": format!("BENCH-{n}"),
            "customer": {"first_name": "Renée", "last_name": "L'Hôte-Lefèvre", "email": "renee@example.fr",
                "address": "12, rue de l'Église — Bâtiment « Les Érables »", "zip": "42000", "city": "Saint-Étienne"},
            "urls": {"check": format!("http://{shop}/ipn"), "return": format!("http://{shop}/return")}}}),
    )?;
    let fields: BTreeMap<String, String> =
        serde_json::from_value(form["form"]["fields"].clone()).map_err(|e| e.to_string())?;
    let body = cpay_core::urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (status, location, text) = http(sandbox, "POST", "/lyra/vads-payment/", &body).await?;
    let page = location.filter(|_| status == 303).ok_or_else(|| format!("form post: HTTP {status}: {text}"))?;
    let (status, _, text) = http(sandbox, "GET", &page, "").await?;
    if status != 200 || !text.contains("data-outcome=\"accepted\"") {
        return Err(format!("payment page: HTTP {status}"));
    }
    let (status, _, _) = http(sandbox, "POST", &format!("{page}/outcome"), "outcome=accepted").await?;
    if status != 303 {
        return Err(format!("outcome: HTTP {status}"));
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let payments: u64 = arg("--payments").and_then(|v| v.parse().ok()).unwrap_or(2000).clamp(1, 899_999);
    let concurrency: u64 = arg("--concurrency").and_then(|v| v.parse().ok()).unwrap_or(8).max(1);
    let out = arg("--out");
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sandbox-throughput: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(payments, concurrency)) {
        Ok(report) => {
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            println!("{text}");
            if let Some(path) = out {
                if let Err(e) = std::fs::write(&path, text + "\n") {
                    eprintln!("sandbox-throughput: {path}: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sandbox-throughput: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(payments: u64, concurrency: u64) -> Result<Value, String> {
    let config = cpay_sandbox::Config { ipn_retry_delays: vec![Duration::from_millis(100); 2], ..Default::default() };
    let sandbox = cpay_sandbox::Sandbox::open(config)?;
    let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let sandbox_addr = listener.local_addr().map_err(|e| e.to_string())?.to_string();
    tokio::spawn(cpay_sandbox::serve(sandbox, listener));
    let shop_listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let shop_addr = shop_listener.local_addr().map_err(|e| e.to_string())?.to_string();
    let (verified, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    tokio::spawn(shop(shop_listener, sandbox_addr.clone(), verified.clone(), failed.clone()));

    // One payment first, outside the timing (connections, lazy statics, the SQLite schema's first pages).
    payment(&sandbox_addr, &shop_addr, 0).await?;
    let next = Arc::new(AtomicUsize::new(1));
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (sandbox_addr, shop_addr, next) = (sandbox_addr.clone(), shop_addr.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed) as u64;
                if n > payments {
                    return Ok::<(), String>(());
                }
                payment(&sandbox_addr, &shop_addr, n).await?;
            }
        }));
    }
    for worker in workers {
        worker.await.map_err(|e| e.to_string())??;
    }
    let seconds = start.elapsed().as_secs_f64();
    // Each IPN's first attempt was awaited before its browser redirect, so all of them are in.
    let (ok, bad) = (verified.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    if ok as u64 != payments + 1 || bad > 0 {
        return Err(format!("{ok} IPNs verified and {bad} failed for {} payments", payments + 1));
    }
    Ok(json!({
        "payments": payments,
        "concurrency": concurrency,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "payments_per_s": (payments as f64 / seconds * 10.0).round() / 10.0,
        "ipns_verified": payments,
        "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
    }))
}
