"""Payline (Monext) web payment: doWebPayment, notifications, getWebPaymentDetails, capture and refund.

Payline is SOAP: cpay builds each call as an :class:`HttpRequest` for your HTTP client and reads the answer's
body. ``account`` is a mapping ``{"merchant_id", "environment", "access_key", "version"?}`` (``environment``
is ``"homologation"``, ``"production"`` or ``{"custom": "https://…/V4/services/"}``); ``payment`` has the
fields of the ``payline.web_payment`` operation (docs/payline.md). Amounts are integer minor units;
``datetime`` values must carry a time zone.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, Mapping, Optional, Union

from cpay._facade import instant, invoke
from cpay.errors import Inconsistent
from cpay.types import HttpRequest, OperationAnswer, Outcome, PaylineNotification, WebPaymentAnswer

__all__ = [
    "web_payment",
    "web_payment_answer",
    "notification",
    "details",
    "outcome",
    "capture",
    "capture_answer",
    "refund",
    "refund_answer",
]

Instant = Union[datetime.datetime, str]


def _flat(account: Mapping[str, Any], fields: Mapping[str, Any]) -> Dict[str, Any]:
    """The operations take the account fields beside the others; a name given twice is refused, not merged."""
    both = sorted(set(account) & set(fields))
    if both:
        raise Inconsistent(f"{both[0]} is given both in the account and in the call", field=both[0])
    return {**account, **fields}


def web_payment(account: Mapping[str, Any], payment: Mapping[str, Any]) -> HttpRequest:
    """The doWebPayment call for ``payment``; read its answer with :func:`web_payment_answer`."""
    return HttpRequest.from_dict(invoke("payline.web_payment", **_flat(account, payment)))


def web_payment_answer(body: str) -> WebPaymentAnswer:
    """Read doWebPayment's answer: the token to store and the page to redirect the buyer to."""
    return WebPaymentAnswer.from_dict(invoke("payline.web_payment_answer", body=body))


def notification(query: str, *, stored_token: Optional[str] = None) -> PaylineNotification:
    """Read a notification (its query string or whole URL); with ``stored_token``, check it is the order's.

    A notification proves nothing: make ``next_call`` (for ``WEBTRS``, :func:`details`) and trust its answer.
    """
    return PaylineNotification.from_dict(invoke("payline.notification", query=query, stored_token=stored_token))


def details(account: Mapping[str, Any], token: str) -> HttpRequest:
    """The getWebPaymentDetails call for ``token``; read its answer with :func:`outcome`."""
    return HttpRequest.from_dict(invoke("payline.details", **_flat(account, {"token": token})))


def outcome(body: str, *, token: Optional[str] = None, expected: Optional[Mapping[str, Any]] = None) -> Outcome:
    """Classify getWebPaymentDetails' answer; ``expected`` (``{"order_ref", "token", "amount"}``) is checked."""
    return Outcome.from_dict(invoke("payline.outcome", body=body, token=token, expected=expected))


def capture(
    account: Mapping[str, Any],
    *,
    transaction_id: str,
    amount: int,
    contract_number: str,
    currency: Optional[str] = None,
    sequence_number: Optional[str] = None,
    authorized_at: Optional[Instant] = None,
    now: Optional[Instant] = None,
) -> HttpRequest:
    """The doCapture call for an authorized transaction (``currency`` defaults to EUR)."""
    fields = dict(
        transaction_id=transaction_id,
        amount=amount,
        contract_number=contract_number,
        currency=currency,
        sequence_number=sequence_number,
        authorized_at=instant(authorized_at, "authorized_at"),
        now=instant(now, "now"),
    )
    return HttpRequest.from_dict(invoke("payline.capture", **_flat(account, fields)))


def capture_answer(body: str) -> OperationAnswer:
    """Read doCapture's answer; anything but ``00000`` raises :class:`cpay.GatewayError`."""
    return OperationAnswer.from_dict(invoke("payline.capture_answer", body=body))


def refund(
    account: Mapping[str, Any],
    *,
    transaction_id: str,
    amount: int,
    contract_number: str,
    paid_at: Instant,
    captured: int,
    refunded: Optional[int] = None,
    now: Optional[Instant] = None,
    currency: Optional[str] = None,
    sequence_number: Optional[str] = None,
    comment: Optional[str] = None,
) -> HttpRequest:
    """The doRefund call, once the refund rules allow it (``amount`` ≤ ``captured - refunded``, time limits).

    ``now`` defaults to the current UTC time; a refused refund raises :class:`cpay.RefundNotAllowed`.
    """
    fields = dict(
        transaction_id=transaction_id,
        amount=amount,
        contract_number=contract_number,
        paid_at=instant(paid_at, "paid_at"),
        captured=captured,
        refunded=refunded,
        now=instant(now, "now") or datetime.datetime.now(datetime.timezone.utc),
        currency=currency,
        sequence_number=sequence_number,
        comment=comment,
    )
    return HttpRequest.from_dict(invoke("payline.refund", **_flat(account, fields)))


def refund_answer(body: str) -> OperationAnswer:
    """Read doRefund's answer; anything but ``00000`` raises :class:`cpay.GatewayError`."""
    return OperationAnswer.from_dict(invoke("payline.refund_answer", body=body))
