"""Writes tests/vectors/plans.json.

Schedules are computed here with Python's own datetime/calendar and integer arithmetic, following
shared/specs/plans.md (each instalment its share rounded down, the remainder on the first; instalment k on the
first date plus k periods, months clamped to the month's last day), independently of cpay's Rust code. The other
cases are worked by hand from the spec and seeds; each says how in its "note".
Run: python3 tests/vectors/tools/gen_plans.py
"""
import calendar
import datetime
import json
import pathlib

SOURCES = {
    "spec": "shared/specs/plans.md: eligibility table, schedules, tender split, 3-D Secure, refunds, order state",
    "seed-000": "shared/seeds/000_b610fe8e7732068c.txt (Payline Cpay): refund up to 13 months after the transaction",
    "seed-001": "shared/seeds/001_11903450e45d8a7f.txt §2, §12.2 (Sogecommerce Cpay): EUR/FR, 3-D Secure, refunds",
    "seed-002": "shared/seeds/002_26ab81d43cdf1770.txt (SecuTix): plans, 3-D Secure policy, vouchers, promo codes, "
                "credit balance, waiting account; the 36.00 EUR - 1.80 EUR = 34.20 EUR screenshot",
    "seed-004": "shared/seeds/004_66b8f6f9c65aaf3d.txt (Computop FullCB): 90-3000 EUR, 1/3 or 1/4 then monthly, "
                "credit limited to the captured amount",
    "reference": "schedule computed by tests/vectors/tools/gen_plans.py with Python datetime/calendar, run here",
    "worked": "worked by hand from the spec rule named in the case's note",
    "lyra-fullcb": "Sogecommerce documentation 'FullCB' (sogecommerce.societegenerale.eu/doc/en-EN/payment-method/"
                   "fullcb/redirection-form/creating-a-fullcb-payment-request.html): FULLCB3X/FULLCB4X, EUR, SINGLE, "
                   "validation 0, capture 0; bounds 90-3000 EUR as Computop documents FullCB",
    "sips-cetelem": "Worldline Sips documentation 'Cetelem 3X 4X CB' (docs.sips.worldline-solutions.com/en/"
                    "WLSIPS.137-PM-Cetelem-3X-4X-CB-integration.html): Internet, immediate payment only, no "
                    "instalments, EUR only",
    "lyra-module": "Lyra's PayZen module for PrestaShop, FullCB options: fees = rate x amount, capped (9 EUR 3x, "
                   "12 EUR 4x by default), added to the first payment; figures computed here with integer arithmetic",
    "cpay-options": "shared/seeds/000 (Payline Cpay: credit in 3, 5, 10 or 20 months with or without fees) and "
                    "shared/seeds/001 §12.2 (Comptant and Credit refundable any day, other options the same day)",
    "life": "the order-state table of docs/plans.md (\"Order state for the whole life\"), worked by hand; the "
            "refund outcomes are those lyra.json's CREDIT IPN cases verify (Lyra Dictionnaire de donnees, "
            "vads_operation_type=CREDIT with its own vads_trans_uuid)",
}


def add_months(d, k):
    index = d.year * 12 + d.month - 1 + k
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def schedule(total, weights, first, period):
    kind, n = period
    amounts = [total * w // sum(weights) for w in weights]
    amounts[0] += total - sum(amounts)
    dates = [add_months(first, k * n) if kind == "months" else first + datetime.timedelta(days=k * n)
             for k in range(len(weights))]
    assert sum(amounts) == total and all(a < b for a, b in zip(dates, dates[1:]))
    return {"instalments": [{"date": d.isoformat(), "amount": a} for d, a in zip(dates, amounts)]}


D = datetime.date
cases = []


def case(name, source, op, input, output=None, error=None, note=None):
    c = {"name": name, "source": source, "op": op, "input": input}
    if note:
        c["note"] = note
    if error is not None:
        c["error"] = error
    else:
        c["output"] = output
    cases.append(c)


# --- plan.schedule -------------------------------------------------------------------------------------------
def fullcb(name, method, total, first, note):
    n = int(method[-2])
    case(name, "reference", "plan.schedule", {"method": method, "total": total, "first_date": first.isoformat()},
         schedule(total, [1] * n, first, ("months", 1)), note=note)


fullcb("FullCB 3x 100.00 EUR from 31 January: remainder on the first, month ends clamped", "fullcb-3x", 10000,
       D(2026, 1, 31), "10000 / 3 = 3333 rest 1 -> 3334, 3333, 3333; 31 Jan + 1 month = 28 Feb, + 2 months = 31 Mar")
fullcb("FullCB 4x 299.99 EUR", "fullcb-4x", 29999, D(2026, 6, 15), "29999 / 4 = 7499 rest 3 -> 7502 then 7499 x 3")
fullcb("FullCB 3x at the 90 EUR floor in a leap year", "fullcb-3x", 9000, D(2028, 1, 31),
       "3000 x 3; 2028 is a leap year: 29 February")
fullcb("FullCB 4x at the 3000 EUR ceiling across a year end", "fullcb-4x", 300000, D(2026, 11, 30),
       "75000 x 4; 30 Nov, 30 Dec, 30 Jan, 28 Feb")
case("custom plan, shares 33/33/34 percent, every 30 days", "reference", "plan.schedule",
     {"method": "custom", "total": 10001, "count": 3, "period_days": 30, "first_date": "2026-03-01",
      "shares": [33, 33, 34]},
     schedule(10001, [33, 33, 34], D(2026, 3, 1), ("days", 30)),
     note="3300.33 -> 3300, 3300.33 -> 3300, 3400.34 -> 3400; the remainder 1 goes on the first: 3301")
case("custom plan, equal parts every 2 months from 31 August", "reference", "plan.schedule",
     {"method": "custom", "total": 1000, "count": 4, "period_months": 2, "first_date": "2026-08-31"},
     schedule(1000, [1] * 4, D(2026, 8, 31), ("months", 2)), note="250 x 4; 31 Aug, 31 Oct, 31 Dec, 28 Feb 2027")
case("restrictive plan whose last instalment is on the event day is allowed", "reference", "plan.schedule",
     {"method": "custom", "total": 15000, "count": 3, "period_months": 1, "first_date": "2026-04-15",
      "restrictive": True, "event_dates": ["2026-07-01", "2026-06-15"], "minimum": 15000},
     schedule(15000, [1] * 3, D(2026, 4, 15), ("months", 1)),
     note="seed 002: refused only when an instalment falls *after* the earliest event (15 June); the minimum is inclusive")
case("restrictive plan with an instalment after the earliest event is refused", "seed-002", "plan.schedule",
     {"method": "custom", "total": 15000, "count": 3, "period_months": 1, "first_date": "2026-04-16",
      "restrictive": True, "event_dates": ["2026-07-01", "2026-06-15"]},
     error={"code": "not_eligible", "field": "event_dates"}, note="the third instalment would be on 16 June")
case("the same plan when not restrictive runs past the event", "reference", "plan.schedule",
     {"method": "custom", "total": 15000, "count": 3, "period_months": 1, "first_date": "2026-04-16",
      "restrictive": False, "event_dates": ["2026-06-15"]},
     schedule(15000, [1] * 3, D(2026, 4, 16), ("months", 1)))
case("custom plan under its minimum total is refused", "seed-002", "plan.schedule",
     {"method": "custom", "total": 4999, "count": 3, "period_days": 30, "first_date": "2026-03-01", "minimum": 5000},
     error={"code": "not_eligible", "field": "total"})
case("shares that do not add up to 100", "spec", "plan.schedule",
     {"method": "custom", "total": 10000, "count": 3, "period_days": 30, "first_date": "2026-03-01",
      "shares": [50, 25, 24]}, error={"code": "invalid_value", "field": "shares"})
case("one share per instalment", "spec", "plan.schedule",
     {"method": "custom", "total": 10000, "count": 3, "period_days": 30, "first_date": "2026-03-01",
      "shares": [50, 50]}, error={"code": "inconsistent", "field": "shares"})
case("a custom plan needs one period", "spec", "plan.schedule",
     {"method": "custom", "total": 10000, "count": 3, "period_days": 30, "period_months": 1,
      "first_date": "2026-03-01"}, error={"code": "invalid_value", "field": "period_days"})
case("a custom plan needs a count", "spec", "plan.schedule",
     {"method": "custom", "total": 10000, "period_days": 30, "first_date": "2026-03-01"},
     error={"code": "missing_field", "field": "count"})
case("a one-instalment plan is not a plan", "spec", "plan.schedule",
     {"method": "custom", "total": 10000, "count": 1, "period_days": 30, "first_date": "2026-03-01"},
     error={"code": "invalid_value", "field": "count"})
case("FullCB plans are fixed: no count", "seed-004", "plan.schedule",
     {"method": "fullcb-3x", "total": 10000, "count": 3, "first_date": "2026-03-01"},
     error={"code": "invalid_value", "field": "count"})
case("a total too small for non-zero instalments", "spec", "plan.schedule",
     {"method": "fullcb-4x", "total": 3, "first_date": "2026-03-01"}, error={"code": "invalid_value", "field": "total"})
case("an impossible date", "spec", "plan.schedule",
     {"method": "fullcb-3x", "total": 10000, "first_date": "2026-02-30"}, error={"code": "invalid_value"})
case("an unknown method", "spec", "plan.schedule",
     {"method": "fullcb-5x", "total": 10000, "first_date": "2026-02-03"}, error={"code": "invalid_value"})
case("an unknown field", "spec", "plan.schedule",
     {"method": "fullcb-3x", "totl": 10000, "first_date": "2026-02-03"}, error={"code": "invalid_value"})

# --- plan.eligible -------------------------------------------------------------------------------------------
def eligible(name, source, input, ok, reason=None, note=None):
    out = {"eligible": ok}
    if reason:
        out["reason"] = reason
    case(name, source, "plan.eligible", input, out, note=note)


FR = {"currency": "EUR", "country": "FR"}
eligible("FullCB 3x at 89.99 EUR", "seed-004", {"method": "fullcb-3x", "gateway": "computop", "amount": 8999, **FR},
         False, "fullcb-3x through computop needs at least 90.00 EUR (the amount is 89.99)")
eligible("FullCB 3x at 90.00 EUR (inclusive)", "seed-004",
         {"method": "fullcb-3x", "gateway": "computop", "amount": 9000, **FR}, True)
eligible("FullCB 4x at 3000.00 EUR (inclusive)", "seed-004",
         {"method": "fullcb-4x", "gateway": "computop", "amount": 300000, **FR}, True)
eligible("FullCB 4x at 3000.01 EUR", "seed-004", {"method": "fullcb-4x", "gateway": "computop", "amount": 300001, **FR},
         False, "fullcb-4x through computop allows at most 3000.00 EUR (the amount is 3000.01)")
eligible("FullCB with a contract floor of 50 EUR", "spec",
         {"method": "fullcb-3x", "gateway": "computop", "amount": 5000, **FR, "bounds": {"min": 5000}}, True,
         note="every bound is configuration; the defaults are the seed's")
eligible("FullCB outside France", "seed-004",
         {"method": "fullcb-3x", "gateway": "computop", "amount": 10000, "currency": "EUR", "country": "DE"}, False,
         "fullcb-3x through computop is offered to buyers in FR only")
eligible("FullCB 3x through Lyra at 450.00 EUR", "lyra-fullcb",
         {"method": "fullcb-3x", "gateway": "lyra", "amount": 45000, **FR}, True)
eligible("FullCB 4x through Lyra at 80.00 EUR", "lyra-fullcb",
         {"method": "fullcb-4x", "gateway": "lyra", "amount": 8000, **FR}, False,
         "fullcb-4x through lyra needs at least 90.00 EUR (the amount is 80.00)")
eligible("FullCB 3x through Lyra, deferred capture", "lyra-fullcb",
         {"method": "fullcb-3x", "gateway": "lyra", "amount": 45000, **FR, "capture": "deferred",
          "capture_delay_days": 3}, False)
eligible("Cetelem 3x through Sips at 3000.00 EUR", "sips-cetelem",
         {"method": "fullcb-3x", "gateway": "sips", "amount": 300000, **FR}, True)
eligible("Cetelem 4x through Sips at end of day (forced to immediate by Sips)", "sips-cetelem",
         {"method": "fullcb-4x", "gateway": "sips", "amount": 45000, **FR, "capture": "end_of_day"}, False)
eligible("FullCB is not offered through Payline", "spec",
         {"method": "fullcb-3x", "gateway": "payline", "amount": 10000, **FR},
         False, "fullcb-3x is not offered through payline")
eligible("Cpay on Lyra, 0.01 EUR in France", "seed-001", {"method": "cpay", "gateway": "lyra", "amount": 1, **FR}, True)
eligible("Cpay on Lyra, 0 EUR", "spec", {"method": "cpay", "gateway": "lyra", "amount": 0, **FR}, False)
eligible("Cpay on Lyra in USD", "seed-001",
         {"method": "cpay", "gateway": "lyra", "amount": 1000, "currency": "USD", "country": "FR"}, False,
         "cpay through lyra accepts EUR only, not USD")
eligible("Cpay on Lyra outside France", "seed-001",
         {"method": "cpay", "gateway": "lyra", "amount": 1000, "currency": "EUR", "country": "BE"}, False)
eligible("Cpay on Lyra without a country", "seed-001",
         {"method": "cpay", "gateway": "lyra", "amount": 1000, "currency": "EUR"}, False,
         "cpay through lyra needs the buyer's country")
eligible("Cpay on Lyra captured at shipping", "seed-001",
         {"method": "cpay", "gateway": "lyra", "amount": 1000, **FR, "capture": "at_shipping"}, False,
         note="seed 001: the capture delay is ignored, transactions in automatic validation: immediate only")
eligible("Cpay on Payline captured at shipping", "seed-000",
         {"method": "cpay", "gateway": "payline", "amount": 1000, **FR, "capture": "at_shipping"}, True)
eligible("Cpay on Payline with NX", "seed-000",
         {"method": "cpay", "gateway": "payline", "amount": 1000, **FR, "gateway_instalments": True}, False)
eligible("Cpay on Sips for a Belgian buyer", "spec",
         {"method": "cpay", "gateway": "sips", "amount": 1000, "currency": "EUR", "country": "BE"}, True,
         note="the table sets no country for Sips")
eligible("Cpay on Sips deferred 6 days", "spec",
         {"method": "cpay", "gateway": "sips", "amount": 1000, "currency": "EUR", "capture": "deferred",
          "capture_delay_days": 6}, True)
eligible("Cpay on Sips deferred 7 days", "spec",
         {"method": "cpay", "gateway": "sips", "amount": 1000, "currency": "EUR", "capture": "deferred",
          "capture_delay_days": 7}, False)
eligible("Cpay on Sips with instalments", "spec",
         {"method": "cpay", "gateway": "sips", "amount": 1000, "currency": "EUR", "gateway_instalments": True}, False)
eligible("Cpay is not offered through Ogone", "spec", {"method": "cpay", "gateway": "ogone", "amount": 1000, **FR},
         False, "cpay is not offered through ogone")
case("an unknown gateway", "spec", "plan.eligible", {"method": "cpay", "gateway": "paypal", "amount": 1000, **FR},
     error={"code": "invalid_value"})
case("an unknown currency", "spec", "plan.eligible", {"method": "cpay", "gateway": "lyra", "amount": 1000,
                                                      "currency": "EURO", "country": "FR"}, error={"code": "invalid_value"})

# --- plan.refund ---------------------------------------------------------------------------------------------
def refund(name, source, input, allowed, max_, note=None):
    base = {"captured": 10000, "refunded": 2500, "paid_at": "2026-03-10T10:00:00Z"}
    case(name, source, "plan.refund", {**base, **input}, {"allowed": allowed, "max": max_}, note=note)


refund("Lyra Cpay Comptant, months later, the whole rest", "seed-001",
       {"gateway": "lyra", "method": "cpay", "option": "Comptant", "now": "2026-09-01T10:00:00Z", "amount": 7500},
       True, 7500, note="10000 captured - 2500 refunded = 7500")
refund("Lyra Cpay Credit, one cent too much", "seed-001",
       {"gateway": "lyra", "method": "cpay", "option": "credit", "now": "2026-09-01T10:00:00Z", "amount": 7501},
       False, 7500)
refund("Lyra Cpay other option, same UTC day", "seed-001",
       {"gateway": "lyra", "method": "cpay", "option": "10 mensualites", "now": "2026-03-10T23:59:59Z", "amount": 100},
       True, 7500)
refund("Lyra Cpay other option, next UTC day", "seed-001",
       {"gateway": "lyra", "method": "cpay", "option": "10 mensualites", "now": "2026-03-11T01:30:00+01:00",
        "amount": 100}, False, 0, note="11 March 01:30 in Paris (+01:00) is 11 March 00:30 UTC: the day after")
refund("Payline Cpay at exactly 13 months", "seed-000",
       {"gateway": "payline", "method": "cpay", "now": "2027-04-10T10:00:00Z", "amount": 7500}, True, 7500,
       note="10 March 2026 10:00 + 13 months = 10 April 2027 10:00")
refund("Payline Cpay one second after 13 months", "seed-000",
       {"gateway": "payline", "method": "cpay", "now": "2027-04-10T10:00:01Z", "amount": 1}, False, 0)
refund("Payline Cpay from 31 January: the window ends 28 February next year", "seed-000",
       {"gateway": "payline", "method": "cpay", "paid_at": "2026-01-31T12:00:00Z", "now": "2027-03-01T00:00:00Z",
        "amount": 1}, False, 0, note="31 Jan 2026 + 13 months = 28 Feb 2027 (clamped)")
refund("Computop credit above captured minus credited", "seed-004",
       {"gateway": "computop", "method": "fullcb-3x", "now": "2026-09-01T10:00:00Z", "amount": 7501}, False, 7500)
refund("Computop credit of the rest", "seed-004",
       {"gateway": "computop", "method": "fullcb-4x", "now": "2026-09-01T10:00:00Z", "amount": 7500}, True, 7500)
refund("Computop credit of an uncaptured payment", "seed-004",
       {"gateway": "computop", "method": "fullcb-3x", "now": "2026-03-10T11:00:00Z", "amount": 1, "captured": 0,
        "refunded": 0}, False, 0)
refund("Sips Cpay within captured", "spec",
       {"gateway": "sips", "method": "cpay", "now": "2027-09-01T10:00:00Z", "amount": 2000}, True, 7500)
refund("Ogone refunded in full", "spec",
       {"gateway": "ogone", "method": "cpay", "now": "2026-03-12T10:00:00Z", "amount": 1, "refunded": 10000},
       False, 0)
refund("a zero refund", "spec",
       {"gateway": "sips", "method": "cpay", "now": "2026-03-12T10:00:00Z", "amount": 0}, False, 7500)
refund("no rule for FullCB on Payline", "spec",
       {"gateway": "payline", "method": "fullcb-3x", "now": "2026-03-10T11:00:00Z", "amount": 1}, False, 0)
refund("FullCB through Lyra: at most captured minus refunded", "lyra-fullcb",
       {"gateway": "lyra", "method": "fullcb-3x", "now": "2026-09-10T11:00:00Z", "amount": 7501}, False, 7500)
case("a refund check needs paid_at", "spec", "plan.refund",
     {"gateway": "lyra", "method": "cpay", "now": "2026-03-10T11:00:00Z", "captured": 1, "amount": 1},
     error={"code": "missing_field", "field": "paid_at"})

# --- plan.split ----------------------------------------------------------------------------------------------
case("seed 002 example: 36.00 EUR with a 5 percent promo code", "seed-002", "plan.split",
     {"total": 3600, "promo_codes": [{"code": "Nouveaux venus", "percent": 5}]},
     {"total": 3600, "discount": 180, "due": 3420, "card": 3420,
      "lines": [{"tender": "promo_code", "reference": "Nouveaux venus", "amount": 180},
                {"tender": "card", "amount": 3420}]},
     note="the screenshot shows -1.80 EUR and 'Montant du = 34.20 EUR'; 5 % of 3600 = 180")
case("vouchers, part of the credit balance, then a FullCB card remainder under 90 EUR", "worked", "plan.split",
     {"total": 20000, "vouchers": [{"id": "V1", "balance": 3000}, {"id": "V2", "balance": 500}],
      "credit_balance": {"available": 10000, "amount": 8000},
      "card": {"method": "fullcb-3x", "gateway": "computop", "country": "FR"}},
     {"due": 20000, "card": 8500,
      "lines": [{"tender": "voucher", "reference": "V1", "amount": 3000, "left": 0},
                {"tender": "voucher", "reference": "V2", "amount": 500, "left": 0},
                {"tender": "credit_balance", "amount": 8000, "left": 2000},
                {"tender": "card", "amount": 8500}],
      "card_eligibility": {"eligible": False}},
     note="20000 - 3000 - 500 - 8000 = 8500 < 9000: the 3x remainder is not eligible (spec)")
case("a voucher larger than the order pays it all", "worked", "plan.split",
     {"total": 2500, "vouchers": [{"id": "GIFT", "balance": 5000}], "credit_balance": {"available": 900},
      "card": {"method": "cpay", "gateway": "lyra", "country": "FR"}},
     {"card": 0, "lines": [{"tender": "voucher", "reference": "GIFT", "amount": 2500, "left": 2500}]},
     note="nothing left: the credit balance is untouched and no card line, no eligibility check")
case("the whole credit balance, then the waiting account within its maximum", "worked", "plan.split",
     {"total": 10000, "credit_balance": {"available": 1500},
      "waiting_account": {"allowed": True, "max_outstanding": 15000, "outstanding": 6500}},
     {"card": 0, "lines": [{"tender": "credit_balance", "amount": 1500, "left": 0},
                           {"tender": "waiting_account", "amount": 8500}]},
     note="6500 + 8500 = 15000 = the maximum outstanding (inclusive)")
case("the waiting account one cent over its maximum", "seed-002", "plan.split",
     {"total": 10000, "credit_balance": {"available": 1499},
      "waiting_account": {"allowed": True, "max_outstanding": 15000, "outstanding": 6500}},
     error={"code": "not_allowed", "field": "waiting_account"})
case("a customer without a waiting account", "seed-002", "plan.split",
     {"total": 10000, "waiting_account": {"allowed": False, "amount": 1000}},
     error={"code": "not_allowed", "field": "waiting_account"})
case("part on the waiting account, the rest by card", "worked", "plan.split",
     {"total": 10000, "waiting_account": {"allowed": True, "amount": 4000},
      "card": {"method": "cpay", "gateway": "payline", "country": "FR"}},
     {"card": 6000, "lines": [{"tender": "waiting_account", "amount": 4000}, {"tender": "card", "amount": 6000}],
      "card_eligibility": {"eligible": True}})
case("more credit balance than available", "spec", "plan.split",
     {"total": 10000, "credit_balance": {"available": 1000, "amount": 2000}},
     error={"code": "inconsistent", "field": "credit_balance"})
case("a promo code larger than the order never makes it negative", "spec", "plan.split",
     {"total": 1000, "promo_codes": [{"code": "BIG", "amount": 5000}, {"code": "TEN", "percent": 10}]},
     {"discount": 1000, "due": 0, "card": 0,
      "lines": [{"tender": "promo_code", "reference": "BIG", "amount": 1000},
                {"tender": "promo_code", "reference": "TEN", "amount": 0}]})
case("a promo code with both amount and percent", "spec", "plan.split",
     {"total": 1000, "promo_codes": [{"code": "X", "amount": 100, "percent": 10}]},
     error={"code": "invalid_value", "field": "promo_codes"})

# --- plan.three_ds -------------------------------------------------------------------------------------------
NEAR = {"policy": "near_event", "days": 7, "payment_date": "2026-05-01", "event_dates": ["2026-05-20", "2026-05-08"]}
case("always", "seed-002", "plan.three_ds", {"policy": "always", "payment_date": "2026-05-01"}, {"three_ds": True})
case("never", "seed-002", "plan.three_ds", {"policy": "never", "payment_date": "2026-05-01"}, {"three_ds": False})
case("near the event: 7 days before the earliest event, within 7", "seed-002", "plan.three_ds", NEAR,
     {"three_ds": True}, note="1 May to 8 May = 7 days")
case("near the event: 7 days before, within 6 is not", "seed-002", "plan.three_ds", {**NEAR, "days": 6},
     {"three_ds": False})
case("near the event without events in the basket", "worked", "plan.three_ds", {**NEAR, "event_dates": []},
     {"three_ds": False})
case("Cpay always uses 3-D Secure, even under a never policy", "seed-001", "plan.three_ds",
     {"policy": "never", "payment_date": "2026-05-01", "method": "cpay"}, {"three_ds": True})
case("near_event needs days", "spec", "plan.three_ds", {k: v for k, v in NEAR.items() if k != "days"},
     error={"code": "missing_field", "field": "days"})

# --- plan.order_state ----------------------------------------------------------------------------------------
def outcome(status, key, amount=2990):
    return {"gateway": "lyra", "status": status, "code": status.upper(), "message": status, "amount": amount,
            "currency": "EUR", "server_to_server": True, "idempotency_key": key, "fields": {}}


def order(name, current, out, decision, status, ship, source="spec", note=None):
    case(name, source, "plan.order_state", {"current": current, "outcome": out},
         {"decision": decision, "status": status, "ship": ship}, note=note)


A, B = "lyra:0123456789abcdef0123456789abcdef", "lyra:fedcba9876543210fedcba9876543210"
order("first accepted IPN: apply and ship", {"status": "new", "amount": 2990}, outcome("accepted", A),
      "apply", "accepted", True)
order("the same IPN again: duplicate, no second shipment", {"status": "accepted", "key": A, "amount": 2990},
      outcome("accepted", A), "duplicate", "accepted", False, source="seed-001",
      note="seed 001 §11.1: check the order status has not already been updated")
order("refused after accepted for the same payment: conflict", {"status": "accepted", "key": A},
      outcome("refused", A), "conflict", "accepted", False)
order("a stale pending after accepted: ignored", {"status": "accepted", "key": A}, outcome("pending", A),
      "duplicate", "accepted", False)
order("a second payment accepted for a paid order: conflict", {"status": "accepted", "key": A},
      outcome("accepted", B), "conflict", "accepted", False)
order("pending then accepted: apply and ship", {"status": "pending", "key": A}, outcome("accepted", A),
      "apply", "accepted", True)
order("a new attempt after a refusal: apply", {"status": "refused", "key": A}, outcome("accepted", B),
      "apply", "accepted", True)
order("accepted for another amount: conflict, do not ship", {"status": "new", "amount": 2990},
      outcome("accepted", A, amount=1), "conflict", "new", False)
case("an outcome without its idempotency key", "spec", "plan.order_state",
     {"current": {"status": "new"}, "outcome": outcome("accepted", "")},
     error={"code": "missing_field", "field": "idempotency_key"})


# --- plan.offer (FullCB option display) ------------------------------------------------------------------------
def offer_figures(amount, count, rate_bp=None, cap=None):
    fees = 0
    if rate_bp is not None:
        fees = (amount * rate_bp + 5000) // 10000
        fees = min(fees, cap if cap is not None else (900 if count == 3 else 1200))
    part = amount // count
    first = amount - part * (count - 1)
    return {"eligible": True, "count": count, "first_payment": first + fees, "monthly_payment": part, "fees": fees,
            "total": amount + fees}


case("FullCB 3x through Lyra at 450.00 EUR, 1.40 % fees", "lyra-module", "plan.offer",
     {"method": "fullcb-3x", "gateway": "lyra", "amount": 45000, "country": "FR", "fees": {"rate_bp": 140}},
     offer_figures(45000, 3, 140))
case("FullCB 4x at 1000.00 EUR, 2.10 % capped at 12.00 EUR", "lyra-module", "plan.offer",
     {"method": "fullcb-4x", "gateway": "lyra", "amount": 100000, "country": "FR", "fees": {"rate_bp": 210}},
     offer_figures(100000, 4, 210))
case("FullCB 3x at 100.00 EUR without fees, dated", "lyra-module", "plan.offer",
     {"method": "fullcb-3x", "gateway": "computop", "amount": 10000, "country": "FR", "first_date": "2026-01-31"},
     dict(offer_figures(10000, 3), instalments=schedule(10000, [1, 1, 1], D(2026, 1, 31), ("months", 1))["instalments"]))
case("FullCB 3x with a contract cap of 5.00 EUR", "lyra-module", "plan.offer",
     {"method": "fullcb-3x", "gateway": "sips", "amount": 200000, "country": "FR",
      "fees": {"rate_bp": 140, "cap": 500}}, offer_figures(200000, 3, 140, 500))
case("FullCB 3x at 80.00 EUR is not offered, no figures", "lyra-fullcb", "plan.offer",
     {"method": "fullcb-3x", "gateway": "lyra", "amount": 8000, "country": "FR"},
     {"eligible": False, "count": 3, "reason": "fullcb-3x through lyra needs at least 90.00 EUR (the amount is 80.00)"})
case("a rate in percent instead of basis points", "lyra-module", "plan.offer",
     {"method": "fullcb-3x", "gateway": "lyra", "amount": 45000, "country": "FR", "fees": {"rate_bp": 14000}},
     error={"code": "invalid_value", "field": "fees.rate_bp"})
case("plan.offer is for FullCB", "lyra-module", "plan.offer",
     {"method": "cpay", "gateway": "lyra", "amount": 45000, "country": "FR"},
     error={"code": "invalid_value", "field": "method"})
case("FullCB schedule through a gateway that does not offer it", "spec", "plan.schedule",
     {"method": "fullcb-3x", "total": 45000, "first_date": "2026-01-10", "gateway": "payline"},
     error={"code": "not_eligible", "field": "gateway"})
case("FullCB 3x schedule through Lyra", "lyra-fullcb", "plan.schedule",
     {"method": "fullcb-3x", "total": 45000, "first_date": "2026-01-10", "gateway": "lyra"},
     schedule(45000, [1, 1, 1], D(2026, 1, 10), ("months", 1)))

# --- Cpay options --------------------------------------------------------------------------------------------
case("Cpay options of a contract", "cpay-options", "plan.cpay_options",
     {"option_codes": {"cash": "CPT", "credit10_free": "C10SF"}},
     {"options": [{"option": "cash", "label": "Comptant", "refundable_any_day": True, "code": "CPT"},
                  {"option": "credit10_free", "label": "Crédit en 10 mois sans frais", "months": 10,
                   "with_fees": False, "refundable_any_day": False, "code": "C10SF"}]})
case("an option code with a space", "cpay-options", "plan.cpay_options", {"option_codes": {"cash": "C P"}},
     error={"code": "invalid_format", "field": "option_codes.cash"})
case("an unknown option", "cpay-options", "plan.cpay_options", {"option_codes": {"credit7": "C7"}},
     error={"code": "invalid_value"})
REFUND_BASE = {"gateway": "lyra", "method": "cpay", "paid_at": "2026-01-10T10:00:00Z", "now": "2026-02-01T10:00:00Z",
               "captured": 45000, "amount": 1000}
OUT = {"gateway": "lyra", "status": "accepted", "code": "CAPTURED", "message": "", "server_to_server": True,
       "idempotency_key": "k", "fields": {}}
case("refund the day after: the outcome's option code is the contract's Comptant", "cpay-options", "plan.refund",
     dict(REFUND_BASE, outcome=dict(OUT, details={"payment_option_code": "CPT"}), option_codes={"cash": "CPT"}),
     {"allowed": True, "max": 45000})
case("refund the day after: the outcome's option is credit in 10 months", "cpay-options", "plan.refund",
     dict(REFUND_BASE, outcome=dict(OUT, details={"payment_option_code": "C10SF"}),
          option_codes={"credit10_free": "C10SF"}), {"allowed": False, "max": 0})
case("refund the day after: an option code the shop did not describe is another option", "cpay-options",
     "plan.refund", dict(REFUND_BASE, outcome=dict(OUT, details={"payment_option_code": "ZZ9"})),
     {"allowed": False, "max": 0})
case("refund the day after: the option given as a label", "cpay-options", "plan.refund",
     dict(REFUND_BASE, option="Crédit"), {"allowed": True})
# --- plan.order_state: the whole life (refunds, cancellations, out of order) -------------------------------------
PAY = "lyra:9f3c2a1b4d5e6f708192a3b4c5d6e7f8"
REF = "lyra:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
REF2 = "lyra:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"


def credit(amount, key=REF, status="accepted"):
    """The outcome lyra.notification gives for a CREDIT IPN (a refund made in the Back Office)."""
    return dict(outcome(status, key, amount), operation="refund", code="CAPTURED",
                message="CAPTURED: authorised and captured (sent to the bank) — this is a refund (CREDIT), not a payment",
                gateway_reference=key.split(":")[1], details={"operation_type": "CREDIT", "url_check_src": "MERCH_BO"})


def cancellation(key=PAY):
    return dict(outcome("cancelled", key), operation="cancellation", code="CANCELLED")


PAID = {"status": "accepted", "key": PAY, "amount": 2990, "currency": "EUR", "captured": 2990, "shipped": True}


def life(name, current, out, output, note=None):
    case(name, "life", "plan.order_state", {"current": current, "outcome": out}, output, note=note)


life("the CREDIT IPN of a full refund: the paid order is refunded, never shipped", PAID, credit(2990),
     {"decision": "apply", "status": "refunded", "key": PAY, "ship": False, "captured": 2990, "refunded": 2990,
      "refunds": [{"key": REF, "amount": 2990}], "shipped": True},
     note="before: a refund was read as a second accepted payment, a conflict inviting a second refund")
life("the CREDIT IPN of a partial refund: partially refunded", PAID, credit(1000),
     {"decision": "apply", "status": "partially_refunded", "ship": False, "refunded": 1000,
      "refunds": [{"key": REF, "amount": 1000}]})
PART = dict(PAID, status="partially_refunded", refunds=[{"key": REF, "amount": 1000}])
life("the same CREDIT IPN again: duplicate, counted once", PART, credit(1000),
     {"decision": "duplicate", "status": "partially_refunded", "ship": False, "refunded": 1000})
life("the refund made through lyra.refund, then the IPN reporting it: one refund (same key)", PART, credit(1000),
     {"decision": "duplicate", "refunded": 1000, "refunds": [{"key": REF, "amount": 1000}]},
     note="lyra.refund_answer's outcome carries the refund transaction's uuid, as the CREDIT IPN does")
life("a second partial refund completing the first: refunded", PART, credit(1990, key=REF2),
     {"decision": "apply", "status": "refunded", "ship": False, "refunded": 2990})
life("a refund above what is left of the capture: conflict, nothing counted", PART, credit(2000, key=REF2),
     {"decision": "conflict", "status": "partially_refunded", "ship": False, "refunded": 1000})
life("a refund still to retry (pending): nothing changes yet", PART, credit(500, key=REF2, status="pending"),
     {"decision": "duplicate", "status": "partially_refunded", "refunded": 1000})
life("a refund recorded earlier, now reported cancelled: it no longer counts", PART,
     credit(1000, status="cancelled"),
     {"decision": "apply", "status": "accepted", "refunded": 0, "refunds": [], "ship": False})
life("a refund that did not happen and was never recorded: nothing changes", PAID, credit(1000, status="refused"),
     {"decision": "duplicate", "status": "accepted", "refunded": 0})
life("the payment's IPN resent after a refund: duplicate, the refund stays", PART, outcome("accepted", PAY),
     {"decision": "duplicate", "status": "partially_refunded", "ship": False, "refunded": 1000})
life("a stale pending after the refund: duplicate", PART, outcome("pending", PAY),
     {"decision": "duplicate", "status": "partially_refunded", "ship": False})
life("a refund before the payment's IPN (out of order): kept, not shipped", {"status": "new", "amount": 2990},
     credit(2990),
     {"decision": "apply", "status": "new", "ship": False, "refunded": 2990, "refunds": [{"key": REF, "amount": 2990}]})
life("then the payment's IPN: paid and already refunded in full, never shipped",
     {"status": "new", "amount": 2990, "refunds": [{"key": REF, "amount": 2990}]}, outcome("accepted", PAY),
     {"decision": "apply", "status": "refunded", "key": PAY, "ship": False, "captured": 2990, "refunded": 2990})
life("then the payment's IPN after a partial refund: recorded, not shipped (check first)",
     {"status": "new", "amount": 2990, "refunds": [{"key": REF, "amount": 1000}]}, outcome("accepted", PAY),
     {"decision": "apply", "status": "partially_refunded", "ship": False, "refunded": 1000})
life("a refund in another currency: conflict", PAID, dict(credit(1000), currency="USD"),
     {"decision": "conflict", "status": "accepted"})
life("a refund without an amount: conflict, never guessed", PAID,
     {k: v for k, v in credit(1000).items() if k != "amount"}, {"decision": "conflict", "status": "accepted"})
life("cancelled after payment (before capture): cancelled, do not ship", PAID, cancellation(),
     {"decision": "apply", "status": "cancelled", "ship": False, "shipped": True})
life("the same cancellation again: duplicate", dict(PAID, status="cancelled", captured=None), cancellation(),
     {"decision": "duplicate", "status": "cancelled"})
life("paid again by another attempt after a cancellation: recorded, not shipped twice",
     {"status": "cancelled", "key": PAY, "amount": 2990, "shipped": True},
     outcome("accepted", "lyra:fedcba9876543210fedcba9876543210"),
     {"decision": "apply", "status": "accepted", "ship": False, "shipped": True})
life("a cancellation of a refunded payment: conflict", dict(PAID, status="refunded",
                                                             refunds=[{"key": REF, "amount": 2990}]),
     cancellation(), {"decision": "conflict", "status": "refunded"})
life("a cancellation of another attempt while paid: ignored", PAID,
     cancellation("lyra:fedcba9876543210fedcba9876543210"), {"decision": "duplicate", "status": "accepted"})
life("a capture that failed for a paid order: conflict", PAID,
     dict(outcome("refused", PAY), operation="capture", code="CAPTURE_FAILED"),
     {"decision": "conflict", "status": "accepted", "ship": False})
life("a refund reported under the payment's own reference is told apart by amount", PAID,
     dict(credit(1000, key=PAY), gateway="computop", transaction_id="T-1"),
     {"decision": "apply", "status": "partially_refunded",
      "refunds": [{"key": PAY + ":refund:T-1:1000", "amount": 1000}]})
case("recorded refunds that overflow", "life", "plan.order_state",
     # Three of 2**63 - 1 (PHP's largest integer; JavaScript reads it as 2**63): the sum overflows 64 bits in
     # every language, where 2**64 - 1 reaches the core from JavaScript and PHP as an invalid amount instead.
     {"current": dict(PAID, refunds=[{"key": k, "amount": 2**63 - 1} for k in "abc"]),
      "outcome": credit(1)}, error={"code": "invalid_value", "field": "current.refunds"})
case("an unknown order status", "life", "plan.order_state",
     {"current": {"status": "shipped"}, "outcome": credit(1)}, error={"code": "invalid_value"})

doc = {"gateway": "plan", "sources": SOURCES, "cases": cases}
out = pathlib.Path(__file__).resolve().parent.parent / "plans.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
