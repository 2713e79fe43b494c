//! cpay sandbox: an offline emulator of the gateways' hosted payment pages and notifications, for testing a
//! shop end to end without a gateway account or network access.
//!
//! It emulates the Lyra payment form (Lyra "Guide d'implémentation API Formulaire") under `/lyra/…`, Computop
//! Paygate's Cetelem FullCB form and its `credit`/`reverse`/`inquire` pages under `/computop/…`, Ogone
//! e-Commerce's payment pages and DirectLink under `/ogone/ncol/…`, Payline's web payment and SOAP services under
//! `/payline/…` and Worldline Sips 2.0 under `/sips/…`: each gateway's checks and error codes, a
//! payment page with one button per outcome, the notification to the shop (retried when the shop does not
//! answer 2xx), and the browser return; and each gateway's server API, consistent with the ledger (for Lyra, the
//! REST web services of [`lyra_rest`] with the IPN the platform sends for an operation). Every signature, MAC and
//! encryption is computed and checked by cpay-core; this crate only does the I/O (HTTP server, outgoing
//! notifications, SQLite state).

#![forbid(unsafe_code)]

pub mod admin;
pub mod checkout;
pub mod computop;
pub mod config;
pub mod html;
pub mod http_client;
pub mod ids;
pub mod lyra;
pub mod lyra_rest;
pub mod notify;
pub mod ogone;
pub mod payline;
pub mod sips;
pub mod store;

use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

pub use config::{ComputopShop, Config, LyraShop, OgoneShop};
pub use store::Store;

/// What every request handler shares.
pub struct Sandbox {
    /// The settings it started with.
    pub config: Config,
    /// Payments, IPN attempts and pending faults.
    pub store: Store,
}

/// The shared state handed to handlers.
pub type Shared = Arc<Sandbox>;

impl Sandbox {
    /// Open the state store and build the sandbox.
    pub fn open(config: Config) -> Result<Shared, String> {
        let store = match &config.state {
            Some(path) => Store::open(path)?,
            None => Store::memory()?,
        };
        Ok(Arc::new(Sandbox { config, store }))
    }
}

/// The gateways the sandbox emulates (`GET /_sandbox/health` lists them).
pub const GATEWAYS: &[&str] = &["lyra", "computop", "ogone", "payline", "sips"];

/// What the buyer (or a test, through `/_sandbox/api/payments/{uuid}/outcome`) decides on a payment page,
/// applied by the payment's gateway: the state, the notification, and the payment as it is after. `method` is the
/// means of payment picked (Lyra's card, Sips' brand), `option` the Cpay option (Lyra, Payline).
pub async fn apply_outcome(
    sandbox: &Shared,
    uuid: &str,
    outcome: &str,
    method: Option<&str>,
    option: Option<&str>,
) -> Result<store::Payment, String> {
    let payment = sandbox.store.payment(uuid)?.ok_or("unknown payment")?;
    match payment.gateway.as_str() {
        "lyra" => lyra::apply_outcome(sandbox, uuid, outcome, lyra::Choice { card: method, option }).await,
        computop::GATEWAY => computop::apply_outcome(sandbox, uuid, outcome).await,
        ogone::GATEWAY => ogone::apply_outcome(sandbox, uuid, outcome).await,
        "payline" => payline::apply_outcome(sandbox, uuid, outcome, option).await,
        "sips" => sips::apply_outcome(sandbox, uuid, outcome, method).await,
        other => Err(format!("the sandbox does not emulate {other:?} payments")),
    }
}

/// The gateways that notify the shop of a refund made in their back office, so the sandbox emulates it
/// ([`back_office_refund`]; the admin page shows the button for their payments).
pub const BACK_OFFICE_REFUND_GATEWAYS: &[&str] = &["lyra", ogone::GATEWAY, payline::GATEWAY];

/// For a gateway that sends the shop nothing when the merchant refunds in its back office: the sentence saying
/// so and how the shop learns about it (the answer of [`back_office_refund`], and the admin page's note).
pub fn back_office_refund_not_notified(gateway: &str) -> Option<&'static str> {
    match gateway {
        computop::GATEWAY => Some(computop::BACK_OFFICE_REFUND_NOT_NOTIFIED),
        sips::GATEWAY => Some(sips::BACK_OFFICE_REFUND_NOT_NOTIFIED),
        _ => None,
    }
}

/// A refund made "in the back office" of the payment's gateway (not asked by the shop): recorded in the ledger,
/// and the notification that gateway sends for it sent unasked — Lyra's `CREDIT` IPN, Ogone's status-change
/// feedback, Payline's `TRS` notification. `amount` in minor units; all that is left to refund when `None`.
/// `Err`: the gateway notifies no such refund (Computop, Sips: nothing is recorded), or the store failed.
pub async fn back_office_refund(
    sandbox: &Shared,
    uuid: &str,
    amount: Option<u64>,
) -> Result<Result<serde_json::Value, store::Refusal>, String> {
    let Some(payment) = sandbox.store.payment(uuid)? else {
        return Ok(Err(store::Refusal::UnknownPayment));
    };
    if let Some(why) = back_office_refund_not_notified(&payment.gateway) {
        return Err(why.to_string());
    }
    match payment.gateway.as_str() {
        "lyra" => Ok(lyra_rest::back_office_refund(sandbox, uuid, amount)
            .await?
            .map(|done| serde_json::to_value(done).unwrap_or_default())),
        ogone::GATEWAY => ogone::back_office_refund(sandbox, &payment, amount).await,
        payline::GATEWAY => payline::back_office_refund(sandbox, &payment, amount).await,
        other => Err(format!("the sandbox does not emulate {other:?} back-office refunds")),
    }
}

/// The path of a payment's page on its emulated gateway.
pub fn payment_page_path(payment: &store::Payment) -> String {
    match payment.gateway.as_str() {
        "lyra" => format!("/lyra/vads-payment/{}", payment.uuid),
        computop::GATEWAY => format!("/computop/payment/{}", payment.uuid),
        ogone::GATEWAY => ogone::page_path(payment),
        "payline" => format!("/payline/webpayment/{}", payment.uuid),
        "sips" => format!("/sips/paypage/{}", payment.uuid),
        other => format!("/{other}/"),
    }
}

/// The routes: `/lyra/…`, `/computop/…`, `/ogone/…` (the emulated gateways) and `/_sandbox/…` (health, admin
/// page, JSON API).
pub fn router(sandbox: Shared) -> Router {
    Router::new()
        .route("/lyra/vads-payment/", post(lyra::form_post))
        .route("/lyra/vads-payment/:uuid", get(lyra::payment_page))
        .route("/lyra/vads-payment/:uuid/outcome", post(lyra::outcome))
        .route("/lyra/api-payment/V4/*web_service", post(lyra_rest::web_service))
        .route("/computop/CetelemFullCB.aspx", get(computop::form).post(computop::form))
        .route("/computop/payment/:uuid", get(computop::payment_page))
        .route("/computop/payment/:uuid/outcome", post(computop::outcome))
        .route("/computop/credit.aspx", post(computop::api::credit))
        .route("/computop/reverse.aspx", post(computop::api::reverse))
        .route("/computop/inquire.aspx", post(computop::api::inquire))
        .route("/ogone/ncol/:env/orderstandard_utf8.asp", post(ogone::form_utf8))
        .route("/ogone/ncol/:env/orderstandard.asp", post(ogone::form_latin1))
        .route("/ogone/ncol/:env/payment/:payid", get(ogone::payment_page))
        .route("/ogone/ncol/:env/payment/:payid/outcome", post(ogone::outcome))
        .route("/ogone/ncol/:env/maintenancedirect.asp", post(ogone::directlink::maintenance))
        .route("/ogone/ncol/:env/querydirect.asp", post(ogone::directlink::query))
        .merge(payline::routes())
        .merge(sips::routes())
        .route("/_sandbox/health", get(admin::health))
        .route("/_sandbox/", get(admin::admin_page))
        .route("/_sandbox/faults", post(admin::fault_form))
        .route("/_sandbox/api/payments", get(admin::payments_json))
        .route("/_sandbox/api/faults", post(admin::fault_json).get(admin::faults_json))
        .route("/_sandbox/api/payments/:uuid/outcome", post(admin::outcome_json))
        .route("/_sandbox/api/payments/:uuid/back-office-refund", post(admin::back_office_refund_json))
        .route("/_sandbox/payments/:uuid/back-office-refund", post(admin::back_office_refund_form))
        .with_state(sandbox)
}

/// Serve on `listener` until the process ends.
pub async fn serve(sandbox: Shared, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(sandbox)).await
}
