"""cpay.plan: schedules, eligibility, refunds, tender split, 3-D Secure and order state as dataclasses."""

from __future__ import annotations

import datetime

import pytest

import cpay

UTC = datetime.timezone.utc


def test_fullcb_schedule_from_a_date() -> None:
    plan = cpay.plan.schedule(method="fullcb-3x", total=10000, first_date=datetime.date(2026, 1, 31))
    assert [(i.date, i.amount) for i in plan.installments] == [
        (datetime.date(2026, 1, 31), 3334),
        (datetime.date(2026, 2, 28), 3333),
        (datetime.date(2026, 3, 31), 3333),
    ]
    assert plan.total == 10000 and cpay.Schedule.from_dict(plan.to_dict()) == plan
    assert cpay.plan.schedule(method="fullcb-3x", total=10000, first_date="2026-01-31") == plan


def test_custom_schedule_and_its_errors() -> None:
    plan = cpay.plan.schedule(method="custom", total=9000, first_date="2026-08-31", count=3, period_months=2)
    assert [i.date.isoformat() for i in plan.installments] == ["2026-08-31", "2026-10-31", "2026-12-31"]
    with pytest.raises(cpay.InvalidValue) as period:
        cpay.plan.schedule(method="custom", total=9000, first_date="2026-08-31", count=3)
    assert period.value.field == "period_days"
    with pytest.raises(cpay.InvalidValue) as fixed:
        cpay.plan.schedule(method="fullcb-4x", total=9000, first_date="2026-08-31", count=4)
    assert fixed.value.field == "count"
    with pytest.raises(cpay.InvalidValue):
        cpay.plan.schedule(method="fullcb-3x", total=10000, first_date="2026-02-30")


def test_eligibility() -> None:
    low = cpay.plan.eligible(method="fullcb-3x", gateway="computop", amount=8999, currency="EUR", country="FR")
    assert not low and low.eligible is False and "90.00 EUR" in low.reason
    ok = cpay.plan.eligible(method="fullcb-3x", gateway="computop", amount=9000, currency="EUR", country="FR")
    assert ok and ok.eligible
    floor = cpay.plan.eligible(
        method="fullcb-3x", gateway="computop", amount=5000, currency="EUR", country="FR", bounds={"min": 5000}
    )
    assert floor.eligible
    with pytest.raises(cpay.InvalidValue):
        cpay.plan.eligible(method="cpay", gateway="paypal", amount=100, currency="EUR")


def test_refund_decision() -> None:
    paid = datetime.datetime(2026, 3, 10, 10, tzinfo=UTC)
    decision = cpay.plan.refund(
        gateway="lyra", method="cpay", option="Comptant", paid_at=paid, now=paid + datetime.timedelta(days=100),
        captured=10000, refunded=2500, amount=7500,
    )
    assert decision and (decision.allowed, decision.max) == (True, 7500) and decision.reason
    too_much = cpay.plan.refund(
        gateway="computop", method="fullcb-3x", paid_at=paid, now=paid, captured=10000, refunded=2500, amount=7501
    )
    assert not too_much and too_much.max == 7500
    # `now` defaults to the current time.
    assert cpay.plan.refund(gateway="sips", method="cpay", paid_at=paid, captured=10000, amount=100).max >= 0
    with pytest.raises(cpay.InvalidInput) as naive:
        cpay.plan.refund(gateway="sips", method="cpay", paid_at=datetime.datetime(2026, 3, 10), captured=1, amount=1)
    assert naive.value.field == "paid_at"


def test_split_three_ds_and_order_state() -> None:
    split = cpay.plan.split(total=3600, promo_codes=[{"code": "Nouveaux venus", "percent": 5}])
    assert (split.discount, split.due, split.card) == (180, 3420, 3420)
    assert [(line.tender, line.reference, line.amount) for line in split.lines] == [
        ("promo_code", "Nouveaux venus", 180),
        ("card", None, 3420),
    ]
    assert split.card_eligibility is None

    assert cpay.plan.three_ds(policy="always", payment_date=datetime.date(2026, 5, 1))
    assert not cpay.plan.three_ds(policy="never", payment_date="2026-05-01")
    assert cpay.plan.three_ds(policy="never", payment_date="2026-05-01", method="cpay").three_ds
    near = cpay.plan.three_ds(
        policy="near_event", days=3, payment_date="2026-05-01", event_dates=[datetime.date(2026, 5, 2)]
    )
    assert near.three_ds and near.reason

    outcome = cpay.Outcome(
        gateway="lyra", status="accepted", code="ACCEPTED", message="accepted", server_to_server=True,
        idempotency_key="lyra:0123456789abcdef0123456789abcdef", amount=2990, currency="EUR",
    )
    first = cpay.plan.order_state({"status": "new", "amount": 2990}, outcome)
    assert (first.decision, first.status, first.ship, first.key) == ("apply", "accepted", True, outcome.idempotency_key)
    again = cpay.plan.order_state({"status": first.status, "key": first.key, "amount": 2990}, outcome)
    assert again.decision == "duplicate" and not again.ship
    with pytest.raises(cpay.InvalidValue):
        cpay.plan.order_state({"status": "shipped"}, outcome)
