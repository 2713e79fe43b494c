"""The business rules around a Cetelem payment: schedules, eligibility, refunds, tender split, 3-D Secure,
order state. Shapes are those of the ``plan.*`` operations (docs/plans.md).

Dates may be ``datetime.date`` or ``"YYYY-MM-DD"``; instants ``datetime`` with a time zone or RFC 3339 text;
amounts integer minor units. ``method`` is ``"cpay"``, ``"fullcb-3x"`` or ``"fullcb-4x"``; ``gateway`` one of
``"lyra"``, ``"computop"``, ``"payline"``, ``"ogone"``, ``"sips"``.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from cpay._facade import instant, invoke
from cpay.types import (
    Eligibility,
    OrderDecision,
    Outcome,
    RefundDecision,
    Schedule,
    TenderSplit,
    ThreeDsDecision,
)

__all__ = ["schedule", "eligible", "refund", "split", "three_ds", "order_state"]

Day = Union[datetime.date, str]
Instant = Union[datetime.datetime, str]


def _days(dates: Optional[Iterable[Day]]) -> Optional[List[Day]]:
    return None if dates is None else list(dates)


def schedule(
    *,
    method: str,
    total: int,
    first_date: Day,
    count: Optional[int] = None,
    period_days: Optional[int] = None,
    period_months: Optional[int] = None,
    shares: Optional[Sequence[int]] = None,
    minimum: Optional[int] = None,
    restrictive: bool = False,
    event_dates: Optional[Iterable[Day]] = None,
) -> Schedule:
    """The instalments of a ``"fullcb-3x"``/``"fullcb-4x"`` plan (fixed: monthly, equal parts, the
    remainder on the first), or of a ``"custom"`` one (``count`` and one of ``period_days``/``period_months``;
    ``shares``, ``minimum``, ``restrictive`` and ``event_dates`` optional)."""
    return Schedule.from_dict(
        invoke(
            "plan.schedule",
            method=method,
            total=total,
            first_date=first_date,
            count=count,
            period_days=period_days,
            period_months=period_months,
            shares=shares,
            minimum=minimum,
            restrictive=restrictive,
            event_dates=_days(event_dates),
        )
    )


def eligible(
    *,
    method: str,
    gateway: str,
    amount: int,
    currency: str,
    country: Optional[str] = None,
    capture: Optional[str] = None,
    capture_delay_days: Optional[int] = None,
    gateway_instalments: bool = False,
    bounds: Optional[Mapping[str, Any]] = None,
) -> Eligibility:
    """Whether ``method`` may be offered through ``gateway`` for this amount (truthy when it may), and why.

    ``bounds`` (``{"min", "max", "currencies", "countries", "max_deferred_days"}``) overrides the defaults
    with the shop's contract.
    """
    return Eligibility.from_dict(
        invoke(
            "plan.eligible",
            method=method,
            gateway=gateway,
            amount=amount,
            currency=currency,
            country=country,
            capture=capture,
            capture_delay_days=capture_delay_days,
            gateway_instalments=gateway_instalments,
            bounds=bounds,
        )
    )


def refund(
    *,
    gateway: str,
    method: str,
    paid_at: Instant,
    captured: int,
    amount: int,
    refunded: Optional[int] = None,
    option: Optional[str] = None,
    now: Optional[Instant] = None,
) -> RefundDecision:
    """Whether ``amount`` may be refunded now (truthy when it may), the most that may, and why.

    ``now`` defaults to the current UTC time.
    """
    return RefundDecision.from_dict(
        invoke(
            "plan.refund",
            gateway=gateway,
            method=method,
            option=option,
            paid_at=instant(paid_at, "paid_at"),
            now=instant(now, "now") or datetime.datetime.now(datetime.timezone.utc),
            captured=captured,
            refunded=refunded,
            amount=amount,
        )
    )


def split(
    *,
    total: int,
    promo_codes: Optional[Sequence[Mapping[str, Any]]] = None,
    vouchers: Optional[Sequence[Mapping[str, Any]]] = None,
    credit_balance: Optional[Mapping[str, Any]] = None,
    waiting_account: Optional[Mapping[str, Any]] = None,
    card: Optional[Mapping[str, Any]] = None,
) -> TenderSplit:
    """Split ``total`` between promo codes, vouchers, the credit balance, the waiting account and the card."""
    return TenderSplit.from_dict(
        invoke(
            "plan.split",
            total=total,
            promo_codes=promo_codes,
            vouchers=vouchers,
            credit_balance=credit_balance,
            waiting_account=waiting_account,
            card=card,
        )
    )


def three_ds(
    *,
    policy: str,
    payment_date: Day,
    days: Optional[int] = None,
    event_dates: Optional[Iterable[Day]] = None,
    method: Optional[str] = None,
) -> ThreeDsDecision:
    """Whether to ask for 3-D Secure (truthy when so) under ``policy`` (``"always"``, ``"never"``,
    ``"near_event"`` with ``days`` and ``event_dates``); Cpay always uses it."""
    return ThreeDsDecision.from_dict(
        invoke(
            "plan.three_ds",
            policy=policy,
            payment_date=payment_date,
            days=days,
            event_dates=_days(event_dates),
            method=method,
        )
    )


def order_state(current: Mapping[str, Any], outcome: Union[Outcome, Mapping[str, Any]]) -> OrderDecision:
    """What a verified ``outcome`` does to the order in ``current`` (``{"status", "key"?, "amount"?,
    "currency"?}``): apply it once, ignore a duplicate, or flag a conflict."""
    return OrderDecision.from_dict(invoke("plan.order_state", current=current, outcome=outcome))
