//! Pieces of the emulated payment pages that Payline and Sips share: the amount, the 3x/4x schedule (through
//! cpay-core's `plan::schedule`), one button per outcome, and the small error answers.

use crate::html::{escape, page};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cpay_core::plan::schedule;
use cpay_core::{Amount, Currency};

/// `124990` + `978` → `1249.90 EUR`.
pub fn money(amount: &str, currency: &str) -> String {
    let currency = currency.parse::<u16>().ok().and_then(Currency::from_numeric);
    match (amount.parse::<u64>(), currency) {
        (Ok(minor), Some(c)) => format!("{} {}", Amount::from_minor(minor).to_decimal(c), c.alpha()),
        _ => format!("{amount} ({currency:?})"),
    }
}

/// The Cetelem 3x/4x schedule of `amount` from today, as table rows (Cetelem FullCB: equal monthly debits, the
/// remainder on the first), or an empty string when it cannot be computed.
pub fn schedule_rows(count: u32, amount: &str) -> String {
    let Ok(minor) = amount.parse::<u64>() else { return String::new() };
    let today = time::OffsetDateTime::now_utc().date();
    match schedule::fullcb(count, Amount::from_minor(minor), today) {
        Ok(plan) => plan
            .instalments()
            .iter()
            .enumerate()
            .map(|(i, item)| {
                format!(
                    "<tr data-instalment=\"{n}\"><td>{n}</td><td>{date}</td><td>{amount} EUR</td></tr>\n",
                    n = i + 1,
                    date = item.date,
                    amount = item.amount.to_decimal(Currency::EUR)
                )
            })
            .collect(),
        Err(_) => String::new(),
    }
}

/// The outcomes a payment in `status` can still take.
pub fn outcomes(status: &str) -> &'static [&'static str] {
    match status {
        "created" => &["accepted", "refused", "cancelled", "pending"],
        "pending" => &["accepted", "refused", "cancelled"],
        _ => &[],
    }
}

/// One submit button per outcome, tagged `data-outcome` for automation.
pub fn buttons(status: &str) -> String {
    outcomes(status)
        .iter()
        .map(|o| {
            let label = match *o {
                "accepted" => "Accepter",
                "refused" => "Refuser",
                "cancelled" => "Annuler",
                _ => "Laisser en attente",
            };
            format!("<button type=\"submit\" name=\"outcome\" value=\"{o}\" data-outcome=\"{o}\">{label}</button>\n")
        })
        .collect()
}

/// 404 page.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html(page("Paiement inconnu", "<p>Paiement inconnu.</p>"))).into_response()
}

/// 500 page (a state store failure).
pub fn server_error(message: String) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, Html(page("Sandbox error", &format!("<p>{}</p>", escape(&message)))))
        .into_response()
}

/// 409 page: the payment is no longer waiting for this outcome.
pub fn conflict(message: &str) -> Response {
    (StatusCode::CONFLICT, Html(page("Paiement", &format!("<p>{}</p>", escape(message))))).into_response()
}

/// The page that posts `fields` to `url` from the browser (a button without JavaScript, submitted by a script
/// with it).
pub fn auto_post(url: &str, fields: &[(&str, &str)]) -> Response {
    let inputs: String = fields
        .iter()
        .map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", escape(k), escape(v)))
        .collect();
    let body = format!(
        "<form id=\"return\" method=\"post\" action=\"{}\">\n{inputs}<button type=\"submit\">Retour à la boutique</button>\n</form>\n\
         <script>document.getElementById('return').submit()</script>",
        escape(url)
    );
    Html(page("Retour à la boutique", &body)).into_response()
}

/// 303 to `url`, or a 400 page when `url` cannot be a `Location` header (never a panic on a shop's URL).
pub fn see_other(url: &str) -> Response {
    match axum::http::HeaderValue::try_from(url) {
        Ok(location) if !url.is_empty() => {
            (StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, location)]).into_response()
        }
        _ => (
            StatusCode::BAD_REQUEST,
            Html(page("Retour impossible", "<p>The shop's return URL cannot be used in a redirect.</p>")),
        )
            .into_response(),
    }
}

/// The sandbox's own base URL as the client reached it (`Host` header), for the URLs it hands out.
pub fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b)))
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// A transaction id of `len` digits (Payline's 14-digit transaction ids, Sips' authorisation ids).
pub fn digits(len: usize) -> String {
    crate::ids::random_hex(len.div_ceil(2)).bytes().take(len).map(|b| char::from(b'0' + (b % 10))).collect()
}
