"""Every golden vector of every gateway through `cpay.call`, and through the generated facade function."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, Callable, Dict, List, Tuple

import pytest
from conftest import subset, vector_cases

import cpay

CASES = list(vector_cases())


def facade(op: str) -> Callable[..., Any]:
    gateway, verb = op.split(".")
    function: Callable[..., Any] = getattr(getattr(cpay, gateway), verb)
    return function


def plain(value: Any) -> Any:
    """A facade result back as the core's JSON values (dataclasses → dicts, `None` fields left out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def through_facade(case: Dict[str, Any]) -> Dict[str, Any]:
    result = facade(case["op"])(**case["input"])
    if dataclasses.is_dataclass(result):
        out: Dict[str, Any] = plain(result)
        return out
    (key,) = case["output"].keys()  # an output of one property comes back unwrapped
    return {key: plain(result)}


def check(case: Dict[str, Any], run: Callable[[Dict[str, Any]], Dict[str, Any]]) -> None:
    if "output" in case:
        actual = run(case)
        assert subset(case["output"], actual), f"got {actual}"
    else:
        with pytest.raises(cpay.CpayError) as caught:
            run(case)
        error = caught.value
        assert subset(case["error"], error.to_dict()), f"got {error.to_dict()}"
        # The class follows the code, so `except cpay.SignatureMismatchError` catches exactly these.
        assert type(error) is cpay.ERRORS[error.code]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_vector_through_call(case: Dict[str, Any]) -> None:
    check(case, lambda c: cpay.call(c["op"], c["input"]))


def python_refuses(case: Dict[str, Any]) -> bool:
    """An input Python itself refuses with a `TypeError` (an unknown keyword, a missing argument)."""
    try:
        inspect.signature(facade(case["op"])).bind(**case["input"])
    except TypeError:
        return True
    return False


FACADE_CASES: List[Tuple[str, Dict[str, Any]]] = [(i, c) for i, c in CASES if not python_refuses(c)]
REFUSED = [(i, c) for i, c in CASES if python_refuses(c)]


@pytest.mark.parametrize("case", [c for _, c in FACADE_CASES], ids=[i for i, _ in FACADE_CASES])
def test_vector_through_the_generated_function(case: Dict[str, Any]) -> None:
    check(case, through_facade)


@pytest.mark.parametrize("case", [c for _, c in REFUSED], ids=[i for i, _ in REFUSED])
def test_vectors_python_refuses_are_errors_about_that_argument(case: Dict[str, Any]) -> None:
    # Only error vectors about an unknown or missing argument: the core names the same field.
    assert case["error"]["code"] in ("invalid_value", "missing_field")
    field = case["error"].get("field")
    parameters = inspect.signature(facade(case["op"])).parameters
    assert field is None or field not in case["input"] or field not in parameters


def test_most_vectors_run_through_the_facade() -> None:
    assert len(CASES) >= 500
    assert len(REFUSED) * 20 < len(CASES), [i for i, _ in REFUSED]


def test_the_facade_covers_every_operation() -> None:
    for op in cpay.operations():
        assert callable(facade(op)), f"no cpay.{op}"
    assert {c["op"] for _, c in CASES} <= set(cpay.operations())
