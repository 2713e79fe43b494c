"""Ogone e-Commerce (Ingenico / Worldline legacy, ePDQ, PostFinance): SHA-IN forms and SHA-OUT feedback.

``config`` is a mapping ``{"pspid", "environment", "algorithm", "sha_in_passphrase", "sha_out_passphrase",
"charset"?, "base_url"?, "legacy_sha_out"?}``; ``payment`` and ``expected`` have the shapes of the
``ogone.*`` operations (docs/ogone.md). :func:`sign` is a native function (no JSON in between).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from cpay import _cpay
from cpay._facade import invoke
from cpay._text import body_text
from cpay.types import Outcome, PaymentForm

__all__ = ["sign", "form", "response"]


def sign(
    params: Mapping[str, str],
    passphrase: str,
    algo: str = "sha512",
    direction: str = "in",
    charset: str = "utf-8",
) -> str:
    """SHASIGN (uppercase hex) of ``params``: the raw primitive, for diagnosis and interop.

    ``algo`` is ``"sha1"``, ``"sha256"`` or ``"sha512"`` (Ogone's recommendation, hence the default; it must
    be the one chosen in the back office). ``direction`` is ``"in"`` (a request), ``"out"`` (feedback) or
    ``"legacy_out"``; ``charset`` is ``"utf-8"`` or ``"iso-8859-1"`` (the ``orderstandard.asp`` page).
    Names are compared without case; parameters off the direction's list and empty values are not signed.
    """
    return _cpay.ogone_sign(params, passphrase, algo, direction, charset)


def form(
    config: Mapping[str, Any],
    payment: Mapping[str, Any],
    *,
    auto_submit: bool = False,
    submit_label: Optional[str] = None,
) -> PaymentForm:
    """The signed payment page form for ``payment``; every parameter is checked first."""
    out = invoke("ogone.form", config=config, payment=payment, auto_submit=auto_submit, submit_label=submit_label)
    return PaymentForm.from_dict(out)


def response(
    config: Mapping[str, Any],
    *,
    body: Union[str, bytes, None] = None,
    params: Optional[Mapping[str, str]] = None,
    expected: Optional[Mapping[str, Any]] = None,
    server_to_server: bool = False,
) -> Outcome:
    """Verify the feedback (browser redirection or direct HTTP request), then classify it.

    Give the raw url-encoded ``body`` (query string or POST body) or the already decoded ``params``, not
    both. ``expected`` (``{"order_id", "amount", "currency"}``) is checked when given.
    """
    return Outcome.from_dict(
        invoke(
            "ogone.response",
            config=config,
            body=body_text(body),
            params=params,
            expected=expected,
            server_to_server=server_to_server,
        )
    )
