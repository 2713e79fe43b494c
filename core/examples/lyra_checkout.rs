//! A shop's two Lyra endpoints in plain Rust: the checkout step that renders the Cpay button, and the IPN
//! endpoint that verifies the platform's notification and updates the order once.
//!
//! Run: `cargo run -p cpay-core --example lyra_checkout`

use cpay_core::lyra::request::{Customer, PaymentRequest, TransIdSource, Urls};
use cpay_core::lyra::response::{verify_body, Expected};
use cpay_core::lyra::{build_form, signature, LyraConfig, Mode, Platform};
use cpay_core::plan::order::{decide, OrderState};
use cpay_core::Reply;
use cpay_core::{Amount, Currency, Secret};

fn main() -> Result<(), cpay_core::Error> {
    let config = LyraConfig::new(Platform::Sogecommerce, "12345678", Mode::Test, Secret::from("1122334455667788"));

    // Checkout: the order's id comes from the shop's database sequence, the time from its clock.
    let payment = PaymentRequest {
        amount: Amount::parse_decimal("149.90", Currency::EUR, "amount")?,
        currency: Currency::EUR,
        trans_id: TransIdSource::Counter(1_000_042),
        trans_date: time::OffsetDateTime::now_utc(),
        payment_cards: "AURORE-MULTI".to_owned(),
        payment_config: Default::default(),
        capture_delay: None,
        manual_validation: false,
        page_action: Default::default(),
        order_id: Some("CMD-42".to_owned()),
        order_info: vec![],
        customer: Customer {
            email: Some("buyer@example.com".to_owned()),
            country: Some("FR".to_owned()),
            ..Default::default()
        },
        shipping: Default::default(),
        cart: vec![],
        shipping_amount: None,
        tax_amount: None,
        urls: Urls { return_url: Some("https://shop.example/return".to_owned()), ..Default::default() },
        return_mode: None,
        language: Some("fr".to_owned()),
        redirect: Default::default(),
        ext_info: Default::default(),
        payment_option_code: None,
        payment_src: None,
    };
    let form = build_form(&config, &payment)?;
    println!("{}", form.to_auto_submit_html("Payer avec Cpay"));

    // IPN endpoint: here the platform's post is simulated from the form's own fields.
    let mut ipn: Vec<(String, String)> = form.fields.into_iter().filter(|(k, _)| k.starts_with("vads_")).collect();
    ipn.push(("vads_trans_status".into(), "CAPTURED".into()));
    ipn.push(("vads_trans_uuid".into(), "0123456789abcdef0123456789abcdef".into()));
    ipn.push(("vads_hash".into(), "x".into()));
    let sig = signature::sign(
        ipn.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &Secret::from("1122334455667788"),
        Default::default(),
    )?;
    ipn.push(("signature".into(), sig));
    let body = cpay_core::urlencoded::encode(ipn.iter().map(|(k, v)| (k.as_str(), v.as_str())));

    // What the shop stores with the order: its status and the idempotency key of the payment that set it.
    let mut order = OrderState::new(None, None);
    for attempt in 1..=2 {
        let expected = Expected { order_id: Some("CMD-42".to_owned()), ..Default::default() };
        let reply = match verify_body(&config, body.as_bytes(), &expected) {
            Ok(n) => {
                let decision = decide(&order, &n.outcome)?; // the `plan.order_state` operation
                order.status = decision.status;
                order.key = decision.key;
                order.captured = decision.captured;
                order.refunds = decision.refunds;
                order.shipped = decision.shipped;
                if decision.ship {
                    println!("attempt {attempt}: order CMD-42 paid, shipping it");
                } else {
                    println!("attempt {attempt}: {}", decision.reason);
                }
                n.reply
            }
            Err(e) => Reply::rejected(&e),
        };
        println!("answer: HTTP {} {}", reply.status, reply.body);
    }
    Ok(())
}
