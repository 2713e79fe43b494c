//! The operation registry: every operation of every gateway, declared once, served as JSON in → JSON out.
//!
//! An operation is named `<gateway>.<verb>`; its input is a JSON object (`{config, …}` for every gateway
//! operation), its output the JSON of its result type. The CLI (`cpay call`), the C ABI (`cpay_call`) and the
//! Python, Node and PHP facades all go through [`call`]; the facades themselves are generated from
//! [`schema`], the JSON Schema of every input and output, derived from the same serde types.
//!
//! The vocabulary is the same for every gateway `<gw>`:
//! - `<gw>.form` builds the payment request (Payline: the web-payment call, an [`HttpRequest`](crate::HttpRequest));
//! - `<gw>.notification` verifies what the gateway sends the shop and returns `{outcome, reply}`;
//! - a server-to-server action is a pair `<gw>.<action>` → `HttpRequest` and `<gw>.<action>_answer` → result;
//! - the raw primitives keep their names (`lyra.sign`, `computop.encrypt`, `ogone.sign`, `sips.seal`, …).
//!
//! Errors are [`Error`]s, whose JSON form is `{code, number, field, message, gateway_code}`.

mod schema;

use crate::error::{Error, ErrorCode, Result};
pub use crate::json::{parse_input, to_output, MAX_INPUT_BYTES};
use crate::operation::Operation;
pub use schema::{operations_json, schema};

/// One entry of the registry: an [`Operation`] with its types erased.
#[derive(Clone, Copy)]
pub struct Entry {
    /// `<gateway>.<verb>`.
    pub name: &'static str,
    doc: &'static str,
    serve: fn(&str) -> Result<String>,
    input: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    output: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

impl Entry {
    const fn of<O: Operation>() -> Entry {
        Entry { name: O::NAME, doc: O::DOC, serve: serve::<O>, input: inline::<O::Input>, output: inline::<O::Output> }
    }

    /// The gateway (or `plan`) the operation belongs to: the part of the name before the dot.
    pub fn gateway(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(gateway, _)| gateway)
    }

    /// The operation's documentation, one paragraph per blank-line-separated block, lines joined.
    pub fn doc(&self) -> String {
        let mut text = String::new();
        for line in self.doc.lines().map(str::trim) {
            if line.is_empty() {
                text.push_str("\n\n");
            } else {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push(' ');
                }
                text.push_str(line);
            }
        }
        text
    }

    /// The first sentence of the documentation.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let first = doc.split("\n\n").next().unwrap_or_default();
        match first.find(". ") {
            Some(end) => first[..=end].to_owned(),
            None => first.to_owned(),
        }
    }

    /// Run the operation on a JSON input.
    pub fn call(&self, input: &str) -> Result<String> {
        (self.serve)(input)
    }
}

fn serve<O: Operation>(input: &str) -> Result<String> {
    to_output(&O::serve(parse_input(input)?)?)
}

fn inline<T: schemars::JsonSchema>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    T::json_schema(generator)
}

/// Every operation, grouped by gateway.
pub static OPERATIONS: &[Entry] = &[
    Entry::of::<crate::lyra::api::Sign>(),
    Entry::of::<crate::lyra::api::Verify>(),
    Entry::of::<crate::lyra::api::Form>(),
    Entry::of::<crate::lyra::api::Notification>(),
    Entry::of::<crate::lyra::api::KrAnswer>(),
    Entry::of::<crate::lyra::api::Refund>(),
    Entry::of::<crate::lyra::api::RefundAnswer>(),
    Entry::of::<crate::lyra::api::Cancel>(),
    Entry::of::<crate::lyra::api::CancelAnswer>(),
    Entry::of::<crate::lyra::api::Capture>(),
    Entry::of::<crate::lyra::api::CaptureAnswer>(),
    Entry::of::<crate::lyra::api::Status>(),
    Entry::of::<crate::lyra::api::StatusAnswer>(),
    Entry::of::<crate::lyra::api::TransIdOp>(),
    Entry::of::<crate::lyra::api::CreatePayment>(),
    Entry::of::<crate::lyra::api::CreatePaymentAnswer>(),
    Entry::of::<crate::lyra::api::PaymentOrder>(),
    Entry::of::<crate::lyra::api::PaymentOrderAnswer>(),
    Entry::of::<crate::lyra::api::Update>(),
    Entry::of::<crate::lyra::api::UpdateAnswer>(),
    Entry::of::<crate::lyra::api::OrderStatus>(),
    Entry::of::<crate::lyra::api::OrderStatusAnswer>(),
    Entry::of::<crate::computop::api::Encrypt>(),
    Entry::of::<crate::computop::api::Decrypt>(),
    Entry::of::<crate::computop::api::Mac>(),
    Entry::of::<crate::computop::api::Form>(),
    Entry::of::<crate::computop::api::Notification>(),
    Entry::of::<crate::computop::api::Refund>(),
    Entry::of::<crate::computop::api::RefundAnswer>(),
    Entry::of::<crate::computop::api::Cancel>(),
    Entry::of::<crate::computop::api::CancelAnswer>(),
    Entry::of::<crate::computop::api::Status>(),
    Entry::of::<crate::computop::api::StatusAnswer>(),
    Entry::of::<crate::payline::api::Form>(),
    Entry::of::<crate::payline::api::FormAnswer>(),
    Entry::of::<crate::payline::api::Token>(),
    Entry::of::<crate::payline::api::Notification>(),
    Entry::of::<crate::payline::api::Status>(),
    Entry::of::<crate::payline::api::StatusAnswer>(),
    Entry::of::<crate::payline::api::Capture>(),
    Entry::of::<crate::payline::api::CaptureAnswer>(),
    Entry::of::<crate::payline::api::Refund>(),
    Entry::of::<crate::payline::api::RefundAnswer>(),
    Entry::of::<crate::payline::api::Cancel>(),
    Entry::of::<crate::payline::api::CancelAnswer>(),
    Entry::of::<crate::payline::api::Reauthorize>(),
    Entry::of::<crate::payline::api::ReauthorizeAnswer>(),
    Entry::of::<crate::payline::api::Transaction>(),
    Entry::of::<crate::payline::api::TransactionAnswer>(),
    Entry::of::<crate::payline::api::WalletManage>(),
    Entry::of::<crate::payline::api::WalletManageAnswer>(),
    Entry::of::<crate::payline::api::WalletDetails>(),
    Entry::of::<crate::payline::api::WalletDetailsAnswer>(),
    Entry::of::<crate::payline::api::WalletPaymentOp>(),
    Entry::of::<crate::payline::api::WalletPaymentAnswer>(),
    Entry::of::<crate::payline::api::WalletDisable>(),
    Entry::of::<crate::payline::api::WalletDisableAnswer>(),
    Entry::of::<crate::ogone::api::Sign>(),
    Entry::of::<crate::ogone::api::Form>(),
    Entry::of::<crate::ogone::api::Notification>(),
    Entry::of::<crate::ogone::api::Refund>(),
    Entry::of::<crate::ogone::api::RefundAnswer>(),
    Entry::of::<crate::ogone::api::Cancel>(),
    Entry::of::<crate::ogone::api::CancelAnswer>(),
    Entry::of::<crate::ogone::api::Capture>(),
    Entry::of::<crate::ogone::api::CaptureAnswer>(),
    Entry::of::<crate::ogone::api::Status>(),
    Entry::of::<crate::ogone::api::StatusAnswer>(),
    Entry::of::<crate::sips::api::Seal>(),
    Entry::of::<crate::sips::api::Data>(),
    Entry::of::<crate::sips::api::Decode>(),
    Entry::of::<crate::sips::api::Form>(),
    Entry::of::<crate::sips::api::Notification>(),
    Entry::of::<crate::sips::api::PaymentInit>(),
    Entry::of::<crate::sips::api::PaymentInitAnswer>(),
    Entry::of::<crate::sips::api::Refund>(),
    Entry::of::<crate::sips::api::RefundAnswer>(),
    Entry::of::<crate::sips::api::Cancel>(),
    Entry::of::<crate::sips::api::CancelAnswer>(),
    Entry::of::<crate::sips::api::Capture>(),
    Entry::of::<crate::sips::api::CaptureAnswer>(),
    Entry::of::<crate::sips::api::Status>(),
    Entry::of::<crate::sips::api::StatusAnswer>(),
    Entry::of::<crate::plan::api::Schedule>(),
    Entry::of::<crate::plan::api::Eligible>(),
    Entry::of::<crate::plan::api::Refund>(),
    Entry::of::<crate::plan::api::Split>(),
    Entry::of::<crate::plan::api::ThreeDs>(),
    Entry::of::<crate::plan::api::OrderState>(),
    Entry::of::<crate::plan::api::Offer>(),
    Entry::of::<crate::plan::api::CpayOptionsOp>(),
    Entry::of::<crate::notification::Rejection>(),
];

/// Every operation name, in registry order.
pub fn operations() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().map(|entry| entry.name)
}

/// The registry entry named `operation`.
pub fn find(operation: &str) -> Result<&'static Entry> {
    OPERATIONS.iter().find(|entry| entry.name == operation).ok_or_else(|| {
        Error::field(
            ErrorCode::InvalidValue,
            "operation",
            format!(
                "unknown operation {:?}; known: {}",
                crate::money::truncate_for_message(operation),
                operations().collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

/// Run `operation` on the JSON `input` and return its JSON output.
pub fn call(operation: &str, input: &str) -> Result<String> {
    find(operation)?.call(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_operation_lists_the_known_ones() {
        let e = call("nope.sign", "{}").unwrap_err();
        assert_eq!(e.field_name(), Some("operation"));
        assert!(e.message().contains("lyra.sign"));
    }

    #[test]
    fn names_are_unique_and_gateway_dot_verb() {
        let mut names: Vec<_> = operations().collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "an operation is registered twice");
        for entry in OPERATIONS {
            let (gateway, verb) = entry.name.split_once('.').expect(entry.name);
            assert!(["lyra", "computop", "payline", "ogone", "sips", "plan", "reply"].contains(&gateway));
            assert!(verb.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", entry.name);
            assert!(entry.summary().ends_with('.'), "{}: {:?}", entry.name, entry.summary());
        }
    }

    #[test]
    fn every_server_call_has_its_answer() {
        for entry in OPERATIONS {
            // `lyra.kr_answer` is named after Lyra's own `kr-answer` field: it answers no request of the shop.
            if let Some(action) = entry.name.strip_suffix("_answer").filter(|_| entry.name != "lyra.kr_answer") {
                assert!(find(action).is_ok(), "{} has no request operation", entry.name);
            }
        }
    }
}
