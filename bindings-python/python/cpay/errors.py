"""The exceptions cpay raises: one class per stable error code, grouped by what the caller should do.

Every exception is a :class:`CpayError` with

- ``code``: the stable name (``"signature_mismatch"``), the same in every language cpay speaks;
- ``number``: the stable number (7100…, the C ``cpay_status``);
- ``field``: the gateway's own field name concerned (``"vads_cust_zip"``), or ``None``;
- ``message``: a sentence naming the rule broken (never a secret);
- ``gateway_code``: the code the gateway itself would report for this problem, or ``None``.

Groups: :class:`InvalidInput` (also a :class:`ValueError`: fix the request), :class:`VerificationError` (the
message may be forged or misrouted: do not trust it), :class:`GatewayError` (the gateway said no or answered
off-protocol), :class:`RefundNotAllowed`, :class:`NotEligible`, and :class:`InternalError` (a bug in cpay).
"""

from __future__ import annotations

from typing import ClassVar, Dict, Optional, Type

__all__ = [
    "CpayError",
    "InvalidInput",
    "Malformed",
    "TooLarge",
    "MissingField",
    "InvalidFormat",
    "InvalidValue",
    "NotAllowed",
    "Inconsistent",
    "UnsupportedAlgorithm",
    "InvalidKey",
    "VerificationError",
    "SignatureMissing",
    "SignatureMismatch",
    "WrongShop",
    "WrongMode",
    "WrongOrder",
    "GatewayError",
    "UnexpectedResponse",
    "RefundNotAllowed",
    "NotEligible",
    "InternalError",
    "ERRORS",
]


class CpayError(Exception):
    """Any error cpay reports. ``str(err)`` is ``"<code>: <message> (<field>)"``, as in Rust."""

    CODE: ClassVar[str] = "internal"
    NUMBER: ClassVar[int] = 7902

    code: str
    number: int
    field: Optional[str]
    message: str
    gateway_code: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        field: Optional[str] = None,
        gateway_code: Optional[str] = None,
        code: Optional[str] = None,
        number: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.gateway_code = gateway_code
        self.code = code if code is not None else self.CODE
        self.number = number if number is not None else self.NUMBER

    def __str__(self) -> str:
        # Same shape as the core's Display, so logs read the same in every language.
        if self.field is not None and self.field not in self.message:
            return f"{self.code}: {self.message} ({self.field})"
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"

    def to_dict(self) -> Dict[str, object]:
        """The error as the JSON object the core and the golden vectors use."""
        out: Dict[str, object] = {"code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        if self.gateway_code is not None:
            out["gateway_code"] = self.gateway_code
        return out


class InvalidInput(CpayError, ValueError):
    """The request is wrong: fix the input (the field and the rule are named)."""

    CODE = "invalid_value"
    NUMBER = 7104


class Malformed(InvalidInput):
    """The input could not be parsed at all (JSON, url-encoding, XML, hex, UTF-8)."""

    CODE = "malformed"
    NUMBER = 7100


class TooLarge(InvalidInput):
    """The input is larger than any genuine gateway message."""

    CODE = "too_large"
    NUMBER = 7101


class MissingField(InvalidInput):
    """A mandatory field is absent or empty."""

    CODE = "missing_field"
    NUMBER = 7102


class InvalidFormat(InvalidInput):
    """A value breaks the field's format (character class or length)."""

    CODE = "invalid_format"
    NUMBER = 7103


class InvalidValue(InvalidInput):
    """A value is well-formed but not one the field accepts (enum, range, date)."""

    CODE = "invalid_value"
    NUMBER = 7104


class NotAllowed(InvalidInput):
    """The payment method does not allow this option (e.g. MULTI with Cpay)."""

    CODE = "not_allowed"
    NUMBER = 7105


class Inconsistent(InvalidInput):
    """Two fields disagree (cart total vs amount, instalments vs total)."""

    CODE = "inconsistent"
    NUMBER = 7106


class UnsupportedAlgorithm(InvalidInput):
    """The algorithm name is not one the gateway supports."""

    CODE = "unsupported_algorithm"
    NUMBER = 7107


class InvalidKey(InvalidInput):
    """A key is empty or otherwise unusable."""

    CODE = "invalid_key"
    NUMBER = 7108


class VerificationError(CpayError):
    """The message may be forged or misrouted: do not act on it."""

    CODE = "signature_mismatch"
    NUMBER = 7201


class SignatureMissing(VerificationError):
    """The message carries no signature / MAC / seal."""

    CODE = "signature_missing"
    NUMBER = 7200


class SignatureMismatch(VerificationError):
    """The signature / MAC / seal does not match the message."""

    CODE = "signature_mismatch"
    NUMBER = 7201


class WrongShop(VerificationError):
    """The message is for another shop (site id, merchant id, PSPID)."""

    CODE = "wrong_shop"
    NUMBER = 7202


class WrongMode(VerificationError):
    """The message is for another mode (TEST vs PRODUCTION)."""

    CODE = "wrong_mode"
    NUMBER = 7203


class WrongOrder(VerificationError):
    """The message is for another order or transaction."""

    CODE = "wrong_order"
    NUMBER = 7204


class GatewayError(CpayError):
    """The gateway answered with an error of its own (see ``gateway_code``)."""

    CODE = "gateway_error"
    NUMBER = 7300


class UnexpectedResponse(GatewayError):
    """The gateway's answer is not what the protocol says (HTTP status, content type, HTML page)."""

    CODE = "unexpected_response"
    NUMBER = 7301


class RefundNotAllowed(CpayError):
    """A refund is not allowed (rule, window or amount)."""

    CODE = "refund_not_allowed"
    NUMBER = 7400


class NotEligible(CpayError):
    """The basket or plan is not eligible for the payment method."""

    CODE = "not_eligible"
    NUMBER = 7401


class InternalError(CpayError):
    """cpay itself failed (a bug, e.g. a Rust panic caught at the boundary); please report it."""

    CODE = "internal"
    NUMBER = 7902


#: Stable code name → exception class.
ERRORS: Dict[str, Type[CpayError]] = {
    cls.CODE: cls
    for cls in (
        Malformed,
        TooLarge,
        MissingField,
        InvalidFormat,
        InvalidValue,
        NotAllowed,
        Inconsistent,
        UnsupportedAlgorithm,
        InvalidKey,
        SignatureMissing,
        SignatureMismatch,
        WrongShop,
        WrongMode,
        WrongOrder,
        GatewayError,
        UnexpectedResponse,
        RefundNotAllowed,
        NotEligible,
        InternalError,
    )
}


def _from_native(
    code: str, number: int, field: Optional[str], message: str, gateway_code: Optional[str]
) -> CpayError:
    """Build the exception for a core error (called by the native module). Unknown codes keep the base class."""
    cls = ERRORS.get(code, CpayError)
    return cls(message, field=field, gateway_code=gateway_code, code=code, number=number)
