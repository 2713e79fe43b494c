//! The sandbox's state in SQLite: payments, the money operations on them (the ledger), the notification
//! attempts made for them, and faults asked for the next payment.

use crate::http_client::Method;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// One payment on the emulated platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    /// The platform's transaction UUID (`vads_trans_uuid`, 32 hex digits).
    pub uuid: String,
    /// `lyra`.
    pub gateway: String,
    /// `vads_site_id`.
    pub site_id: String,
    /// `vads_order_id` (may be empty).
    pub order_id: String,
    /// `vads_trans_id`.
    pub trans_id: String,
    /// `vads_amount` (minor units).
    pub amount: String,
    /// `vads_currency` (ISO 4217 numeric).
    pub currency: String,
    /// `created` (page shown), then `accepted`, `refused`, `cancelled` or `pending`; `refunded` once the whole
    /// captured amount is refunded.
    pub status: String,
    /// The amount captured (minor units): the whole amount once an immediately captured payment is accepted, or
    /// once a deferred one is captured; 0 before.
    pub captured: u64,
    /// The amount refunded so far (minor units).
    pub refunded: u64,
    /// The fault applied to its notifications, if any (`duplicate_ipn`, `lost_ipn`, `delayed_ipn`).
    pub fault: Option<String>,
    /// The delay of a `delayed_ipn` fault, in milliseconds.
    pub fault_delay_ms: Option<u64>,
    /// The form fields received (signature included).
    pub fields: BTreeMap<String, String>,
}

impl Payment {
    /// One of the fields the shop sent (or the sandbox kept with them, named `__…`); empty when absent, as the
    /// gateways read a missing field.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// A payment a shop has just asked for, its page not yet answered: `created`, nothing captured or refunded,
    /// a fresh transaction UUID, and no fault until [`Store::insert_payment`] gives it the next one queued.
    pub fn new(
        gateway: &str,
        site_id: String,
        order_id: String,
        trans_id: String,
        amount: String,
        currency: String,
        fields: BTreeMap<String, String>,
    ) -> Payment {
        Payment {
            uuid: crate::ids::random_hex(16),
            gateway: gateway.into(),
            site_id,
            order_id,
            trans_id,
            amount,
            currency,
            status: "created".into(),
            captured: 0,
            refunded: 0,
            fault: None,
            fault_delay_ms: None,
            fields,
        }
    }
}

/// One IPN attempt.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// The payment's UUID.
    pub uuid: String,
    /// 1 for the first attempt of a notification, then 2, 3… for its retries.
    pub attempt: u32,
    /// The status the notification carried (`vads_trans_status`).
    pub trans_status: String,
    /// Where it was sent.
    pub url: String,
    /// POST or GET.
    pub method: Method,
    /// The body exactly as sent (POST), so that a test can replay it.
    pub body: String,
    /// The shop's HTTP status, if it answered.
    pub http_status: Option<u16>,
    /// Why no status, if it did not.
    pub error: Option<String>,
    /// When (RFC 3339).
    pub at: String,
}

/// A fault waiting for the next payment.
#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    /// `duplicate_ipn`, `lost_ipn` or `delayed_ipn`.
    pub kind: String,
    /// For `delayed_ipn`: the delay in milliseconds.
    pub delay_ms: Option<u64>,
}

/// The faults a test may queue for the next payment (`ipn_after_return`: the browser is sent back first, the
/// IPN follows after a short delay). A refund made "in the back office" is not queued: it is asked of an
/// existing payment (`POST /_sandbox/api/payments/{uuid}/back-office-refund`).
pub const FAULTS: [&str; 4] = ["duplicate_ipn", "lost_ipn", "delayed_ipn", "ipn_after_return"];

/// One money operation the ledger recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationRow {
    /// Its number (increasing over the whole store).
    pub id: i64,
    /// The payment's UUID.
    pub uuid: String,
    /// `capture`, `refund`, `cancel` or `update` (an amount lowered before capture).
    pub kind: String,
    /// Minor units.
    pub amount: u64,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A money operation asked of the gateway's server API (or made "in the back office").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Capture an authorised payment (its whole amount).
    Capture,
    /// Refund this amount (minor units) of what was captured.
    Refund(u64),
    /// Cancel a payment before any refund (an authorisation not captured, or the gateway's same-day cancel).
    Cancel,
}

/// Why the gateway refuses an operation; each gateway turns it into its own error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No such payment.
    UnknownPayment,
    /// The payment is not in a state that allows it (e.g. a refund of a refused payment).
    WrongState {
        /// The payment's status.
        status: String,
    },
    /// Nothing captured yet (a refund before the capture).
    NotCaptured,
    /// Already captured.
    AlreadyCaptured,
    /// The refund is above what is left to refund.
    AboveRefundable {
        /// What may still be refunded (minor units).
        refundable: u64,
    },
    /// A refund of 0.
    ZeroAmount,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::UnknownPayment => write!(f, "unknown transaction"),
            Refusal::WrongState { status } => write!(f, "the transaction is {status}"),
            Refusal::NotCaptured => write!(f, "the transaction is not captured"),
            Refusal::AlreadyCaptured => write!(f, "the transaction is already captured"),
            Refusal::AboveRefundable { refundable } => {
                write!(f, "the amount is above what is left to refund ({refundable} in minor units)")
            }
            Refusal::ZeroAmount => write!(f, "the amount must be positive"),
        }
    }
}

/// The SQLite connection (one, behind a mutex: every statement is short).
pub struct Store {
    db: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payments (
  uuid TEXT PRIMARY KEY, gateway TEXT NOT NULL, site_id TEXT NOT NULL, order_id TEXT NOT NULL,
  trans_id TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
  fault TEXT, fault_delay_ms INTEGER, fields TEXT NOT NULL, captured INTEGER NOT NULL DEFAULT 0,
  refunded INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS operations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL, kind TEXT NOT NULL, amount INTEGER NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
CREATE TABLE IF NOT EXISTS ipn_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL, attempt INTEGER NOT NULL, trans_status TEXT NOT NULL,
  url TEXT NOT NULL, method TEXT NOT NULL, body TEXT NOT NULL, http_status INTEGER, error TEXT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
CREATE TABLE IF NOT EXISTS pending_faults (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, delay_ms INTEGER);
";

/// Bumped whenever [`SCHEMA`] changes: a state file of another version is refused with a clear message.
const SCHEMA_VERSION: i64 = 2;

fn db_error(e: rusqlite::Error) -> String {
    format!("sandbox state: {e}")
}

impl Store {
    /// Open (or create) the SQLite file.
    pub fn open(path: &Path) -> Result<Store, String> {
        Store::init(Connection::open(path).map_err(db_error)?)
    }

    /// A store in memory (lost when the process ends).
    pub fn memory() -> Result<Store, String> {
        Store::init(Connection::open_in_memory().map_err(db_error)?)
    }

    fn init(conn: Connection) -> Result<Store, String> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db_error)?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(db_error)?;
        if tables > 0 && version != SCHEMA_VERSION {
            return Err(format!(
                "the --state file was written by another version of the sandbox (schema {version}, this one {SCHEMA_VERSION}): \
                 delete it or give another file"
            ));
        }
        conn.execute_batch(SCHEMA).map_err(db_error)?;
        conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}")).map_err(db_error)?;
        Ok(Store { db: Mutex::new(conn) })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, String> {
        let conn = self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&conn).map_err(db_error)
    }

    /// Record a new payment, taking the oldest fault waiting for it.
    pub fn insert_payment(&self, payment: &mut Payment) -> Result<(), String> {
        let fields = serde_json::to_string(&payment.fields).map_err(|e| e.to_string())?;
        let mut conn = self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn.transaction().map_err(db_error)?;
        let fault: Option<(i64, String, Option<u64>)> = tx
            .query_row("SELECT id, kind, delay_ms FROM pending_faults ORDER BY id LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(db_error)?;
        if let Some((id, kind, delay)) = fault {
            tx.execute("DELETE FROM pending_faults WHERE id = ?1", [id]).map_err(db_error)?;
            payment.fault = Some(kind);
            payment.fault_delay_ms = delay;
        }
        tx.execute(
            "INSERT INTO payments (uuid, gateway, site_id, order_id, trans_id, amount, currency, status, fault, \
             fault_delay_ms, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                payment.uuid,
                payment.gateway,
                payment.site_id,
                payment.order_id,
                payment.trans_id,
                payment.amount,
                payment.currency,
                payment.status,
                payment.fault,
                payment.fault_delay_ms,
                fields
            ],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    /// Whether a transaction with this site, trans id and trans date already exists (the platform refuses a
    /// second one the same day).
    pub fn trans_id_used(&self, site_id: &str, trans_id: &str, trans_date: &str) -> Result<bool, String> {
        let day = trans_date.get(..8).unwrap_or(trans_date).to_owned();
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT count(*) FROM payments WHERE site_id = ?1 AND trans_id = ?2 \
                 AND substr(json_extract(fields, '$.vads_trans_date'), 1, 8) = ?3",
            )?;
            let n: i64 = stmt.query_row(params![site_id, trans_id, day], |r| r.get(0))?;
            Ok(n > 0)
        })
    }

    fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Payment> {
        let fields: String = r.get(10)?;
        Ok(Payment {
            uuid: r.get(0)?,
            gateway: r.get(1)?,
            site_id: r.get(2)?,
            order_id: r.get(3)?,
            trans_id: r.get(4)?,
            amount: r.get(5)?,
            currency: r.get(6)?,
            status: r.get(7)?,
            fault: r.get(8)?,
            fault_delay_ms: r.get(9)?,
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            captured: r.get(11)?,
            refunded: r.get(12)?,
        })
    }

    const COLUMNS: &'static str =
        "uuid, gateway, site_id, order_id, trans_id, amount, currency, status, fault, fault_delay_ms, fields, captured, \
         refunded";

    /// One payment.
    pub fn payment(&self, uuid: &str) -> Result<Option<Payment>, String> {
        let sql = format!("SELECT {} FROM payments WHERE uuid = ?1", Store::COLUMNS);
        self.with(|c| c.query_row(&sql, [uuid], Store::row).optional())
    }

    /// Every payment, newest first.
    pub fn payments(&self) -> Result<Vec<Payment>, String> {
        let sql = format!("SELECT {} FROM payments ORDER BY rowid DESC", Store::COLUMNS);
        self.with(|c| {
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map([], Store::row)?;
            rows.collect()
        })
    }

    /// Move a payment from one of `from` to `to`; false when it was in another state.
    pub fn transition(&self, uuid: &str, from: &[&str], to: &str) -> Result<bool, String> {
        self.with(|c| {
            let current: Option<String> =
                c.query_row("SELECT status FROM payments WHERE uuid = ?1", [uuid], |r| r.get(0)).optional()?;
            match current {
                Some(s) if from.contains(&s.as_str()) => {
                    c.execute("UPDATE payments SET status = ?1 WHERE uuid = ?2", params![to, uuid])?;
                    Ok(true)
                }
                _ => Ok(false),
            }
        })
    }

    /// Give a payment the buyer's `outcome` (`accepted`, `refused`, `cancelled` or `pending`), from its page or
    /// `POST /_sandbox/api/payments/{uuid}/outcome`: `pending` only from `created`, the others from `created` or
    /// `pending` (a payment under verification is decided once). An accepted payment is captured at once when
    /// `captured_at_once` says so of it (each gateway's shop may ask for a later capture instead). The payment as
    /// it is after.
    pub fn decide(
        &self,
        uuid: &str,
        outcome: &str,
        captured_at_once: impl FnOnce(&Payment) -> bool,
    ) -> Result<Payment, String> {
        if !["accepted", "refused", "cancelled", "pending"].contains(&outcome) {
            return Err(format!("unknown outcome {outcome:?}"));
        }
        let from: &[&str] = if outcome == "pending" { &["created"] } else { &["created", "pending"] };
        if !self.transition(uuid, from, outcome)? {
            return Err("the payment is not waiting for this outcome".into());
        }
        let payment = self.payment(uuid)?.ok_or("unknown payment")?;
        if outcome != "accepted" || !captured_at_once(&payment) {
            return Ok(payment);
        }
        self.mark_captured(uuid)?;
        self.payment(uuid)?.ok_or_else(|| "unknown payment".into())
    }

    /// Record an IPN attempt.
    pub fn record_attempt(&self, attempt: &Attempt) -> Result<(), String> {
        self.with(|c| {
            c.execute(
                "INSERT INTO ipn_attempts (uuid, attempt, trans_status, url, method, body, http_status, error) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    attempt.uuid,
                    attempt.attempt,
                    attempt.trans_status,
                    attempt.url,
                    match attempt.method {
                        Method::Post => "POST",
                        Method::Get => "GET",
                    },
                    attempt.body,
                    attempt.http_status,
                    attempt.error
                ],
            )
            .map(|_| ())
        })
    }

    /// The IPN attempts, oldest first (of one payment, or all).
    pub fn attempts(&self, uuid: Option<&str>) -> Result<Vec<Attempt>, String> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT uuid, attempt, trans_status, url, method, body, http_status, error, at FROM ipn_attempts \
                 WHERE ?1 IS NULL OR uuid = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([uuid], |r| {
                let method: String = r.get(4)?;
                Ok(Attempt {
                    uuid: r.get(0)?,
                    attempt: r.get(1)?,
                    trans_status: r.get(2)?,
                    url: r.get(3)?,
                    method: if method == "GET" { Method::Get } else { Method::Post },
                    body: r.get(5)?,
                    http_status: r.get(6)?,
                    error: r.get(7)?,
                    at: r.get(8)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Mark an accepted payment as captured in full (immediate capture, the Cetelem default).
    pub fn mark_captured(&self, uuid: &str) -> Result<(), String> {
        self.with(|c| {
            c.execute("UPDATE payments SET captured = CAST(amount AS INTEGER) WHERE uuid = ?1", [uuid]).map(|_| ())
        })
    }

    /// Set one of a payment's `fields` (what the gateway decided, e.g. the brand chosen on the page).
    pub fn set_field(&self, uuid: &str, key: &str, value: &str) -> Result<(), String> {
        let path = format!("$.\"{}\"", key.replace('"', ""));
        self.with(|c| {
            c.execute(
                "UPDATE payments SET fields = json_set(fields, ?2, ?3) WHERE uuid = ?1",
                params![uuid, path, value],
            )
            .map(|_| ())
        })
    }

    /// Apply a money operation the way the gateway's back end does, in one transaction: the payment as it is
    /// after the operation, or why the gateway refuses it (nothing changes then).
    pub fn record_operation(&self, uuid: &str, operation: Operation) -> Result<Result<Payment, Refusal>, String> {
        let mut conn = self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn.transaction().map_err(db_error)?;
        let sql = format!("SELECT {} FROM payments WHERE uuid = ?1", Store::COLUMNS);
        let Some(payment) = tx.query_row(&sql, [uuid], Store::row).optional().map_err(db_error)? else {
            return Ok(Err(Refusal::UnknownPayment));
        };
        let amount = payment.amount.parse::<u64>().unwrap_or(0);
        let (kind, value, update) = match ledger_rule(&payment, amount, operation) {
            Ok(change) => change,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if let Some(update) = update {
            tx.execute(update, [uuid]).map_err(db_error)?;
        }
        if let Operation::Refund(n) = operation {
            tx.execute(
                "UPDATE payments SET refunded = refunded + ?1, \
                 status = CASE WHEN refunded + ?1 >= captured THEN 'refunded' ELSE status END WHERE uuid = ?2",
                params![n, uuid],
            )
            .map_err(db_error)?;
        }
        tx.execute("INSERT INTO operations (uuid, kind, amount) VALUES (?1, ?2, ?3)", params![uuid, kind, value])
            .map_err(db_error)?;
        let after = tx.query_row(&sql, [uuid], Store::row).map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(Ok(after))
    }

    /// Refund `amount` (all that is left to refund when `None`) through [`Store::record_operation`]: the payment
    /// after, and the refund's own row (its `id` numbers it), or why the gateway refuses it.
    pub fn refund(
        &self,
        payment: &Payment,
        amount: Option<u64>,
    ) -> Result<Result<(Payment, OperationRow), Refusal>, String> {
        let amount = amount.unwrap_or(payment.captured.saturating_sub(payment.refunded));
        let after = match self.record_operation(&payment.uuid, Operation::Refund(amount))? {
            Ok(after) => after,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let refund = self
            .operations(&payment.uuid)?
            .into_iter()
            .rev()
            .find(|o| o.kind == "refund" && o.amount == amount)
            .ok_or("the refund just recorded is missing")?;
        Ok(Ok((after, refund)))
    }

    /// Lower the amount of a payment not yet captured (an authorisation waiting for validation, or a payment
    /// pending), recorded as an `update` operation: the payment after, or why not (`AlreadyCaptured`, `WrongState`,
    /// `ZeroAmount`, `UnknownPayment`). The caller checks that `amount` is below the current one.
    pub fn lower_amount(&self, uuid: &str, amount: u64) -> Result<Result<Payment, Refusal>, String> {
        let mut conn = self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn.transaction().map_err(db_error)?;
        let sql = format!("SELECT {} FROM payments WHERE uuid = ?1", Store::COLUMNS);
        let Some(payment) = tx.query_row(&sql, [uuid], Store::row).optional().map_err(db_error)? else {
            return Ok(Err(Refusal::UnknownPayment));
        };
        if amount == 0 {
            return Ok(Err(Refusal::ZeroAmount));
        }
        if payment.captured > 0 {
            return Ok(Err(Refusal::AlreadyCaptured));
        }
        if !matches!(payment.status.as_str(), "accepted" | "pending") {
            return Ok(Err(Refusal::WrongState { status: payment.status }));
        }
        tx.execute("UPDATE payments SET amount = ?1 WHERE uuid = ?2", params![amount.to_string(), uuid])
            .map_err(db_error)?;
        tx.execute("INSERT INTO operations (uuid, kind, amount) VALUES (?1, 'update', ?2)", params![uuid, amount])
            .map_err(db_error)?;
        let after = tx.query_row(&sql, [uuid], Store::row).map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(Ok(after))
    }

    /// The operations recorded on a payment, oldest first.
    pub fn operations(&self, uuid: &str) -> Result<Vec<OperationRow>, String> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT id, uuid, kind, amount, at FROM operations WHERE uuid = ?1 ORDER BY id")?;
            let rows = stmt.query_map([uuid], |r| {
                Ok(OperationRow { id: r.get(0)?, uuid: r.get(1)?, kind: r.get(2)?, amount: r.get(3)?, at: r.get(4)? })
            })?;
            rows.collect()
        })
    }

    /// One recorded operation, by its number.
    pub fn operation(&self, id: i64) -> Result<Option<OperationRow>, String> {
        self.with(|c| {
            c.query_row("SELECT id, uuid, kind, amount, at FROM operations WHERE id = ?1", [id], |r| {
                Ok(OperationRow { id: r.get(0)?, uuid: r.get(1)?, kind: r.get(2)?, amount: r.get(3)?, at: r.get(4)? })
            })
            .optional()
        })
    }

    /// How many operations the ledger holds for a payment (a gateway numbers its operations with it, e.g. Ogone's
    /// `PAYIDSUB`).
    pub fn operation_count(&self, uuid: &str) -> Result<u64, String> {
        self.with(|c| c.query_row("SELECT count(*) FROM operations WHERE uuid = ?1", [uuid], |r| r.get(0)))
    }

    /// Queue a fault for the next payment.
    pub fn add_fault(&self, fault: &Fault) -> Result<(), String> {
        self.with(|c| {
            c.execute(
                "INSERT INTO pending_faults (kind, delay_ms) VALUES (?1, ?2)",
                params![fault.kind, fault.delay_ms],
            )
            .map(|_| ())
        })
    }

    /// The faults waiting.
    pub fn faults(&self) -> Result<Vec<Fault>, String> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT kind, delay_ms FROM pending_faults ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok(Fault { kind: r.get(0)?, delay_ms: r.get(1)? }))?;
            rows.collect()
        })
    }
}

/// What the ledger records for an operation, and the SQL that applies it to the payment (a refund's is applied
/// by the caller, with its amount).
type Change = (&'static str, u64, Option<&'static str>);

/// The money rules every gateway's back end applies: a capture of an accepted, uncaptured payment; a refund of
/// a positive amount up to what is captured and not yet refunded; a cancel of a payment accepted or pending and
/// not refunded.
fn ledger_rule(payment: &Payment, amount: u64, operation: Operation) -> Result<Change, Refusal> {
    let status = payment.status.as_str();
    let wrong_state = || Refusal::WrongState { status: payment.status.clone() };
    match operation {
        Operation::Capture if status != "accepted" => Err(wrong_state()),
        Operation::Capture if payment.captured > 0 => Err(Refusal::AlreadyCaptured),
        Operation::Capture => {
            Ok(("capture", amount, Some("UPDATE payments SET captured = CAST(amount AS INTEGER) WHERE uuid = ?1")))
        }
        Operation::Refund(0) => Err(Refusal::ZeroAmount),
        Operation::Refund(_) if status != "accepted" => Err(wrong_state()),
        Operation::Refund(_) if payment.captured == 0 => Err(Refusal::NotCaptured),
        Operation::Refund(n) if n > payment.captured - payment.refunded => {
            Err(Refusal::AboveRefundable { refundable: payment.captured - payment.refunded })
        }
        Operation::Refund(n) => Ok(("refund", n, None)),
        Operation::Cancel if !matches!(status, "accepted" | "pending" | "created") || payment.refunded > 0 => {
            Err(wrong_state())
        }
        Operation::Cancel => {
            Ok(("cancel", amount, Some("UPDATE payments SET status = 'cancelled', captured = 0 WHERE uuid = ?1")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(store: &Store, uuid: &str, amount: &str) {
        let mut payment = Payment {
            uuid: uuid.into(),
            ..Payment::new(
                "lyra",
                "12345678".into(),
                "CMD-1".into(),
                "000001".into(),
                amount.into(),
                "978".into(),
                BTreeMap::new(),
            )
        };
        store.insert_payment(&mut payment).unwrap();
        assert!(store.transition(uuid, &["created"], "accepted").unwrap());
    }

    #[test]
    fn the_buyer_decides_once_and_the_gateway_rule_says_what_is_captured() {
        let store = Store::memory().unwrap();
        for (uuid, amount, capture_mode) in [("d", "5000", "AUTHOR_CAPTURE"), ("e", "7000", "VALIDATION")] {
            let fields = BTreeMap::from([("captureMode".to_string(), capture_mode.to_string())]);
            let payment =
                Payment::new("sips", "m".into(), "CMD".into(), uuid.into(), amount.into(), "978".into(), fields);
            store.insert_payment(&mut Payment { uuid: uuid.into(), ..payment }).unwrap();
        }
        assert_eq!(store.decide("d", "maybe", |_| true).unwrap_err(), "unknown outcome \"maybe\"");
        let pending = store.decide("d", "pending", |_| true).unwrap();
        assert_eq!((pending.status.as_str(), pending.captured), ("pending", 0));
        assert!(store.decide("d", "pending", |_| true).is_err(), "pending only once");
        let accepted = store.decide("d", "accepted", |p| p.field("captureMode") != "VALIDATION").unwrap();
        assert_eq!((accepted.status.as_str(), accepted.captured), ("accepted", 5000));
        assert!(store.decide("d", "refused", |_| true).is_err(), "decided once");
        let deferred = store.decide("e", "accepted", |p| p.field("captureMode") != "VALIDATION").unwrap();
        assert_eq!((deferred.status.as_str(), deferred.captured), ("accepted", 0));
    }

    #[test]
    fn refunds_never_exceed_what_was_captured() {
        let store = Store::memory().unwrap();
        accepted(&store, "a", "12990");
        assert_eq!(store.record_operation("a", Operation::Refund(100)).unwrap(), Err(Refusal::NotCaptured));
        store.mark_captured("a").unwrap();
        let after = store.record_operation("a", Operation::Refund(2990)).unwrap().unwrap();
        assert_eq!((after.refunded, after.status.as_str()), (2990, "accepted"));
        assert_eq!(
            store.record_operation("a", Operation::Refund(10001)).unwrap(),
            Err(Refusal::AboveRefundable { refundable: 10000 })
        );
        assert_eq!(store.record_operation("a", Operation::Refund(0)).unwrap(), Err(Refusal::ZeroAmount));
        let after = store.record_operation("a", Operation::Refund(10000)).unwrap().unwrap();
        assert_eq!((after.refunded, after.status.as_str()), (12990, "refunded"));
        assert!(matches!(store.record_operation("a", Operation::Refund(1)).unwrap(), Err(Refusal::WrongState { .. })));
        assert!(matches!(store.record_operation("a", Operation::Cancel).unwrap(), Err(Refusal::WrongState { .. })));
        assert_eq!(store.record_operation("nope", Operation::Cancel).unwrap(), Err(Refusal::UnknownPayment));
    }

    #[test]
    fn capture_once_then_cancel_only_before_a_refund() {
        let store = Store::memory().unwrap();
        accepted(&store, "b", "50000");
        let after = store.record_operation("b", Operation::Capture).unwrap().unwrap();
        assert_eq!(after.captured, 50000);
        assert_eq!(store.record_operation("b", Operation::Capture).unwrap(), Err(Refusal::AlreadyCaptured));
        let after = store.record_operation("b", Operation::Cancel).unwrap().unwrap();
        assert_eq!((after.status.as_str(), after.captured), ("cancelled", 0));
        assert!(matches!(store.record_operation("b", Operation::Refund(1)).unwrap(), Err(Refusal::WrongState { .. })));
    }

    #[test]
    fn an_amount_is_lowered_only_before_capture() {
        let store = Store::memory().unwrap();
        accepted(&store, "c", "12990");
        assert_eq!(store.lower_amount("c", 0).unwrap(), Err(Refusal::ZeroAmount));
        let after = store.lower_amount("c", 10000).unwrap().unwrap();
        assert_eq!((after.amount.as_str(), after.captured), ("10000", 0));
        assert_eq!(store.record_operation("c", Operation::Capture).unwrap().unwrap().captured, 10000);
        assert_eq!(store.lower_amount("c", 9000).unwrap(), Err(Refusal::AlreadyCaptured));
        let kinds: Vec<String> = store.operations("c").unwrap().into_iter().map(|o| o.kind).collect();
        assert_eq!(kinds, ["update", "capture"]);
        assert_eq!(store.lower_amount("nope", 1).unwrap(), Err(Refusal::UnknownPayment));
    }

    #[test]
    fn a_state_file_of_another_version_is_refused() {
        let dir = std::env::temp_dir().join(format!("cpay-sandbox-store-{}", std::process::id()));
        let conn = Connection::open(&dir).unwrap();
        conn.execute_batch("CREATE TABLE payments (uuid TEXT); PRAGMA user_version = 1").unwrap();
        drop(conn);
        let error = Store::open(&dir).err().unwrap();
        assert!(error.contains("another version of the sandbox"), "{error}");
        std::fs::remove_file(&dir).unwrap();
        assert!(Store::open(&dir).is_ok());
        std::fs::remove_file(&dir).unwrap();
    }
}
