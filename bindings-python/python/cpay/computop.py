"""Computop Paygate (and Axepta): Cetelem 3x/4x FullCB forms, notifications and refunds.

``config`` is a mapping ``{"merchant_id", "blowfish_key", "mac_key", "host", "min_amount"?, "max_amount"?}``;
``payment``, ``refund`` and ``expected`` have the shapes of the ``computop.*`` operations (docs/computop.md).
The primitives :func:`encrypt`, :func:`decrypt` and :func:`mac` are native functions (no JSON in between).

:class:`Cipher` is the Blowfish of :func:`encrypt`/:func:`decrypt` keyed once: ``Cipher(key).encrypt(plaintext)``
gives the same ``(Data, Len)`` without re-running the key schedule (521 block encryptions, more than enciphering a
whole request) on each call. Keep one per password in a long-lived process (a worker, a notification consumer).
It holds key-derived material in memory until it is garbage-collected (wiped then); it cannot be pickled or
copied, and its ``repr`` shows nothing of the key.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Tuple, Union

from cpay import _cpay
from cpay._cpay import ComputopCipher as Cipher
from cpay._facade import invoke
from cpay._text import body_text
from cpay.types import ComputopForm, HttpRequest, HttpResponse, Outcome

__all__ = ["Cipher", "encrypt", "decrypt", "mac", "form", "notification", "refund", "refund_answer"]


def encrypt(plaintext: str, key: str) -> Tuple[str, int]:
    """``(Data, Len)``: Blowfish ECB of the UTF-8 ``plaintext`` (zero padding, lowercase hex), ``Len`` in bytes.

    The raw primitive over exactly the text given; ``key`` is the Blowfish password (1-72 bytes). To build a
    payment use :func:`form`, which checks every field first.
    """
    return _cpay.computop_encrypt(plaintext, key)


def decrypt(data: str, length: int, key: str) -> str:
    """The plaintext of hex ``data`` (either case), cut at ``length`` bytes whatever the padding.

    Read as UTF-8 when valid, otherwise ISO-8859-1. ``length`` must fall within the last 8-byte block.
    """
    return _cpay.computop_decrypt(data, length, key)


def mac(message: str, key: str) -> str:
    """The uppercase hex HMAC-SHA-256 of ``message`` under the HMAC password ``key``."""
    return _cpay.computop_mac(message, key)


def form(
    config: Mapping[str, Any],
    payment: Mapping[str, Any],
    *,
    auto_submit: bool = False,
    submit_label: Optional[str] = None,
) -> ComputopForm:
    """The encrypted FullCB payment form for ``payment``; every field is checked against its format first."""
    out = invoke("computop.form", config=config, payment=payment, auto_submit=auto_submit, submit_label=submit_label)
    return ComputopForm.from_dict(out)


def notification(
    config: Mapping[str, Any],
    *,
    body: Union[str, bytes],
    expected: Optional[Mapping[str, Any]] = None,
    server_to_server: bool = False,
) -> Outcome:
    """Decrypt and verify a notify (``server_to_server=True``) or a browser return, then classify it.

    ``body`` is the raw POST body or GET query string. ``expected`` (``{"trans_id", "pay_id"}``, each
    optional) is checked when given; without it, look the order up by ``outcome.transaction_id``.
    """
    return Outcome.from_dict(
        invoke(
            "computop.notification",
            config=config,
            body=body_text(body),
            expected=expected,
            server_to_server=server_to_server,
        )
    )


def refund(config: Mapping[str, Any], refund: Mapping[str, Any]) -> HttpRequest:
    """The ``credit.aspx`` call refunding ``refund["amount"]`` (at most ``captured - credited``)."""
    return HttpRequest.from_dict(invoke("computop.refund", config=config, refund=refund))


def refund_answer(
    config: Mapping[str, Any],
    response: Union[HttpResponse, Mapping[str, Any]],
    *,
    expected: Optional[Mapping[str, Any]] = None,
) -> Outcome:
    """Verify Paygate's answer to :func:`refund`; a refused credit raises :class:`cpay.GatewayError`."""
    return Outcome.from_dict(invoke("computop.refund_answer", config=config, response=response, expected=expected))
