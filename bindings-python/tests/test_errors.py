"""The error boundary: one class per row of the core's error table, panics, inputs that are not JSON."""

from __future__ import annotations

import json
import math
import pathlib

import pytest

import cpay
from cpay import _cpay

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[2] / "schema" / "cpay.schema.json").read_text("utf-8"))


def test_every_core_code_has_its_own_class_with_the_core_number_and_flag() -> None:
    table = {e["name"]: e for e in SCHEMA["errors"]}
    assert set(table) == {name for name, _ in _cpay.error_codes()} == set(cpay.ERRORS)
    for name, number in _cpay.error_codes():
        cls = cpay.ERRORS[name]
        assert issubclass(cls, cpay.CpayError)
        assert (cls.CODE, cls.NUMBER) == (name, number)
        assert cls("m").is_verification_failure is table[name]["verification_failure"]
    assert len(set(cpay.ERRORS.values())) == len(cpay.ERRORS)
    assert cpay.InternalError.NUMBER == 7902
    assert {c.CODE for c in cpay.ERRORS.values() if c.VERIFICATION_FAILURE} == {
        "signature_missing", "signature_mismatch", "wrong_shop", "wrong_mode", "wrong_order"}


def test_a_rust_panic_is_the_core_internal_error_not_a_panic_exception() -> None:
    with pytest.raises(cpay.InternalError) as caught:
        _cpay._panic_for_tests()
    assert caught.value.code == "internal" and caught.value.number == 7902
    # pyo3's PanicException derives from BaseException; make sure that is not what escaped.
    assert type(caught.value).__mro__[1:3] == (cpay.CpayError, Exception)


def test_unknown_operation() -> None:
    with pytest.raises(cpay.InvalidValueError) as caught:
        cpay.call("nope.sign", {})
    assert caught.value.field == "operation" and caught.value.number == 7104


def test_missing_and_unknown_fields_are_named() -> None:
    with pytest.raises(cpay.MissingFieldError) as missing:
        cpay.call("lyra.sign", {"key": "k"})
    assert (missing.value.field, missing.value.number) == ("fields", 7102)
    with pytest.raises(cpay.InvalidValueError) as typo:
        cpay.call("lyra.sign", {"fields": {}, "key": "k", "algorithm": "sha1"})
    assert typo.value.field == "algorithm"


def test_inputs_that_are_not_json() -> None:
    with pytest.raises(cpay.InvalidValueError) as nan:
        cpay.call("lyra.trans_id", {"counter": math.nan})
    assert nan.value.field == "input"
    with pytest.raises(cpay.InvalidValueError):
        cpay.call("lyra.trans_id", {"counter": object()})
    with pytest.raises(cpay.InvalidValueError):
        cpay.call("lyra.trans_id", [("counter", 1)])  # type: ignore[arg-type]
    with pytest.raises(cpay.InvalidValueError):
        cpay.call("lyra.trans_id", {"counter": -1})


def test_too_large_input() -> None:
    with pytest.raises(cpay.TooLargeError):
        cpay.call("lyra.notification", {"config": {}, "body": "a" * (5 * 1024 * 1024)})


def test_errors_can_be_raised_and_printed_by_shops() -> None:
    error = cpay.WrongShopError("the notification is for site 1", field="vads_site_id")
    assert (error.code, error.number, error.is_verification_failure) == ("wrong_shop", 7202, True)
    assert str(error) == "wrong_shop: the notification is for site 1 (vads_site_id)"
    assert error.to_dict() == {
        "code": "wrong_shop", "number": 7202, "message": "the notification is for site 1", "field": "vads_site_id"}
    assert error.reply is None


def test_operations_and_version() -> None:
    assert cpay.operations() == [op["name"] for op in SCHEMA["operations"]]
    assert cpay.__version__ == SCHEMA["version"]
