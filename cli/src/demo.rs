//! `cpay demo`: an offline walk-through of a Cpay payment on Sogecommerce, through the registry's operations.
//!
//! It uses the platform documentation's test shop (site 12345678, TEST key 1122334455667788) and plays the
//! platform's part itself (the IPN is signed with `lyra.sign`), so that it runs without network access.

use cpay_core::{api, Error, ErrorCode};
use serde_json::{json, Value};
use std::fmt::Write as _;

const DOC_TEST_KEY: &str = "1122334455667788";

fn op(operation: &str, input: &Value) -> Result<Value, Error> {
    let output = api::call(operation, &input.to_string())?;
    serde_json::from_str(&output).map_err(|_| Error::general(ErrorCode::Internal, "an output is not JSON"))
}

/// Run the walk-through and return its text.
pub fn run() -> Result<String, Error> {
    let config = json!({ "platform": "sogecommerce", "site_id": "12345678", "mode": "TEST", "test_key": DOC_TEST_KEY });
    let payment = json!({
        "amount": 2990, "trans_id": 362812, "trans_date": "2020-07-10T10:14:07Z", "order_id": "CMD-2020-0042",
        "customer": { "email": "me@example.com", "first_name": "John", "last_name": "Doe", "phone": "+33102030405",
                      "country": "FR" },
    });
    let mut out =
        String::from("== 1. The shop builds a signed Cpay form (lyra.form: Sogecommerce, TEST, site 12345678) ==\n\n");
    let page = op("lyra.form", &json!({ "config": config, "payment": payment }))?;
    out.push_str(page["html"].as_str().unwrap_or_default());

    out.push_str("\n== 2. The platform calls the IPN URL after the payment (simulated here) ==\n\n");
    let ipn = simulated_ipn(&page["form"]["fields"], "12345678")?;
    let _ = writeln!(out, "{ipn}");
    let expected = json!({ "order_id": "CMD-2020-0042" });
    let notification = op("lyra.notification", &json!({ "config": config, "fields": ipn, "expected": expected }))?;
    let (o, reply) = (&notification["outcome"], &notification["reply"]);
    out.push_str("\n== 3. cpay verifies and classifies it (lyra.notification → {outcome, reply}) ==\n\n");
    for name in
        ["status", "message", "order_id", "amount", "currency", "card_brand", "server_to_server", "idempotency_key"]
    {
        let _ = writeln!(out, "{name:<18}{}", o[name].as_str().map_or_else(|| o[name].to_string(), str::to_owned));
    }
    let _ = writeln!(out, "{:<18}HTTP {} {}", "reply", reply["status"], reply["body"]);

    out.push_str("\n== 4. A tampered IPN (amount changed to 1 cent) ==\n\n");
    let mut tampered = ipn.clone();
    tampered["vads_amount"] = json!("1");
    out.push_str(&rejected(&json!({ "config": config, "fields": tampered }))?);

    out.push_str("\n== 5. An IPN for another shop (site 87654321) ==\n\n");
    let other_shop = simulated_ipn(&page["form"]["fields"], "87654321")?;
    out.push_str(&rejected(&json!({ "config": config, "fields": other_shop }))?);
    Ok(out.trim_end().to_owned())
}

/// What the platform would post: the form's fields echoed, the result fields, signed with the shop's key.
fn simulated_ipn(form: &Value, site_id: &str) -> Result<Value, Error> {
    let mut fields = form.clone();
    if let Some(fields) = fields.as_object_mut() {
        fields.retain(|name, _| name.starts_with("vads_"));
    }
    let result = json!({
        "vads_site_id": site_id, "vads_trans_status": "CAPTURED", "vads_result": "00", "vads_auth_result": "00",
        "vads_extra_result": "", "vads_card_brand": "AURORE-MULTI", "vads_acquirer_network": "AURORE",
        "vads_trans_uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "vads_threeds_auth_type": "CHALLENGE",
        "vads_threeds_status": "Y", "vads_warranty_result": "YES", "vads_url_check_src": "PAY",
        "vads_operation_type": "DEBIT", "vads_hash": "5a1a0d28c8c9fa3e8a2b50ac3d2bd0a8e2f9c8d7b6a5f4e3d2c1b0a9f8e7d6c5",
    });
    for (name, value) in result.as_object().into_iter().flatten() {
        fields[name] = value.clone();
    }
    let signature = op("lyra.sign", &json!({ "fields": fields, "key": DOC_TEST_KEY }))?;
    fields["signature"] = signature["signature"].clone();
    Ok(fields)
}

/// How cpay rejects a forged IPN: the error, and the reply for the platform (`reply.rejected`).
fn rejected(input: &Value) -> Result<String, Error> {
    match op("lyra.notification", input) {
        Ok(_) => Ok("NOT REJECTED (this is a bug)\n".to_owned()),
        Err(e) => {
            let error = json!({ "code": e.code().name(), "message": e.message(), "field": e.field_name() });
            let reply = op("reply.rejected", &error)?;
            Ok(format!(
                "rejected: [{} {}] {}\nreply:    HTTP {} {}\n",
                e.code().number(),
                e.code(),
                e.message(),
                reply["status"],
                reply["body"]
            ))
        }
    }
}
