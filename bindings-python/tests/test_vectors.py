"""Every golden vector of every gateway through `cpay.call`, and the Lyra ones through the typed facade too."""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

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
    "computop.encrypt": lambda i: dict(zip(("data", "len"), cpay.computop.encrypt(i["plaintext"], i["key"]))),
    "computop.decrypt": lambda i: {"plaintext": cpay.computop.decrypt(i["data"], i["len"], i["key"])},
    "computop.mac": lambda i: {"mac": cpay.computop.mac(i["message"], i["key"])},
    "computop.form": lambda i: computop_form(
        cpay.computop.form(
            i["config"], i["payment"], auto_submit=i.get("auto_submit", False), submit_label=i.get("submit_label")
        )
    ),
    "computop.notification": lambda i: cpay.computop.notification(i["config"], **rest(i, "config")).to_dict(),
    "computop.refund": lambda i: cpay.computop.refund(i["config"], i["refund"]).to_dict(),
    "computop.refund_answer": lambda i: cpay.computop.refund_answer(
        i["config"], cpay.HttpResponse.from_dict(i["response"]), expected=i.get("expected")
    ).to_dict(),
    "ogone.sign": lambda i: {"shasign": cpay.ogone.sign(i["params"], i["passphrase"], **rest(i, "params", "passphrase"))},
    "ogone.form": lambda i: {"form": cpay.ogone.form(i["config"], **rest(i, "config")).to_dict()},
    "ogone.response": lambda i: cpay.ogone.response(i["config"], **rest(i, "config")).to_dict(),
    "sips.seal": lambda i: {"seal": cpay.sips.seal(i["data"], i["key"], **rest(i, "data", "key"))},
    "sips.data": lambda i: {"data": cpay.sips.data(i["fields"])},
    "sips.decode": lambda i: {"fields": cpay.sips.decode(i["data"], i.get("encode"))},
    "sips.form": lambda i: {"form": cpay.sips.form(i["config"], **rest(i, "config")).to_dict()},
    "sips.response": lambda i: cpay.sips.response(i["config"], **rest(i, "config")).to_dict(),
    "payline.web_payment": lambda i: cpay.payline.web_payment(*account(i)).to_dict(),
    "payline.web_payment_answer": lambda i: cpay.payline.web_payment_answer(i["body"]).to_dict(),
    "payline.notification": lambda i: cpay.payline.notification(i["query"], **rest(i, "query")).to_dict(),
    "payline.details": lambda i: cpay.payline.details(account(i)[0], i["token"]).to_dict(),
    "payline.outcome": lambda i: cpay.payline.outcome(i["body"], **rest(i, "body")).to_dict(),
    "payline.capture": lambda i: cpay.payline.capture(account(i)[0], **account(i)[1]).to_dict(),
    "payline.capture_answer": lambda i: cpay.payline.capture_answer(i["body"]).to_dict(),
    "payline.refund": lambda i: cpay.payline.refund(account(i)[0], **account(i)[1]).to_dict(),
    "payline.refund_answer": lambda i: cpay.payline.refund_answer(i["body"]).to_dict(),
    "plan.schedule": lambda i: cpay.plan.schedule(**i).to_dict(),
    "plan.eligible": lambda i: cpay.plan.eligible(**i).to_dict(),
    "plan.refund": lambda i: cpay.plan.refund(**i).to_dict(),
    "plan.split": lambda i: cpay.plan.split(**i).to_dict(),
    "plan.three_ds": lambda i: cpay.plan.three_ds(**i).to_dict(),
    "plan.order_state": lambda i: cpay.plan.order_state(i["current"], cpay.Outcome.from_dict(i["outcome"])).to_dict(),
}
ACCOUNT = ("merchant_id", "environment", "access_key", "version")


def rest(i: Dict[str, Any], *taken: str) -> Dict[str, Any]:
    """The input without the positional arguments already passed: the keyword arguments of the facade."""
    return {k: v for k, v in i.items() if k not in taken}


def account(i: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """A flat Payline input split into the account and the operation's own fields."""
    return {k: v for k, v in i.items() if k in ACCOUNT}, rest(i, *ACCOUNT)


def computop_form(form: cpay.ComputopForm) -> Dict[str, Any]:
    out: Dict[str, Any] = {"form": form.to_dict(), "mac": form.mac, "html": form.html}
    if form.redirect_url is not None:
        out["redirect_url"] = form.redirect_url
    return out



TYPED_CASES = [(i, c) for i, c in CASES if c["op"] in TYPED]


# Cases whose input cannot even be written as a typed call (an unknown or a missing keyword argument): the
# keyword-only signature refuses them before the core sees them, with Python's own TypeError.
SIGNATURE_ERRORS = {"plans/an unknown field", "plans/a refund check needs paid_at"}


@pytest.mark.parametrize("name,case", TYPED_CASES, ids=[i for i, _ in TYPED_CASES])
def test_vector_through_typed_facade(name: str, case: Dict[str, Any]) -> None:
    if name in SIGNATURE_ERRORS:
        assert "error" in case
        with pytest.raises(TypeError):
            TYPED[case["op"]](case["input"])
        return
    check(case, lambda c: TYPED[c["op"]](c["input"]))


def test_every_operation_has_a_typed_facade() -> None:
    for op in cpay.operations():
        module, verb = op.split(".")
        assert callable(getattr(getattr(cpay, module), verb, None)), f"no cpay.{op}"
    # Only the Lyra REST reads that have no golden vector escape the typed run (test_lyra.py covers them).
    assert set(cpay.operations()) - set(TYPED) == {"lyra.cancel", "lyra.validate", "lyra.get"}
    assert SIGNATURE_ERRORS <= {i for i, _ in TYPED_CASES}


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
