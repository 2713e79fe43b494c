//! `plan.*`: the gateway-neutral rules (schedules, eligibility, refunds, tender split, 3-D Secure policy,
//! order state), each a thin shape over the core's `plan.*` JSON operation. Inputs and answers are the
//! operations' objects, unchanged (dates `YYYY-MM-DD`, instants RFC 3339, amounts in minor units).

use crate::error::guard;
use crate::json::{call, call_with, JsonArg, JsonText};
use napi_derive::napi;

/// The instalments of a FullCB 3x/4x or custom plan: `{installments: [{date, amount}]}`. The first
/// instalment takes the rounding remainder; a refused plan throws.
#[napi(namespace = "plan", ts_args_type = "plan: PlanScheduleInput", ts_return_type = "PlanSchedule")]
pub fn schedule(plan: JsonArg) -> napi::Result<JsonText> {
    guard(|| call("plan.schedule", &plan))
}

/// Whether a method can pay this basket through this gateway: `{eligible, reason}` (a refusal names the
/// rule; it is an answer, not an error).
#[napi(namespace = "plan", ts_args_type = "basket: PlanBasket", ts_return_type = "PlanEligibility")]
pub fn eligible(basket: JsonArg) -> napi::Result<JsonText> {
    guard(|| call("plan.eligible", &basket))
}

/// Whether a refund of `amount` is allowed now, and the most that can be refunded: `{allowed, max, reason}`.
#[napi(namespace = "plan", ts_args_type = "check: PlanRefundCheck", ts_return_type = "PlanRefundDecision")]
pub fn refund(check: JsonArg) -> napi::Result<JsonText> {
    guard(|| call("plan.refund", &check))
}

/// Split an order's total between promo codes, vouchers, credit balance, waiting account and card:
/// `{total, discount, due, lines, card, card_eligibility?}`.
#[napi(namespace = "plan", ts_args_type = "tenders: PlanTenders", ts_return_type = "PlanSplit")]
pub fn split(tenders: JsonArg) -> napi::Result<JsonText> {
    guard(|| call("plan.split", &tenders))
}

/// Whether to ask for 3-D Secure under the shop's policy: `{three_ds, reason}`.
#[napi(namespace = "plan", ts_args_type = "query: PlanThreeDsQuery", ts_return_type = "PlanThreeDsDecision")]
pub fn three_ds(query: JsonArg) -> napi::Result<JsonText> {
    guard(|| call("plan.three_ds", &query))
}

/// What a verified `outcome` does to the order recorded as `current`:
/// `{decision: "apply" | "duplicate" | "conflict", status, key?, ship, reason}`.
#[napi(
    namespace = "plan",
    ts_args_type = "current: PlanOrderState, outcome: Outcome",
    ts_return_type = "PlanOrderDecision"
)]
pub fn order_state(current: JsonArg, outcome: JsonArg) -> napi::Result<JsonText> {
    guard(|| call_with("plan.order_state", vec![("current", Some(current)), ("outcome", Some(outcome))]))
}
