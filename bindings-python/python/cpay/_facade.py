"""The glue under the generated modules: native values → JSON → the core's operation → dict, and raw bodies.

Each generated function is ``Type.from_dict(invoke("<gateway>.<verb>", {...}))``; this module holds what is
truly per-language: JSON encoding of Python values, and reading a request body as frameworks hand it over.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any, Dict, List, Mapping, Optional, Union

from cpay import _cpay
from cpay.errors import MalformedError, InvalidValueError

__all__ = ["Body", "RawBody", "call", "invoke", "operations", "text"]

#: A raw request body as a framework gives it (``request.get_data()``, ``await request.body()``) or as text.
RawBody = Union[str, bytes, bytearray, memoryview]
Body = Optional[RawBody]


def _jsonable(value: object) -> object:
    """``json.dumps`` fallback: cpay dataclasses and any ``Mapping`` become objects, other sequences arrays.

    A ``datetime`` becomes RFC 3339 and a ``date`` ``YYYY-MM-DD``, the core's two time formats (a naive
    ``datetime`` has no offset, which the core refuses: cpay does not guess a time zone).
    """
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A result given back (an `Outcome` to `plan.order_state`): absent options are left out, as the core does.
        return {f.name: v for f in dataclasses.fields(value) if (v := getattr(value, f.name)) is not None}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON-serializable")


# One encoder for every call: ``json.dumps`` with options builds a new one each time.
_ENCODER = json.JSONEncoder(default=_jsonable, allow_nan=False, ensure_ascii=False)


def call(op: str, input: Mapping[str, Any]) -> Dict[str, Any]:  # noqa: A002 - the public name of the argument
    """Run any core operation (``"lyra.form"``, ``"computop.encrypt"``, …) on a dict and return its dict.

    The shapes are those of the JSON operations (``cpay.operations()``, ``schema/cpay.schema.json``); a
    failure raises the :class:`cpay.CpayError` subclass for its code.
    """
    try:
        encoded = _ENCODER.encode(input)
    except (TypeError, ValueError) as exc:
        raise InvalidValueError(f"the input of {op} cannot be written as JSON: {exc}", field="input") from None
    output: Dict[str, Any] = json.loads(_cpay.call(op, encoded))
    return output


def invoke(op: str, fields: Dict[str, Any]) -> Dict[str, Any]:
    """:func:`call` for the generated functions: ``None`` means "not given" and is left out of the input."""
    return call(op, {k: v for k, v in fields.items() if v is not None})


def text(body: Body, field: str = "body") -> Optional[str]:
    """``body`` as ``str``: bytes must be UTF-8 (url-encoded bodies are ASCII), else :class:`cpay.MalformedError`."""
    if body is None or isinstance(body, str):
        return body
    try:
        return bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedError(f"the {field} is not UTF-8", field=field) from None


def operations() -> List[str]:
    """Every operation name :func:`call` serves."""
    return list(_cpay.operations())
