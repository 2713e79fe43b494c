"""The error boundary: classes per code, numbers from the core, panics, inputs that are not JSON."""

from __future__ import annotations

import math

import pytest

import cpay
from cpay import _cpay


def test_every_core_code_has_its_own_class_with_the_core_number() -> None:
    for name, number in _cpay.error_codes():
        cls = cpay.ERRORS.get(name)
        assert cls is not None, f"no exception class for core code {name}"
        assert (cls.CODE, cls.NUMBER) == (name, number)
    assert cpay.InternalError.NUMBER == _cpay.INTERNAL_ERROR_NUMBER
    assert len(set(cpay.ERRORS.values())) == len(cpay.ERRORS)


def test_hierarchy() -> None:
    for cls in (cpay.SignatureMissing, cpay.SignatureMismatch, cpay.WrongShop, cpay.WrongMode, cpay.WrongOrder):
        assert issubclass(cls, cpay.VerificationError) and not issubclass(cls, ValueError)
    for cls in (cpay.Malformed, cpay.MissingField, cpay.InvalidFormat, cpay.NotAllowed, cpay.InvalidKey):
        assert issubclass(cls, cpay.InvalidInput) and issubclass(cls, ValueError)
    assert issubclass(cpay.UnexpectedResponse, cpay.GatewayError)
    for cls in cpay.ERRORS.values():
        assert issubclass(cls, cpay.CpayError) and issubclass(cls, Exception)


def test_a_rust_panic_is_an_internal_error_not_a_panic_exception() -> None:
    with pytest.raises(cpay.InternalError) as caught:
        _cpay._panic_for_tests()
    assert caught.value.code == "internal" and caught.value.number == 7902
    # pyo3's PanicException derives from BaseException; make sure that is not what escaped.
    assert type(caught.value).__mro__[1:3] == (cpay.CpayError, Exception)


def test_unknown_operation() -> None:
    with pytest.raises(cpay.InvalidValue) as caught:
        cpay.call("nope.sign", {})
    assert caught.value.field == "operation" and "lyra.sign" in caught.value.message


def test_missing_and_unknown_fields_are_named() -> None:
    with pytest.raises(cpay.MissingField) as missing:
        cpay.call("lyra.sign", {"key": "k"})
    assert missing.value.field == "fields"
    with pytest.raises(cpay.InvalidValue) as typo:
        cpay.call("lyra.sign", {"fields": {}, "key": "k", "algorithm": "sha1"})
    assert typo.value.field == "algorithm"


def test_inputs_that_are_not_json() -> None:
    with pytest.raises(cpay.InvalidValue) as nan:
        cpay.call("lyra.trans_id", {"counter": math.nan})
    assert nan.value.field == "input"
    with pytest.raises(cpay.InvalidValue):
        cpay.call("lyra.trans_id", {"counter": object()})
    with pytest.raises(cpay.InvalidValue):
        cpay.call("lyra.trans_id", [("counter", 1)])  # type: ignore[arg-type]
    with pytest.raises(cpay.InvalidValue):
        cpay.call("lyra.trans_id", {"counter": -1})
    with pytest.raises(cpay.InvalidValue):
        cpay.call("lyra.trans_id", {"counter": 2**70})


def test_too_large_input() -> None:
    with pytest.raises(cpay.TooLarge):
        cpay.call("lyra.notification", {"config": {}, "body": "a" * (5 * 1024 * 1024)})


def test_errors_can_be_raised_and_printed_by_shops() -> None:
    error = cpay.WrongShop("the notification is for site 1", field="vads_site_id")
    assert (error.code, error.number) == ("wrong_shop", 7202)
    assert str(error) == "wrong_shop: the notification is for site 1 (vads_site_id)"
    assert error.to_dict() == {"code": "wrong_shop", "message": "the notification is for site 1", "field": "vads_site_id"}


def test_operations_and_version() -> None:
    assert "lyra.notification" in cpay.operations()
    assert cpay.__version__.count(".") == 2
