//! `cpay plan …`: the payment rules (eligibility, schedules, refunds, tender split, 3-D Secure, order state).
//!
//! Each command reads the JSON input of its `plan.*` operation on stdin and prints the JSON result; a refused
//! schedule or split is an error (exit 2, the reason on stderr), while "not eligible" and "refund not allowed"
//! are answers (exit 0, `eligible`/`allowed` false with the reason).

use crate::io::{self, CommandResult};
use clap::Subcommand;
use cpay_core::{Error, ErrorCode};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Payment rules that every gateway shares.
#[derive(Subcommand)]
pub enum Command {
    /// Instalment schedule: stdin `{method: fullcb-3x|fullcb-4x|custom, total, first_date, …}` → `{installments}`.
    Schedule,
    /// Eligibility: stdin `{method, gateway, amount, currency, country}` → `{eligible, reason}`.
    Eligible,
    /// Refund check: stdin `{gateway, method, option?, paid_at, now?, captured, refunded, amount}` →
    /// `{allowed, max, reason}` (`now` defaults to the current UTC time).
    Refund,
    /// Tender split: stdin `{total, promo_codes?, vouchers?, credit_balance?, waiting_account?, card?}`.
    Split,
    /// 3-D Secure policy: stdin `{policy, days?, payment_date, event_dates?, method?}` → `{three_ds, reason}`.
    ThreeDs,
    /// Order state: stdin `{current, outcome}` → `{decision: apply|duplicate|conflict, status, ship, reason}`.
    OrderState,
}

/// Run a plan command.
pub fn run(command: Command) -> CommandResult {
    let operation = match command {
        Command::Schedule => "plan.schedule",
        Command::Eligible => "plan.eligible",
        Command::Refund => "plan.refund",
        Command::Split => "plan.split",
        Command::ThreeDs => "plan.three_ds",
        Command::OrderState => "plan.order_state",
    };
    let mut input = io::read_json()?;
    if operation == "plan.refund" {
        default_now(&mut input)?;
    }
    io::call(operation, &input)
}

/// The CLI may read the clock (the core never does): a refund check without `now` is about the present.
fn default_now(input: &mut Value) -> Result<(), Error> {
    if let Some(object) = input.as_object_mut() {
        if !object.contains_key("now") {
            let now = OffsetDateTime::now_utc()
                .format(&Rfc3339)
                .map_err(|_| Error::field(ErrorCode::InvalidValue, "now", "the current time cannot be written"))?;
            object.insert("now".to_owned(), json!(now));
        }
    }
    Ok(())
}
