"""The values cpay returns, as frozen dataclasses with the core's field names (snake_case, as in JSON).

Each has ``from_dict`` (from the JSON object of ``cpay.call``; unknown keys are ignored so that a newer core
adding a field does not break an older facade) and ``to_dict`` (back to that JSON shape). Amounts are integer
minor units (``2990`` is 29.90 EUR), never floats.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Dict, Literal, Mapping, Optional, Tuple

__all__ = [
    "Status",
    "ThreeDSecure",
    "Outcome",
    "ShopReply",
    "Notification",
    "PaymentForm",
    "HttpRequest",
    "HttpResponse",
    "ComputopForm",
    "WebPaymentAnswer",
    "PaylineNotification",
    "OperationAnswer",
    "Installment",
    "Schedule",
    "Eligibility",
    "RefundDecision",
    "TenderLine",
    "TenderSplit",
    "ThreeDsDecision",
    "OrderDecision",
]

#: The gateway-neutral status of a verified payment.
Status = Literal["accepted", "pending", "refused", "cancelled", "error"]


def _opt_str(data: Mapping[str, Any], key: str) -> Optional[str]:
    value = data.get(key)
    return None if value is None else str(value)


def _str_map(value: Any) -> Dict[str, str]:
    return {str(k): str(v) for k, v in (value or {}).items()}


def _prune(data: Dict[str, Any]) -> Dict[str, Any]:
    """Drop ``None`` values, as the core's JSON omits absent options."""
    return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True)
class ThreeDSecure:
    """What the gateway reported about 3-D Secure authentication (each part optional)."""

    auth_type: Optional[str] = None
    enrolled: Optional[str] = None
    status: Optional[str] = None
    cavv: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThreeDSecure:
        """From the core's JSON object."""
        return cls(
            auth_type=_opt_str(data, "auth_type"),
            enrolled=_opt_str(data, "enrolled"),
            status=_opt_str(data, "status"),
            cavv=_opt_str(data, "cavv"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune(
            {"auth_type": self.auth_type, "enrolled": self.enrolled, "status": self.status, "cavv": self.cavv}
        )


@dataclass(frozen=True)
class Outcome:
    """A verified payment result, the same for every gateway.

    Update the order only from an ``Outcome``, and only once per ``idempotency_key``: gateways retry
    notifications, and the browser return may arrive before or after the server-to-server call.
    """

    gateway: str
    status: Status
    code: str
    message: str
    server_to_server: bool
    idempotency_key: str
    order_id: Optional[str] = None
    transaction_id: Optional[str] = None
    gateway_reference: Optional[str] = None
    amount: Optional[int] = None
    currency: Optional[str] = None
    card_brand: Optional[str] = None
    warranty: Optional[str] = None
    three_ds: ThreeDSecure = field(default_factory=ThreeDSecure)
    details: Dict[str, str] = field(default_factory=dict)
    fields: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Outcome:
        """From the core's JSON object."""
        amount = data.get("amount")
        return cls(
            gateway=str(data["gateway"]),
            status=data["status"],
            code=str(data["code"]),
            message=str(data["message"]),
            server_to_server=bool(data["server_to_server"]),
            idempotency_key=str(data["idempotency_key"]),
            order_id=_opt_str(data, "order_id"),
            transaction_id=_opt_str(data, "transaction_id"),
            gateway_reference=_opt_str(data, "gateway_reference"),
            amount=None if amount is None else int(amount),
            currency=_opt_str(data, "currency"),
            card_brand=_opt_str(data, "card_brand"),
            warranty=_opt_str(data, "warranty"),
            three_ds=ThreeDSecure.from_dict(data.get("three_ds") or {}),
            details=_str_map(data.get("details")),
            fields=_str_map(data.get("fields")),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        out = _prune(
            {
                "gateway": self.gateway,
                "status": self.status,
                "order_id": self.order_id,
                "transaction_id": self.transaction_id,
                "gateway_reference": self.gateway_reference,
                "amount": self.amount,
                "currency": self.currency,
                "code": self.code,
                "message": self.message,
                "card_brand": self.card_brand,
                "warranty": self.warranty,
                "server_to_server": self.server_to_server,
                "idempotency_key": self.idempotency_key,
                "fields": dict(self.fields),
            }
        )
        if self.details:
            out["details"] = dict(self.details)
        three_ds = self.three_ds.to_dict()
        if three_ds:
            out["three_ds"] = three_ds
        return out


@dataclass(frozen=True)
class ShopReply:
    """The HTTP answer the shop gives the gateway for a notification: send exactly this."""

    status: int
    body: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShopReply:
        """From the core's JSON object."""
        return cls(status=int(data["status"]), body=str(data["body"]))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"status": self.status, "body": self.body}


@dataclass(frozen=True)
class Notification:
    """A verified notification: the outcome to record and the reply to send."""

    outcome: Outcome
    reply: ShopReply

    @property
    def status(self) -> Status:
        """Shortcut for ``outcome.status``."""
        return self.outcome.status

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Notification:
        """From the core's JSON object."""
        return cls(outcome=Outcome.from_dict(data["outcome"]), reply=ShopReply.from_dict(data["reply"]))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"outcome": self.outcome.to_dict(), "reply": self.reply.to_dict()}


@dataclass(frozen=True)
class PaymentForm:
    """The signed form the customer's browser posts to the gateway.

    ``html`` is the form rendered and escaped by the core (with a submit button, or auto-submitting), when
    the operation renders one; otherwise render ``fields`` as hidden inputs yourself.
    """

    action: str
    method: str
    fields: Dict[str, str]
    html: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PaymentForm:
        """From the core's ``{action, method, fields}``, or ``{form: {…}, html}`` as form operations return."""
        form = data.get("form", data)
        return cls(
            action=str(form["action"]),
            method=str(form["method"]),
            fields=_str_map(form.get("fields")),
            html=_opt_str(data, "html"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's ``{action, method, fields}``."""
        return {"action": self.action, "method": self.method, "fields": dict(self.fields)}


@dataclass(frozen=True)
class HttpRequest:
    """A server-to-server call for the shop's own HTTP client (cpay never opens a socket).

    Its ``repr`` hides the ``Authorization`` header, so logging a request does not log the credentials.
    """

    method: str
    url: str
    headers: Dict[str, str]
    body: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HttpRequest:
        """From the core's JSON object."""
        return cls(
            method=str(data["method"]),
            url=str(data["url"]),
            headers=_str_map(data.get("headers")),
            body=str(data.get("body", "")),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"method": self.method, "url": self.url, "headers": dict(self.headers), "body": self.body}

    def __repr__(self) -> str:
        shown = {k: ("***" if k.lower() == "authorization" else v) for k, v in self.headers.items()}
        return f"HttpRequest(method={self.method!r}, url={self.url!r}, headers={shown!r}, body={self.body!r})"


@dataclass(frozen=True)
class HttpResponse:
    """The gateway's answer to an :class:`HttpRequest`, as the shop's HTTP client received it."""

    status: int
    body: str
    headers: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HttpResponse:
        """From the core's JSON object."""
        return cls(status=int(data["status"]), body=str(data["body"]), headers=_str_map(data.get("headers")))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"status": self.status, "headers": dict(self.headers), "body": self.body}


@dataclass(frozen=True)
class ComputopForm(PaymentForm):
    """A Computop payment form (``MerchantID``, ``Len``, ``Data``), with what Paygate adds to it.

    ``mac`` is the request MAC (uppercase hex) for the shop's logs; ``redirect_url`` is the URL to send the
    browser to when the payment was built with ``method="GET"``.
    """

    mac: str = ""
    redirect_url: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComputopForm:
        """From the core's ``{form, redirect_url?, mac, html}``."""
        form = PaymentForm.from_dict(data)
        return cls(
            action=form.action,
            method=form.method,
            fields=form.fields,
            html=form.html,
            mac=str(data.get("mac", "")),
            redirect_url=_opt_str(data, "redirect_url"),
        )


@dataclass(frozen=True)
class WebPaymentAnswer:
    """Payline's answer to doWebPayment: send the buyer to ``redirect_url``; store ``token`` with the order."""

    code: str
    token: str
    redirect_url: str
    short_message: Optional[str] = None
    long_message: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WebPaymentAnswer:
        """From the core's JSON object."""
        return cls(
            code=str(data["code"]),
            token=str(data["token"]),
            redirect_url=str(data["redirect_url"]),
            short_message=_opt_str(data, "short_message"),
            long_message=_opt_str(data, "long_message"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune(
            {
                "code": self.code,
                "short_message": self.short_message,
                "long_message": self.long_message,
                "token": self.token,
                "redirect_url": self.redirect_url,
            }
        )


@dataclass(frozen=True)
class PaylineNotification:
    """A Payline notification, read: it only says what to ask next (``next_call``); it proves nothing."""

    notification_type: str
    next_call: str
    token: Optional[str] = None
    next_operation: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PaylineNotification:
        """From the core's JSON object."""
        return cls(
            notification_type=str(data["notification_type"]),
            next_call=str(data["next_call"]),
            token=_opt_str(data, "token"),
            next_operation=_opt_str(data, "next_operation"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune(
            {
                "notification_type": self.notification_type,
                "token": self.token,
                "next_call": self.next_call,
                "next_operation": self.next_operation,
            }
        )


@dataclass(frozen=True)
class OperationAnswer:
    """Payline's answer to doCapture or doRefund that succeeded (any other code raises ``GatewayError``)."""

    code: str
    short_message: Optional[str] = None
    long_message: Optional[str] = None
    transaction_id: Optional[str] = None
    transaction_date: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OperationAnswer:
        """From the core's JSON object."""
        return cls(
            code=str(data["code"]),
            short_message=_opt_str(data, "short_message"),
            long_message=_opt_str(data, "long_message"),
            transaction_id=_opt_str(data, "transaction_id"),
            transaction_date=_opt_str(data, "transaction_date"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune(
            {
                "code": self.code,
                "short_message": self.short_message,
                "long_message": self.long_message,
                "transaction_id": self.transaction_id,
                "transaction_date": self.transaction_date,
            }
        )


@dataclass(frozen=True)
class Installment:
    """One instalment of a schedule: the day it is debited and its amount (minor units)."""

    date: datetime.date
    amount: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Installment:
        """From the core's ``{date: "YYYY-MM-DD", amount}``."""
        return cls(date=datetime.date.fromisoformat(str(data["date"])), amount=int(data["amount"]))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"date": self.date.isoformat(), "amount": self.amount}


@dataclass(frozen=True)
class Schedule:
    """An instalment schedule: dates strictly increasing, amounts summing to the total."""

    installments: Tuple[Installment, ...]

    @property
    def total(self) -> int:
        """The sum of the instalments (the plan's total), minor units."""
        return sum(i.amount for i in self.installments)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schedule:
        """From the core's ``{installments: [...]}``."""
        return cls(installments=tuple(Installment.from_dict(i) for i in data["installments"]))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"installments": [i.to_dict() for i in self.installments]}


@dataclass(frozen=True)
class Eligibility:
    """Whether a payment method may be offered for a basket, and why (which rule refused it)."""

    eligible: bool
    reason: str = ""

    def __bool__(self) -> bool:
        """``eligible``, so that the decision reads as a condition."""
        return self.eligible

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Eligibility:
        """From the core's JSON object."""
        return cls(eligible=bool(data["eligible"]), reason=str(data.get("reason", "")))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"eligible": self.eligible, "reason": self.reason}


@dataclass(frozen=True)
class RefundDecision:
    """Whether a refund of the requested amount is allowed, the most refundable now (minor units), and why."""

    allowed: bool
    max: int
    reason: str = ""

    def __bool__(self) -> bool:
        """``allowed``, so that the decision reads as a condition."""
        return self.allowed

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RefundDecision:
        """From the core's JSON object."""
        return cls(allowed=bool(data["allowed"]), max=int(data["max"]), reason=str(data.get("reason", "")))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"allowed": self.allowed, "max": self.max, "reason": self.reason}


@dataclass(frozen=True)
class TenderLine:
    """One tender of a split (``promo_code``, ``voucher``, ``credit_balance``, ``waiting_account``, ``card``).

    ``reference`` is the code or voucher id; ``left`` what remains on a voucher or the credit balance.
    """

    tender: str
    amount: int
    reference: Optional[str] = None
    left: Optional[int] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TenderLine:
        """From the core's JSON object."""
        left = data.get("left")
        return cls(
            tender=str(data["tender"]),
            amount=int(data["amount"]),
            reference=_opt_str(data, "reference"),
            left=None if left is None else int(left),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune({"tender": self.tender, "reference": self.reference, "amount": self.amount, "left": self.left})


@dataclass(frozen=True)
class TenderSplit:
    """An order split between promo codes, vouchers, balances and the card (amounts in minor units).

    ``card`` is what remains for the card; ``card_eligibility`` the verdict on it when a card method was given.
    """

    total: int
    discount: int
    due: int
    lines: Tuple[TenderLine, ...]
    card: int
    card_eligibility: Optional[Eligibility] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TenderSplit:
        """From the core's JSON object."""
        eligibility = data.get("card_eligibility")
        return cls(
            total=int(data["total"]),
            discount=int(data["discount"]),
            due=int(data["due"]),
            lines=tuple(TenderLine.from_dict(line) for line in data["lines"]),
            card=int(data["card"]),
            card_eligibility=None if eligibility is None else Eligibility.from_dict(eligibility),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        out: Dict[str, Any] = {
            "total": self.total,
            "discount": self.discount,
            "due": self.due,
            "lines": [line.to_dict() for line in self.lines],
            "card": self.card,
        }
        if self.card_eligibility is not None:
            out["card_eligibility"] = self.card_eligibility.to_dict()
        return out


@dataclass(frozen=True)
class ThreeDsDecision:
    """Whether to ask for 3-D Secure on this payment, and why."""

    three_ds: bool
    reason: str = ""

    def __bool__(self) -> bool:
        """``three_ds``, so that the decision reads as a condition."""
        return self.three_ds

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThreeDsDecision:
        """From the core's JSON object."""
        return cls(three_ds=bool(data["three_ds"]), reason=str(data.get("reason", "")))

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return {"three_ds": self.three_ds, "reason": self.reason}


@dataclass(frozen=True)
class OrderDecision:
    """What to do with an order given a verified outcome.

    ``decision`` is ``apply`` (record ``status`` and ``key``), ``duplicate`` (already applied: change nothing)
    or ``conflict`` (contradicts what was recorded: change nothing, investigate). Ship only when ``ship``.
    """

    decision: str
    status: str
    ship: bool
    reason: str = ""
    key: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderDecision:
        """From the core's JSON object."""
        return cls(
            decision=str(data["decision"]),
            status=str(data["status"]),
            ship=bool(data["ship"]),
            reason=str(data.get("reason", "")),
            key=_opt_str(data, "key"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """To the core's JSON object."""
        return _prune(
            {"decision": self.decision, "status": self.status, "key": self.key, "ship": self.ship, "reason": self.reason}
        )
