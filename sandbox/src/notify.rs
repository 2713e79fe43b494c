//! Server-to-server notifications to the shop, whatever the gateway: Lyra's IPN, Computop's notify, Ogone's
//! direct feedback, Payline's notification, Sips' automatic response. The gateway module builds the message
//! ([`Outgoing`]); this module applies the payment's fault, makes the attempts, retries, and records each one.
//!
//! Every gateway notifies the shop before it sends the buyer back (Lyra "Guide d'implémentation API
//! Formulaire", "Analyser le résultat du paiement"; Computop Paygate manual, "URLNotify"; Ogone "e-Commerce",
//! "Direct HTTP server-to-server request"; Sips "Paypage POST", "Réponse automatique"), so the first attempt is
//! awaited before the browser is redirected; retries run in the background.

use crate::http_client::{self, Method};
use crate::store::{Attempt, Payment};
use crate::{Sandbox, Shared};
use std::time::Duration;

/// How long after the browser return an `ipn_after_return` IPN is sent, when the fault names no delay.
pub const IPN_AFTER_RETURN_DELAY: Duration = Duration::from_millis(300);

/// One notification, ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The shop's URL; empty when the shop gave none (then nothing is sent, and that is recorded).
    pub url: String,
    /// POST with a body, or GET with everything in the URL.
    pub method: Method,
    /// The body's media type (POST).
    pub content_type: &'static str,
    /// The body (POST), exactly as sent.
    pub body: String,
    /// What it announces, for the log (e.g. Lyra's `vads_trans_status`, Ogone's `STATUS`).
    pub label: String,
}

impl Outgoing {
    /// A url-encoded form POST, the way four of the five gateways notify.
    pub fn form(url: impl Into<String>, body: String, label: impl Into<String>) -> Outgoing {
        Outgoing {
            url: url.into(),
            method: Method::Post,
            content_type: "application/x-www-form-urlencoded",
            body,
            label: label.into(),
        }
    }
}

/// Send a payment's notification, applying the payment's fault (`lost_ipn`, `delayed_ipn`, `ipn_after_return`,
/// `duplicate_ipn`).
pub async fn send(sandbox: &Shared, payment: &Payment, outgoing: Outgoing) {
    if outgoing.url.is_empty() {
        record(sandbox, &payment.uuid, 1, &outgoing, None, Some("the shop gave no notification URL: nothing sent"));
        return;
    }
    match payment.fault.as_deref() {
        Some("lost_ipn") => record(sandbox, &payment.uuid, 1, &outgoing, None, Some("lost (fault lost_ipn): not sent")),
        Some(fault @ ("delayed_ipn" | "ipn_after_return")) => {
            // `ipn_after_return`: the browser goes back to the shop first, the IPN follows shortly after (as when
            // the platform's notification is slowed down); `delayed_ipn`: the same, after a long delay.
            let default =
                if fault == "delayed_ipn" { sandbox.config.default_fault_delay } else { IPN_AFTER_RETURN_DELAY };
            let delay = payment.fault_delay_ms.map(Duration::from_millis).unwrap_or(default);
            let (sandbox, uuid) = (sandbox.clone(), payment.uuid.clone());
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                deliver(sandbox, uuid, outgoing).await;
            });
        }
        Some("duplicate_ipn") => {
            deliver(sandbox.clone(), payment.uuid.clone(), outgoing.clone()).await;
            deliver(sandbox.clone(), payment.uuid.clone(), outgoing).await;
        }
        _ => deliver(sandbox.clone(), payment.uuid.clone(), outgoing).await,
    }
}

/// Send a notification no buyer is waiting for (a refund made in the back office): no fault applies.
pub async fn send_unasked(sandbox: &Shared, uuid: &str, outgoing: Outgoing) {
    if outgoing.url.is_empty() {
        record(sandbox, uuid, 1, &outgoing, None, Some("the shop gave no notification URL: nothing sent"));
        return;
    }
    deliver(sandbox.clone(), uuid.to_string(), outgoing).await;
}

/// The first attempt, awaited; when the shop does not answer 2xx, the retries in the background after the
/// configured delays (Lyra replays a failed IPN 4 times, "Rejeu automatique en cas d'échec").
async fn deliver(sandbox: Shared, uuid: String, outgoing: Outgoing) {
    if attempt(&sandbox, &uuid, 1, &outgoing).await {
        return;
    }
    tokio::spawn(async move {
        let delays = sandbox.config.ipn_retry_delays.clone();
        for (i, delay) in delays.into_iter().enumerate() {
            tokio::time::sleep(delay).await;
            if attempt(&sandbox, &uuid, i as u32 + 2, &outgoing).await {
                return;
            }
        }
    });
}

/// One attempt, recorded; whether the shop answered 2xx.
async fn attempt(sandbox: &Sandbox, uuid: &str, number: u32, outgoing: &Outgoing) -> bool {
    let answer = http_client::send(
        outgoing.method,
        &outgoing.url,
        outgoing.content_type,
        &outgoing.body,
        sandbox.config.ipn_timeout,
    )
    .await;
    let (status, error) = match &answer {
        Ok(code) => (Some(*code), None),
        Err(e) => (None, Some(e.as_str())),
    };
    record(sandbox, uuid, number, outgoing, status, error);
    matches!(answer, Ok(code) if (200..300).contains(&code))
}

fn record(sandbox: &Sandbox, uuid: &str, number: u32, outgoing: &Outgoing, status: Option<u16>, error: Option<&str>) {
    let _ = sandbox.store.record_attempt(&Attempt {
        uuid: uuid.to_string(),
        attempt: number,
        trans_status: outgoing.label.clone(),
        url: outgoing.url.clone(),
        method: outgoing.method,
        body: outgoing.body.clone(),
        http_status: status,
        error: error.map(str::to_string),
        at: String::new(),
    });
}
