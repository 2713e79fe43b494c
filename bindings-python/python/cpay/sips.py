"""Worldline Sips 2.0 (Paypage POST): sealed forms and verified responses.

``config`` is a mapping ``{"merchant_id", "key_version", "secret_key", "environment", "seal_algorithm"?, …}``;
``payment`` and ``expected`` have the shapes of the ``sips.*`` operations (docs/sips.md). :func:`seal` is a
native function (no JSON in between).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Union

from cpay import _cpay
from cpay._facade import invoke
from cpay._text import body_text
from cpay.types import Outcome, PaymentForm

__all__ = ["seal", "data", "decode", "form", "response"]


def seal(data: str, key: str, algo: str = "hmac-sha256") -> str:
    """The lowercase hex Seal of the ``Data`` text exactly as posted (the base64 text with ``Encode=base64``).

    ``algo`` is ``"hmac-sha256"`` or ``"sha256"`` (SHA-256 of Data + key, for older accounts).
    """
    return _cpay.sips_seal(data, key, algo)


def data(fields: Mapping[str, Any]) -> str:
    """The ``Data`` text (``key=value|…``) of nested ``fields`` (objects become ``a.b``, lists ``x,y``)."""
    return str(invoke("sips.data", fields=fields)["data"])


def decode(data: str, encode: Optional[str] = None) -> Dict[str, str]:
    """The fields of a ``Data`` text (``encode="base64"`` when so posted). Unverified: for diagnosis only."""
    fields: Dict[str, str] = invoke("sips.decode", data=data, encode=encode)["fields"]
    return fields


def form(
    config: Mapping[str, Any],
    payment: Mapping[str, Any],
    *,
    auto_submit: bool = False,
    submit_label: Optional[str] = None,
) -> PaymentForm:
    """The sealed Paypage form (``Data``, ``Seal``, ``InterfaceVersion``, …) for ``payment``."""
    out = invoke("sips.form", config=config, payment=payment, auto_submit=auto_submit, submit_label=submit_label)
    return PaymentForm.from_dict(out)


def response(
    config: Mapping[str, Any],
    *,
    body: Union[str, bytes, None] = None,
    fields: Optional[Mapping[str, str]] = None,
    expected: Optional[Mapping[str, Any]] = None,
    server_to_server: bool = False,
) -> Outcome:
    """Verify a manual (browser) or automatic response, then classify it.

    Give the raw url-encoded ``body`` or the already decoded ``fields`` (``Data``, ``Seal``, …), not both.
    """
    return Outcome.from_dict(
        invoke(
            "sips.response",
            config=config,
            body=body_text(body),
            fields=fields,
            expected=expected,
            server_to_server=server_to_server,
        )
    )
