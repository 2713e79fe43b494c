"""The generic bridge every gateway module uses: native Python values → JSON → core operation → dict.

A gateway facade module is a handful of functions, each one line over :func:`invoke` plus a conversion of
the result into a dataclass from :mod:`cpay.types`, e.g.::

    def mac(message: str, key: str) -> str:
        return str(invoke("computop.mac", message=message, key=key)["mac"])
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any, Dict, List, Mapping, Union

from cpay import _cpay
from cpay.errors import InvalidValue

__all__ = ["call", "instant", "invoke", "operations"]


def _jsonable(value: object) -> object:
    """``json.dumps`` fallback: cpay dataclasses and any ``Mapping`` become objects, other sequences arrays.

    A ``datetime`` becomes RFC 3339 and a ``date`` ``YYYY-MM-DD``, the core's two time formats. A naive
    ``datetime`` (no ``tzinfo``) is left without an offset, which the core refuses, naming the field: cpay
    does not guess a time zone.
    """
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON-serializable")


# One encoder for every call: ``json.dumps`` with options builds a new one each time (a fifth of the
# encoding time of a notification's input).
_ENCODER = json.JSONEncoder(default=_jsonable, allow_nan=False, ensure_ascii=False)


def _dumps(op: str, value: Mapping[str, Any]) -> str:
    try:
        return _ENCODER.encode(value)
    except (TypeError, ValueError) as exc:
        raise InvalidValue(f"the input of {op} cannot be written as JSON: {exc}", field="input") from None


def call(op: str, input: Mapping[str, Any]) -> Dict[str, Any]:  # noqa: A002 - the public name of the argument
    """Run any core operation (``"lyra.form"``, ``"computop.encrypt"``, …) on a dict and return its dict.

    The shapes are those of the JSON operations (see ``cpay.operations()`` and the golden vectors); a failure
    raises the :class:`cpay.CpayError` subclass for its code.
    """
    if not isinstance(input, Mapping):
        raise InvalidValue(f"the input of {op} must be a mapping (a JSON object)", field="input")
    output: Dict[str, Any] = json.loads(_cpay.call(op, _dumps(op, input)))
    return output


def invoke(op: str, **fields: Any) -> Dict[str, Any]:
    """:func:`call` with keyword arguments; ``None`` means "not given" and is left out of the input."""
    return call(op, {k: v for k, v in fields.items() if v is not None})


def instant(value: Union[datetime.datetime, str, None], field: str) -> Union[datetime.datetime, str, None]:
    """``value`` for an RFC 3339 input named ``field``; a naive ``datetime`` is refused here, naming ``field``.

    cpay does not guess a time zone, and the core's own message for a missing offset cannot name the field.
    """
    if isinstance(value, datetime.datetime) and value.utcoffset() is None:
        raise InvalidValue(f"{field} has no time zone (use an aware datetime, e.g. tzinfo=timezone.utc)", field=field)
    return value


def operations() -> List[str]:
    """Every operation name :func:`call` serves."""
    return list(_cpay.operations())
