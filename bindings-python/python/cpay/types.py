"""The values cpay returns, as frozen dataclasses with the core's field names (snake_case, as in JSON).

Each has ``from_dict`` (from the JSON object of ``cpay.call``; unknown keys are ignored so that a newer core
adding a field does not break an older facade) and ``to_dict`` (back to that JSON shape). Amounts are integer
minor units (``2990`` is 29.90 EUR), never floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Literal, Mapping, Optional

__all__ = [
    "Status",
    "ThreeDSecure",
    "Outcome",
    "ShopReply",
    "Notification",
    "PaymentForm",
    "HttpRequest",
    "HttpResponse",
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
