//! What the emulated payment pages of every gateway have in common: the amount, the 3x/4x schedule (through
//! cpay-core's `plan::schedule`), one button per outcome, the buyer's choice as posted, the browser's way back
//! to the shop, and the small error answers. What differs between gateways (fields, codes, which return URL)
//! stays in each gateway's module.

use crate::html::{answer, escape};
use crate::store::Payment;
use crate::Sandbox;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cpay_core::plan::options::CpayOption;
use cpay_core::plan::schedule;
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::{Amount, Currency};
use std::collections::BTreeMap;

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
                let what =
                    if i == 0 { "Premier paiement (aujourd'hui)".to_string() } else { format!("Mensualité {i}") };
                format!(
                    "<tr data-instalment=\"{n}\"><td>{what}</td><td>{date}</td><td>{amount} EUR</td></tr>\n",
                    n = i + 1,
                    date = item.date,
                    amount = item.amount.to_decimal(Currency::EUR)
                )
            })
            .collect(),
        Err(_) => String::new(),
    }
}

/// The 3x/4x schedule of `amount` for the means of payment `brand` (the gateway's name for it, in `data-brand`):
/// the first payment today, then the monthly payments, each with its date, from cpay-core's `plan::schedule`.
pub fn schedule_table(count: u32, amount: &str, brand: &str) -> String {
    format!(
        "<table class=\"schedule\" data-brand=\"{}\"><tr><th>Échéance</th><th>Date</th><th>Montant</th></tr>\n{}</table>\n",
        escape(brand),
        schedule_rows(count, amount)
    )
}

/// The Cpay option of a Cpay payment (Cetelem's page: comptant, crédit, crédit en 3, 5, 10 ou 20 mois avec ou sans
/// frais; cpay-core's `plan::options`). `choices` pairs each option offered with the value the gateway reports
/// for it; the buyer picks one (a radio each, `name`=value, the first checked), unless the shop preselected one
/// (`preselected`, one of the values): that option is then shown fixed and posted as a hidden field.
pub fn cpay_options(name: &str, choices: &[(CpayOption, String)], preselected: Option<&str>) -> String {
    let fixed = preselected.and_then(|code| choices.iter().find(|(_, value)| value == code));
    let body: String = match fixed {
        Some((option, value)) => format!(
            "<p class=\"cpay-option\" data-option=\"{o}\" data-preselected=\"{v}\">{label} \
             <small>(option choisie par la boutique)</small></p>\n<input type=\"hidden\" name=\"{n}\" value=\"{v}\">\n",
            o = option.name(),
            v = escape(value),
            n = escape(name),
            label = escape(&option.label_fr()),
        ),
        None => choices
            .iter()
            .enumerate()
            .map(|(i, (option, value))| radio(name, value, &option.label_fr(), i == 0))
            .collect(),
    };
    format!("<fieldset class=\"cpay-options\"><legend>Option Cpay</legend>\n{body}</fieldset>\n")
}

/// The option of `choices` the buyer or the shop chose: the shop's `preselected` value first, then the `posted`
/// one, then what was `stored` by an earlier decision (a pending payment), else the first offered; `None` when
/// nothing is offered.
pub fn chosen_option<'a>(
    choices: &'a [(CpayOption, String)],
    preselected: Option<&str>,
    posted: Option<&str>,
    stored: Option<&str>,
) -> Option<&'a (CpayOption, String)> {
    [preselected, posted, stored]
        .into_iter()
        .flatten()
        .find_map(|v| choices.iter().find(|(_, value)| value == v))
        .or_else(|| choices.first())
}

/// The outcomes a payment in `status` can still take.
fn outcomes(status: &str) -> &'static [&'static str] {
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

/// The rows every payment page starts with, from text: `#amount`, `#order-id`, `#buyer`.
pub fn summary_rows(amount: &str, order: &str, buyer: &str) -> String {
    format!(
        "<tr><th>Montant</th><td id=\"amount\">{}</td></tr>\n<tr><th>Commande</th><td id=\"order-id\">{}</td></tr>\n\
         <tr><th>Acheteur</th><td id=\"buyer\">{}</td></tr>\n",
        escape(amount),
        escape(order),
        escape(buyer)
    )
}

/// A payment page: the gateway's `heading`, the table of `rows` (HTML), then `rest` (HTML: the schedule, the
/// outcome form) and the reminder that nothing is charged.
pub fn payment_page(title: &str, heading: &str, rows: &str, rest: &str) -> Response {
    let body = format!(
        "<h1>cpay sandbox — {}</h1>\n<table>\n{rows}</table>\n{rest}\n\
         <p><small>Emulated by cpay sandbox: nothing is charged. <a href=\"/_sandbox/\">admin</a></small></p>",
        escape(heading)
    );
    answer(StatusCode::OK, title, &body)
}

/// One radio button of a page's choices (`name=value`, the means of payment or an option); the first is checked.
pub fn radio(name: &str, value: &str, label: &str, first: bool) -> String {
    format!(
        "<label><input type=\"radio\" name=\"{}\" value=\"{}\"{}> {}</label><br>\n",
        escape(name),
        escape(value),
        if first { " checked" } else { "" },
        escape(label)
    )
}

/// The end of a payment page: while the payment can still take an outcome, a form posting to `action` with the
/// gateway's `choices` (means of payment, options) and one button per outcome; once decided, its status.
pub fn outcome_form(status: &str, action: &str, choices: &str) -> String {
    let buttons = buttons(status);
    if buttons.is_empty() {
        format!("<p id=\"status\" data-status=\"{0}\">Paiement terminé : {0}.</p>", escape(status))
    } else {
        format!("<form method=\"post\" action=\"{}\">\n{choices}{buttons}</form>", escape(action))
    }
}

/// The fields of the form a payment page posted (`outcome` and the gateway's choices); an unreadable body reads
/// as no field, which no outcome matches.
pub fn posted_fields(body: &[u8]) -> BTreeMap<String, String> {
    urlencoded::parse(body, TextEncoding::Utf8).unwrap_or_default().into_iter().collect()
}

/// The payment `uuid` of `gateway`, or the page to answer instead (404 for another gateway's payment too).
// The page is no larger than the payment the `Ok` side carries, and it is answered at once.
#[allow(clippy::result_large_err)]
pub fn payment_of(sandbox: &Sandbox, gateway: &str, uuid: &str) -> Result<Payment, Response> {
    match sandbox.store.payment(uuid) {
        Ok(Some(p)) if p.gateway == gateway => Ok(p),
        Ok(_) => Err(not_found()),
        Err(e) => Err(server_error(e)),
    }
}

/// 404 page.
pub fn not_found() -> Response {
    answer(StatusCode::NOT_FOUND, "Paiement inconnu", "<p>Paiement inconnu.</p>")
}

/// 500 page (a state store failure).
pub fn server_error(message: String) -> Response {
    answer(StatusCode::INTERNAL_SERVER_ERROR, "Sandbox error", &format!("<p>{}</p>", escape(&message)))
}

/// 409 page: the payment is no longer waiting for this outcome.
pub fn conflict(message: &str) -> Response {
    answer(StatusCode::CONFLICT, "Paiement", &format!("<p>{}</p>", escape(message)))
}

/// `url` with `query` appended (after `&` when it has a query already).
pub fn with_query(url: &str, query: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{query}")
}

/// The page that posts `fields` to `url` from the browser (a button without JavaScript, submitted by a script
/// with it): the POST returns of Lyra (`vads_return_mode=POST`), Computop and Sips.
pub fn auto_post<K: AsRef<str>, V: AsRef<str>>(url: &str, fields: impl IntoIterator<Item = (K, V)>) -> Response {
    let inputs: String = fields
        .into_iter()
        .map(|(k, v)| {
            format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", escape(k.as_ref()), escape(v.as_ref()))
        })
        .collect();
    let body = format!(
        "<form id=\"return\" method=\"post\" action=\"{}\">\n{inputs}<button type=\"submit\">Retour à la boutique</button>\n</form>\n\
         <script>document.getElementById('return').submit()</script>",
        escape(url)
    );
    answer(StatusCode::OK, "Retour à la boutique", &body)
}

/// 303 to `url` (Payline's return, Lyra's return without fields), or a 400 page when `url` cannot be a
/// `Location` header (never a panic on a shop's URL).
pub fn see_other(url: &str) -> Response {
    redirect(StatusCode::SEE_OTHER, url)
}

/// 302 to `url` (the returns that carry the result in the query string: Lyra's `vads_return_mode=GET`, Computop's
/// GET requests, Ogone's ACCEPTURL…), or the 400 page of [`see_other`].
pub fn found(url: &str) -> Response {
    redirect(StatusCode::FOUND, url)
}

fn redirect(status: StatusCode, url: &str) -> Response {
    match axum::http::HeaderValue::try_from(url) {
        Ok(location) if !url.is_empty() => (status, [(axum::http::header::LOCATION, location)]).into_response(),
        _ => answer(
            StatusCode::BAD_REQUEST,
            "Retour impossible",
            "<p>The shop's return URL cannot be used in a redirect.</p>",
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::LOCATION;

    #[test]
    fn returns_append_the_query_and_never_panic_on_a_shop_url() {
        assert_eq!(with_query("http://shop.test/r", "a=1"), "http://shop.test/r?a=1");
        assert_eq!(with_query("http://shop.test/r?o=2", "a=1"), "http://shop.test/r?o=2&a=1");
        let found = found("http://shop.test/r?a=1");
        assert_eq!(
            (found.status(), found.headers()[LOCATION].to_str().unwrap()),
            (StatusCode::FOUND, "http://shop.test/r?a=1")
        );
        assert_eq!(see_other("/lyra/vads-payment/x").status(), StatusCode::SEE_OTHER);
        assert_eq!(see_other("http://shop.test/\nx").status(), StatusCode::BAD_REQUEST);
        assert_eq!(super::found("").status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn cpay_options_are_picked_or_fixed_and_the_choice_falls_back_in_order() {
        use cpay_core::plan::options::ALL;
        let choices: Vec<(CpayOption, String)> = ALL.iter().map(|&o| (o, format!("C{}", o.name().len()))).collect();
        let choices = &choices[..3]; // cash C4, credit C6, credit3 C7
        let open = cpay_options("option", choices, None);
        assert_eq!(open.matches("type=\"radio\" name=\"option\"").count(), 3, "{open}");
        assert!(open.contains("value=\"C4\" checked> Comptant") && open.contains("value=\"C7\"> Crédit en 3 mois"));
        let fixed = cpay_options("option", choices, Some("C6"));
        assert!(
            !fixed.contains("radio") && fixed.contains("data-option=\"credit\" data-preselected=\"C6\""),
            "{fixed}"
        );
        assert!(fixed.contains("<input type=\"hidden\" name=\"option\" value=\"C6\">"));
        // An unknown preselection is no preselection (the gateway refused the form before).
        assert_eq!(cpay_options("option", choices, Some("nope")), open);
        let pick = |pre, posted, stored| chosen_option(choices, pre, posted, stored).map(|(o, _)| o.name());
        assert_eq!(pick(Some("C6"), Some("C7"), None), Some("credit"));
        assert_eq!(pick(None, Some("C7"), Some("C6")), Some("credit3"));
        assert_eq!(pick(None, Some("zzz"), Some("C6")), Some("credit"));
        assert_eq!(pick(None, None, None), Some("cash"));
        assert_eq!(chosen_option(&[], None, Some("C4"), None), None);
    }

    #[test]
    fn the_schedule_table_sums_to_the_amount_and_never_panics_on_a_bad_amount() {
        let table = schedule_table(3, "124990", "FULLCB3X");
        assert!(table.starts_with("<table class=\"schedule\" data-brand=\"FULLCB3X\">"), "{table}");
        assert_eq!(table.matches("data-instalment=").count(), 3);
        assert!(table.contains("<td>416.64 EUR</td>") && table.matches("<td>416.63 EUR</td>").count() == 2);
        assert_eq!(schedule_table(4, "12.50", "x").matches("data-instalment=").count(), 0);
        assert_eq!(schedule_table(4, "124990", "<b>").matches("&lt;b&gt;").count(), 1);
    }

    #[test]
    fn only_a_payment_still_waiting_gets_buttons() {
        assert_eq!(buttons("created").matches("data-outcome=").count(), 4);
        assert!(!buttons("pending").contains("value=\"pending\""));
        let done = outcome_form("accepted", "/x/outcome", "<fieldset></fieldset>");
        assert_eq!(done, "<p id=\"status\" data-status=\"accepted\">Paiement terminé : accepted.</p>");
        let open = outcome_form("created", "/x/outcome?a=1&b=2", "");
        assert!(open.starts_with("<form method=\"post\" action=\"/x/outcome?a=1&amp;b=2\">"), "{open}");
    }
}
