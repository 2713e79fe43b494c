"""Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB): forms, IPN, REST.

``config`` is a mapping ``{"platform", "site_id", "mode", "test_key"?, "production_key"?, "algorithm"?,
"rest_password"?}``; ``payment`` and ``refund`` are mappings in the shapes of the ``lyra.form`` and
``lyra.refund`` operations (see docs/python.md). Keys are plain strings; cpay never echoes them.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Union

from cpay import _cpay
from cpay._facade import invoke
from cpay.errors import CpayError, InternalError, Malformed
from cpay.types import HttpRequest, HttpResponse, Notification, Outcome, PaymentForm, ShopReply

__all__ = [
    "sign",
    "verify",
    "form",
    "notification",
    "rejected_reply",
    "kr_answer",
    "refund",
    "cancel",
    "validate",
    "get",
    "rest_answer",
    "trans_id",
]


def sign(fields: Mapping[str, str], key: str, algo: str = "hmac-sha256") -> str:
    """The signature of the ``vads_*`` fields (other fields ignored): base64 HMAC-SHA-256, or hex SHA-1.

    The raw primitive, for diagnosis and interop: no format or shop check (use :func:`form` to build a
    payment). ``algo`` is ``"hmac-sha256"`` or ``"sha1"``.
    """
    return _cpay.lyra_sign(fields, key, algo)


def verify(fields: Mapping[str, str], key: str, algo: str = "hmac-sha256") -> bool:
    """Whether ``fields["signature"]`` matches the ``vads_*`` fields (compared in constant time).

    The raw primitive: it checks the signature only. To accept a notification use :func:`notification`,
    which also checks the shop, the mode and the order. Raises :class:`cpay.SignatureMissing` when there is
    no ``signature`` field.
    """
    return _cpay.lyra_verify(fields, key, algo)


def form(
    config: Mapping[str, Any],
    payment: Mapping[str, Any],
    *,
    auto_submit: bool = False,
    submit_label: Optional[str] = None,
) -> PaymentForm:
    """Build the signed payment form for ``payment``; every field is checked against its format first.

    ``html`` on the result is the escaped form (auto-submitting with a ``<noscript>`` button when asked).
    """
    out = invoke("lyra.form", config=config, payment=payment, auto_submit=auto_submit, submit_label=submit_label)
    return PaymentForm.from_dict(out)


def notification(
    config: Mapping[str, Any],
    *,
    body: Union[str, bytes, None] = None,
    fields: Optional[Mapping[str, str]] = None,
    expected: Optional[Mapping[str, Any]] = None,
) -> Notification:
    """Verify an IPN or a browser return, then classify it.

    Give the raw url-encoded ``body`` (``request.get_data()`` in Flask, ``await request.body()`` in
    FastAPI) or the already decoded ``fields``. ``expected`` (``{"order_id", "trans_id", "amount"}``, each
    optional) is checked when given. On success answer the platform with ``result.reply``; on a
    :class:`cpay.CpayError` answer with :func:`rejected_reply`.
    """
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed("the notification body is not UTF-8", field="body") from None
    return Notification.from_dict(invoke("lyra.notification", config=config, body=body, fields=fields, expected=expected))


def rejected_reply(error: CpayError) -> ShopReply:
    """The reply the core gives the platform for a notification that failed with ``error``.

    An :class:`cpay.InternalError` (a bug in cpay, not a fault of the notification) gets ``500`` instead, so
    that the platform retries later rather than recording the payment notification as refused by the shop.
    """
    if isinstance(error, InternalError):
        return ShopReply(status=500, body="KO internal error")
    status, body = _cpay.lyra_rejected_reply(error.code, error.message, error.field, error.gateway_code)
    return ShopReply(status=status, body=body)


def kr_answer(body: str, *, hmac_key: Optional[str] = None, password: Optional[str] = None) -> Outcome:
    """Verify a JavaScript-client answer (``kr-answer`` + ``kr-hash``) with the HMAC key or the REST password."""
    return Outcome.from_dict(invoke("lyra.kr_answer", body=body, hmac_key=hmac_key, password=password))


def refund(config: Mapping[str, Any], refund: Mapping[str, Any]) -> HttpRequest:
    """The REST call that refunds a payment (send it with your HTTP client; read the answer with :func:`rest_answer`)."""
    return HttpRequest.from_dict(invoke("lyra.refund", config=config, refund=refund))


def cancel(config: Mapping[str, Any], uuid: str, comment: Optional[str] = None) -> HttpRequest:
    """The REST call that cancels a payment not yet captured."""
    return HttpRequest.from_dict(invoke("lyra.cancel", config=config, uuid=uuid, comment=comment))


def validate(config: Mapping[str, Any], uuid: str, comment: Optional[str] = None) -> HttpRequest:
    """The REST call that validates a payment made in manual validation mode."""
    return HttpRequest.from_dict(invoke("lyra.validate", config=config, uuid=uuid, comment=comment))


def get(config: Mapping[str, Any], uuid: str) -> HttpRequest:
    """The REST call that reads a transaction."""
    return HttpRequest.from_dict(invoke("lyra.get", config=config, uuid=uuid))


def rest_answer(response: Union[HttpResponse, Mapping[str, Any]]) -> Dict[str, Any]:
    """The ``answer`` object of a REST response, or the :class:`cpay.GatewayError` it carries."""
    answer: Dict[str, Any] = invoke("lyra.rest_answer", response=response)["answer"]
    return answer


def trans_id(counter: int) -> str:
    """The 6-character ``vads_trans_id`` for a per-day counter value."""
    return str(invoke("lyra.trans_id", counter=counter)["trans_id"])
