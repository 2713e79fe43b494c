//! The sandbox's state in SQLite: payments, the IPN attempts made for them, and faults asked for the next payment.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// One payment on the emulated platform.
#[derive(Debug, Clone, Serialize)]
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
    /// `created` (page shown), then `accepted`, `refused`, `cancelled` or `pending`.
    pub status: String,
    /// The fault applied to its notifications, if any (`duplicate_ipn`, `lost_ipn`, `delayed_ipn`).
    pub fault: Option<String>,
    /// The delay of a `delayed_ipn` fault, in milliseconds.
    pub fault_delay_ms: Option<u64>,
    /// The form fields received (signature included).
    pub fields: BTreeMap<String, String>,
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
    /// Where it was posted.
    pub url: String,
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

/// The faults a test may ask for.
pub const FAULTS: [&str; 3] = ["duplicate_ipn", "lost_ipn", "delayed_ipn"];

/// The SQLite connection (one, behind a mutex: every statement is short).
pub struct Store {
    db: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payments (
  uuid TEXT PRIMARY KEY, gateway TEXT NOT NULL, site_id TEXT NOT NULL, order_id TEXT NOT NULL,
  trans_id TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
  fault TEXT, fault_delay_ms INTEGER, fields TEXT NOT NULL, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS ipn_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL, attempt INTEGER NOT NULL, trans_status TEXT NOT NULL,
  url TEXT NOT NULL, http_status INTEGER, error TEXT, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
CREATE TABLE IF NOT EXISTS pending_faults (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, delay_ms INTEGER);
";

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
        conn.execute_batch(SCHEMA).map_err(db_error)?;
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
        })
    }

    const COLUMNS: &'static str =
        "uuid, gateway, site_id, order_id, trans_id, amount, currency, status, fault, fault_delay_ms, fields";

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

    /// Record an IPN attempt.
    pub fn record_attempt(&self, attempt: &Attempt) -> Result<(), String> {
        self.with(|c| {
            c.execute(
                "INSERT INTO ipn_attempts (uuid, attempt, trans_status, url, http_status, error) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    attempt.uuid,
                    attempt.attempt,
                    attempt.trans_status,
                    attempt.url,
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
                "SELECT uuid, attempt, trans_status, url, http_status, error, at FROM ipn_attempts \
                 WHERE ?1 IS NULL OR uuid = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([uuid], |r| {
                Ok(Attempt {
                    uuid: r.get(0)?,
                    attempt: r.get(1)?,
                    trans_status: r.get(2)?,
                    url: r.get(3)?,
                    http_status: r.get(4)?,
                    error: r.get(5)?,
                    at: r.get(6)?,
                })
            })?;
            rows.collect()
        })
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
