"""cpay: accept Cetelem payments (the Cpay card, Cetelem 3x/4x) through French payment gateways.

One submodule per gateway (``cpay.lyra``, …) with typed functions; :func:`call` runs any core operation
on a dict, so every operation is reachable even before it has a typed helper. Errors are
:class:`CpayError` subclasses with a stable ``code``; results are the dataclasses of :mod:`cpay.types`.
"""

from cpay import lyra
from cpay._cpay import __version__
from cpay._facade import call, operations
from cpay.errors import (
    ERRORS,
    CpayError,
    GatewayError,
    Inconsistent,
    InternalError,
    InvalidFormat,
    InvalidInput,
    InvalidKey,
    InvalidValue,
    Malformed,
    MissingField,
    NotAllowed,
    NotEligible,
    RefundNotAllowed,
    SignatureMismatch,
    SignatureMissing,
    TooLarge,
    UnexpectedResponse,
    UnsupportedAlgorithm,
    VerificationError,
    WrongMode,
    WrongOrder,
    WrongShop,
)
from cpay.types import HttpRequest, HttpResponse, Notification, Outcome, PaymentForm, ShopReply, Status, ThreeDSecure

__all__ = [
    "__version__",
    "call",
    "operations",
    "lyra",
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
    "Outcome",
    "Notification",
    "PaymentForm",
    "HttpRequest",
    "HttpResponse",
    "ShopReply",
    "Status",
    "ThreeDSecure",
]
