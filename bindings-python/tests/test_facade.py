"""The generated facade: signatures, typed results, reply on errors, raw bodies."""

from __future__ import annotations

import inspect
import json
import pathlib
from typing import Any, Dict

import pytest
from conftest import CONFIG, KEY, case_named

import cpay

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[2] / "schema" / "cpay.schema.json").read_text("utf-8"))
IPN = case_named("IPN: captured Cpay payment")["input"]["body"]
TAMPERED = IPN.replace("vads_amount=2990", "vads_amount=2991")


def test_signatures_follow_the_schema() -> None:
    for op in SCHEMA["operations"]:
        gateway, verb = op["name"].split(".")
        function = getattr(getattr(cpay, gateway), verb)
        assert function.__doc__ and function.__doc__.split()[0] in op["doc"]
        parameters = inspect.signature(function).parameters
        required = op["input"].get("required", [])
        assert set(parameters) == set(op["input"].get("properties", {})), op["name"]
        for name, parameter in parameters.items():
            if name in required:
                assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, (op["name"], name)
                assert parameter.default is inspect.Parameter.empty
            else:
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (op["name"], name)


def test_lyra_notification_typed_result() -> None:
    result = cpay.lyra.notification(CONFIG, body=IPN)
    assert isinstance(result, cpay.types.Notification)
    assert result.outcome.status == "accepted" and result.outcome.amount == 2990
    assert result.reply.status == 200 and result.reply.content_type.startswith("text/plain")


@pytest.mark.parametrize("kind", [str, bytes, bytearray, memoryview])
def test_raw_bodies_as_frameworks_give_them(kind: Any) -> None:
    body = IPN if kind is str else kind(IPN.encode())
    assert cpay.lyra.notification(CONFIG, body=body).outcome.status == "accepted"


def test_a_body_that_is_not_utf8() -> None:
    with pytest.raises(cpay.MalformedError) as caught:
        cpay.lyra.notification(CONFIG, body=b"vads_x=\xff")
    assert caught.value.field == "body" and caught.value.reply is not None
    assert caught.value.reply.status == 400


def test_a_forged_notification_carries_the_400_reply() -> None:
    with pytest.raises(cpay.SignatureMismatchError) as caught:
        cpay.lyra.notification(CONFIG, body=TAMPERED)
    error = caught.value
    assert (error.code, error.number, error.field, error.is_verification_failure) == (
        "signature_mismatch", 7201, "signature", True)
    assert error.reply is not None and error.reply.status == 400
    assert error.reply == cpay.reply.rejected(error.code, error.message, field=error.field)


def test_an_internal_error_is_a_500_reply_so_the_gateway_retries() -> None:
    reply = cpay.reply.rejected("internal", "a bug")
    assert reply.status == 500


@pytest.mark.parametrize("gateway", ["lyra", "computop", "ogone", "sips"])
def test_every_notification_attaches_a_reply(gateway: str) -> None:
    config: Dict[str, Any] = {}
    with pytest.raises(cpay.CpayError) as caught:
        getattr(cpay, gateway).notification(config, body="x=1")
    assert caught.value.reply is not None and caught.value.reply.status in (400, 500)


def test_payline_notification_attaches_a_reply() -> None:
    with pytest.raises(cpay.CpayError) as caught:
        cpay.payline.notification({"status": 200, "body": "<not xml"})
    assert caught.value.reply is not None and caught.value.reply.status == 400


def test_ogone_sign_requires_the_algorithm() -> None:
    with pytest.raises(TypeError):
        cpay.ogone.sign({"AMOUNT": "100"}, "pass")  # type: ignore[call-arg]
    assert cpay.ogone.sign({"AMOUNT": "100"}, "pass", "sha512", "in") == cpay.call(
        "ogone.sign", {"fields": {"AMOUNT": "100"}, "passphrase": "pass", "algo": "sha512", "direction": "in"})["shasign"]


def test_native_fast_paths_equal_the_operations() -> None:
    fields = {"vads_amount": "2990", "vads_cust_name": "Renée Lefèvre"}
    assert cpay.lyra.sign(fields, KEY) == cpay.call("lyra.sign", {"fields": fields, "key": KEY})["signature"]
    with pytest.raises(cpay.SignatureMissingError):
        cpay.lyra.verify(fields, KEY)
    encrypted = cpay.computop.encrypt("a=é", "k")
    assert cpay.computop.decrypt(f"  {encrypted.data} ", encrypted.len, "k") == "a=é"
    assert cpay.sips.seal("a=1", "k") == cpay.call("sips.seal", {"data": "a=1", "key": "k"})["seal"]


def test_order_state_decides_idempotency() -> None:
    outcome = cpay.lyra.notification(CONFIG, body=IPN).outcome
    first = cpay.plan.order_state({"status": "new"}, outcome)
    assert (first.decision, first.status, first.ship) == ("apply", "accepted", True)
    again = cpay.plan.order_state({"status": first.status, "key": first.key}, outcome)
    assert again.decision == "duplicate" and again.ship is False
