//! Property tests for the FullCB option display (`plan.offer`) and the Sips Paypage JSON answer: the figures
//! always add up, the fees never pass their cap, and a sealed answer with any value changed is refused.

use cpay_core::http::HttpResponse;
use cpay_core::plan::eligibility::Bounds;
use cpay_core::plan::offer::{offer, FeeTerms, OfferQuery};
use cpay_core::plan::Method;
use cpay_core::sips::{paypage_json, seal, SipsConfig};
use cpay_core::{Amount, Currency, ErrorCode, Gateway};
use proptest::prelude::*;
use serde_json::{Map, Value};

proptest! {
    #[test]
    fn offer_figures_add_up(amount in 9_000u64..=300_000, four in any::<bool>(), rate in prop::option::of(0u32..=1_000),
                            cap in prop::option::of(0u64..5_000)) {
        let method = if four { Method::FullCb4x } else { Method::FullCb3x };
        let q = OfferQuery {
            method,
            gateway: Gateway::Lyra,
            amount: Amount::from_minor(amount),
            currency: Currency::EUR,
            country: Some("FR".into()),
            fees: rate.map(|rate_bp| FeeTerms { rate_bp, cap: cap.map(Amount::from_minor) }),
            first_date: None,
            bounds: Bounds::default(),
        };
        let o = offer(&q).unwrap();
        prop_assert!(o.eligible);
        let count = u64::from(o.count);
        let (first, monthly, fees, total) =
            (o.first_payment.unwrap().minor(), o.monthly_payment.unwrap().minor(), o.fees.unwrap().minor(), o.total.unwrap().minor());
        prop_assert_eq!(first + monthly * (count - 1), total);
        prop_assert_eq!(total, amount + fees);
        prop_assert!(first - fees >= monthly && first - fees < monthly + count);
        let default_cap = if four { 1_200 } else { 900 };
        prop_assert!(fees <= cap.unwrap_or(default_cap));
    }

    #[test]
    fn sealed_answer_with_any_value_changed_is_refused(url_tail in "[a-z]{1,12}", data in "[A-Za-z0-9]{1,40}",
                                                        which in 0usize..3, extra in "[a-z0-9]{1,8}") {
        let config: SipsConfig = serde_json::from_value(serde_json::json!({
            "merchant_id": "002001000000001", "key_version": 1, "secret_key": "002001000000001_KEY1",
            "environment": "simu"})).unwrap();
        let mut fields = Map::new();
        fields.insert("redirectionData".into(), Value::String(data));
        fields.insert("redirectionStatusCode".into(), Value::String("00".into()));
        fields.insert("redirectionUrl".into(), Value::String(format!("https://payment.example/{url_tail}")));
        let text = paypage_json::seal_string(&fields);
        let sealed = seal::seal(text.as_bytes(), config.key().unwrap(), config.seal_algorithm).unwrap();
        fields.insert("seal".into(), Value::String(sealed));
        let response = |f: &Map<String, Value>| HttpResponse {
            status: 200, headers: Default::default(), body: Value::Object(f.clone()).to_string() };
        prop_assert!(paypage_json::payment_init_answer(&config, &response(&fields)).is_ok());
        let key = ["redirectionData", "redirectionStatusCode", "redirectionUrl"][which];
        let mut tampered = fields.clone();
        let changed = format!("{}{extra}", tampered[key].as_str().unwrap());
        tampered.insert(key.into(), Value::String(changed));
        let e = paypage_json::payment_init_answer(&config, &response(&tampered)).unwrap_err();
        prop_assert_eq!(e.code(), ErrorCode::SignatureMismatch);
    }
}
