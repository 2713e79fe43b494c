"""Every golden vector of every gateway through `cpay.call`, and the Lyra ones through the typed facade too."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest
from conftest import subset, vector_cases

import cpay

CASES = list(vector_cases())


def run_call(case: Dict[str, Any]) -> Dict[str, Any]:
    return cpay.call(case["op"], case["input"])


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_vector_through_call(case: Dict[str, Any]) -> None:
    check(case, run_call)


# The typed facade functions, fed the same inputs; their dataclasses go back to dicts for the comparison.
TYPED: Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]] = {
    "lyra.sign": lambda i: {"signature": cpay.lyra.sign(i["fields"], i["key"], i.get("algo", "hmac-sha256"))},
    "lyra.verify": lambda i: {"valid": cpay.lyra.verify(i["fields"], i["key"], i.get("algo", "hmac-sha256"))},
    "lyra.form": lambda i: {
        "form": cpay.lyra.form(
            i["config"], i["payment"], auto_submit=i.get("auto_submit", False), submit_label=i.get("submit_label")
        ).to_dict()
    },
    "lyra.notification": lambda i: cpay.lyra.notification(
        i["config"], body=i.get("body"), fields=i.get("fields"), expected=i.get("expected")
    ).to_dict(),
    "lyra.kr_answer": lambda i: cpay.lyra.kr_answer(
        i["body"], hmac_key=i.get("hmac_key"), password=i.get("password")
    ).to_dict(),
    "lyra.refund": lambda i: cpay.lyra.refund(i["config"], i["refund"]).to_dict(),
    "lyra.rest_answer": lambda i: {"answer": cpay.lyra.rest_answer(cpay.HttpResponse.from_dict(i["response"]))},
    "lyra.trans_id": lambda i: {"trans_id": cpay.lyra.trans_id(i["counter"])},
}
TYPED_CASES = [(i, c) for i, c in CASES if c["op"] in TYPED]


@pytest.mark.parametrize("case", [c for _, c in TYPED_CASES], ids=[i for i, _ in TYPED_CASES])
def test_vector_through_typed_facade(case: Dict[str, Any]) -> None:
    check(case, lambda c: TYPED[c["op"]](c["input"]))


def check(case: Dict[str, Any], run: Callable[[Dict[str, Any]], Dict[str, Any]]) -> None:
    if "output" in case:
        actual = run(case)
        assert subset(case["output"], actual), f"got {actual}"
    else:
        with pytest.raises(cpay.CpayError) as caught:
            run(case)
        error = caught.value
        assert subset(case["error"], error.to_dict()), f"got {error.to_dict()}"
        # The class follows the code, so `except cpay.SignatureMismatch` catches exactly these.
        assert type(error) is cpay.ERRORS[error.code]


def test_every_vector_file_is_seen() -> None:
    assert len(CASES) >= 71
    assert {c["op"].split(".")[0] for _, c in CASES} <= {op.split(".")[0] for op in cpay.operations()}
