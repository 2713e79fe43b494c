//! Payline wallet answers (manageWebWallet, getWebWallet, doImmediateWalletPayment, disableWallet) and the
//! `WEBWALLET` / `TRSWALLET` notification query strings.
#![no_main]
use cpay_core::payline::{notification, wallet};
use cpay_fuzz::{check, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match selector % 5 {
        0 => check(data, &wallet::manage_answer(text)),
        1 => check(data, &wallet::web_wallet_answer(text, "W-C77")),
        2 => check(data, &wallet::payment_answer(text, Some("CMD-2026-0043"))),
        3 => check(data, &wallet::disable_answer(text, &["W-C77".to_owned(), "W-C78".to_owned()])),
        _ => check(data, &notification::parse(text, Some("2bWalletTok0000123"))),
    }
});
