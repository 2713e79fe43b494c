"""The typed Lyra facade: native sign/verify, forms, notifications, REST requests, bad inputs."""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import threading
import types
import urllib.parse
from typing import Any, Dict

import pytest
from conftest import KEY, case_named

import cpay

DOC = {
    "vads_action_mode": "INTERACTIVE",
    "vads_amount": "5124",
    "vads_ctx_mode": "TEST",
    "vads_currency": "978",
    "vads_page_action": "PAYMENT",
    "vads_payment_config": "SINGLE",
    "vads_site_id": "12345678",
    "vads_trans_date": "20170129130025",
    "vads_trans_id": "123456",
    "vads_version": "V2",
}
DOC_HMAC = "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="
DOC_SHA1 = "59c96b34c74b9375c332b0b6a32e6deeec87de2b"


def python_hmac(fields: Dict[str, str], key: str) -> str:
    """The spec's algorithm written with Python's own hmac, to compare against the native path."""
    message = "+".join(v for k, v in sorted(fields.items()) if k.startswith("vads_")) + "+" + key
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_sign_documentation_example() -> None:
    assert cpay.lyra.sign(DOC, KEY) == DOC_HMAC
    assert cpay.lyra.sign(DOC, KEY, "sha1") == DOC_SHA1
    assert cpay.lyra.sign(DOC, KEY, algo="hmac-sha256") == python_hmac(DOC, KEY)


def test_sign_accepts_any_mapping_and_ignores_other_fields() -> None:
    mapping = types.MappingProxyType({**DOC, "signature": "x", "shop_ref": "A-1"})
    assert cpay.lyra.sign(mapping, KEY) == DOC_HMAC
    assert cpay.lyra.sign(collections.OrderedDict(reversed(list(DOC.items()))), KEY) == DOC_HMAC


def test_sign_matches_python_hmac_on_unicode_and_empty_values() -> None:
    fields = {**DOC, "vads_cust_city": "Labège", "vads_order_info": "", "vads_cust_last_name": "Ωμέγα ✓"}
    assert cpay.lyra.sign(fields, "clé") == python_hmac(fields, "clé")


def test_sign_rejects_bad_inputs() -> None:
    with pytest.raises(cpay.UnsupportedAlgorithm) as caught:
        cpay.lyra.sign(DOC, KEY, "md5")
    assert caught.value.number == 7107
    with pytest.raises(cpay.InvalidValue) as bad_value:
        cpay.lyra.sign({**DOC, "vads_amount": 5124}, KEY)  # type: ignore[dict-item]
    assert bad_value.value.field == "vads_amount"
    with pytest.raises(cpay.InvalidValue):
        cpay.lyra.sign({**DOC, 1: "x"}, KEY)  # type: ignore[dict-item]
    with pytest.raises(cpay.InvalidValue) as not_mapping:
        cpay.lyra.sign([("vads_amount", "1")], KEY)  # type: ignore[arg-type]
    assert not_mapping.value.field == "fields"
    # InvalidInput is also a ValueError, for code that catches the standard one.
    with pytest.raises(ValueError):
        cpay.lyra.sign(DOC, KEY, "md5")


def test_verify() -> None:
    signed = {**DOC, "signature": DOC_HMAC}
    assert cpay.lyra.verify(signed, KEY) is True
    assert cpay.lyra.verify({**signed, "vads_amount": "5125"}, KEY) is False
    assert cpay.lyra.verify(signed, "wrong") is False
    assert cpay.lyra.verify({**DOC, "signature": DOC_SHA1}, KEY, "sha1") is True
    # A `+` turned into a space by a careless query-string decoder is repaired.
    assert cpay.lyra.verify({**DOC, "signature": DOC_HMAC.replace("+", " ")}, KEY) is True
    with pytest.raises(cpay.SignatureMissing) as caught:
        cpay.lyra.verify(DOC, KEY)
    assert caught.value.field == "signature"
    assert isinstance(caught.value, cpay.VerificationError)


def test_sign_is_thread_safe() -> None:
    results = []

    def work() -> None:
        for _ in range(200):
            results.append(cpay.lyra.sign(DOC, KEY))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) == {DOC_HMAC} and len(results) == 800


def test_form_returns_a_payment_form() -> None:
    case = case_named("Cpay form (seed §10.1 fields, trans_date given at +02:00)")
    form = cpay.lyra.form(case["input"]["config"], case["input"]["payment"], auto_submit=True, submit_label="Go")
    assert isinstance(form, cpay.PaymentForm)
    assert form.method == "POST" and form.action.startswith("https://")
    assert form.fields["vads_amount"] == "2990"
    assert form.fields["signature"] == cpay.lyra.sign(form.fields, KEY)
    assert form.html is not None and 'value="Go"' in form.html and ".submit()" in form.html
    assert cpay.PaymentForm.from_dict(form.to_dict()) == cpay.PaymentForm(form.action, form.method, form.fields)


def test_form_error_names_the_field_and_never_the_key(config: Dict[str, Any]) -> None:
    payment = {"amount": 2990, "trans_id": 362812, "trans_date": "2020-07-10T10:14:07Z", "customer": {"zip": "1" * 65}}
    with pytest.raises(cpay.InvalidFormat) as caught:
        cpay.lyra.form(config, payment)
    error = caught.value
    assert (error.code, error.number, error.field, error.gateway_code) == ("invalid_format", 7103, "vads_cust_zip", "20")
    assert KEY not in str(error) and KEY not in repr(error)
    assert str(error).startswith("invalid_format: ")


def test_notification_is_typed_and_idempotent() -> None:
    case = case_named("IPN: captured Cpay payment")
    result = cpay.lyra.notification(case["input"]["config"], body=case["input"]["body"].encode())
    assert isinstance(result, cpay.Notification)
    outcome = result.outcome
    assert result.status == outcome.status == "accepted"
    assert outcome.amount == 2990 and outcome.currency == "EUR" and outcome.order_id == "CMD-2020-0042"
    assert outcome.idempotency_key == "lyra:9f3c2a1b4d5e6f708192a3b4c5d6e7f8"
    assert outcome.three_ds.auth_type == "CHALLENGE"
    assert result.reply == cpay.ShopReply(200, "OK CAPTURED accepted")
    assert cpay.Outcome.from_dict(outcome.to_dict()) == outcome
    again = cpay.lyra.notification(case["input"]["config"], body=case["input"]["body"])
    assert again.outcome.idempotency_key == outcome.idempotency_key


def test_notification_from_decoded_fields() -> None:
    case = case_named("IPN: captured Cpay payment")
    fields = dict(urllib.parse.parse_qsl(case["input"]["body"], keep_blank_values=True))  # as Django/Flask decode
    result = cpay.lyra.notification(case["input"]["config"], fields=fields, expected={"order_id": "CMD-2020-0042"})
    assert result.status == "accepted"
    with pytest.raises(cpay.WrongOrder):
        cpay.lyra.notification(case["input"]["config"], fields=fields, expected={"order_id": "CMD-OTHER"})


def test_notification_failures_and_their_reply(config: Dict[str, Any]) -> None:
    case = case_named("IPN: captured Cpay payment")
    body: str = case["input"]["body"]
    with pytest.raises(cpay.SignatureMismatch) as tampered:
        cpay.lyra.notification(config, body=body.replace("vads_amount=2990", "vads_amount=2991"))
    reply = cpay.lyra.rejected_reply(tampered.value)
    assert reply.status == 400 and reply.body.startswith("KO signature_mismatch")
    with pytest.raises(cpay.WrongShop):
        cpay.lyra.notification({**config, "site_id": "87654321"}, body=body)
    with pytest.raises(cpay.WrongMode):
        cpay.lyra.notification({**config, "mode": "PRODUCTION", "production_key": "x"}, body=body)
    with pytest.raises(cpay.Malformed) as not_utf8:
        cpay.lyra.notification(config, body=b"vads_amount=\xff\xfe")
    assert not_utf8.value.field == "body"
    with pytest.raises(cpay.InvalidValue):
        cpay.lyra.notification(config, body=body, fields={"a": "b"})


def test_refund_request_hides_credentials_in_repr() -> None:
    case = case_named("refund allowed: cash option, any day")
    request = cpay.lyra.refund(case["input"]["config"], case["input"]["refund"])
    assert isinstance(request, cpay.HttpRequest) and request.method == "POST"
    assert request.headers["Authorization"].startswith("Basic ")
    assert "Basic" not in repr(request) and "***" in repr(request)
    with pytest.raises(cpay.RefundNotAllowed) as caught:
        cpay.lyra.refund(case["input"]["config"], {**case["input"]["refund"], "amount": 999999})
    assert caught.value.field == "amount"


def test_rest_helpers(config: Dict[str, Any]) -> None:
    config = {**config, "rest_password": "testpassword_DEMO"}
    for build in (cpay.lyra.cancel, cpay.lyra.validate):
        request = build(config, "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "by the shop")
        assert request.method == "POST" and "9f3c2a1b4d5e6f708192a3b4c5d6e7f8" in request.body
    assert "9f3c2a1b4d5e6f708192a3b4c5d6e7f8" in cpay.lyra.get(config, "9f3c2a1b4d5e6f708192a3b4c5d6e7f8").body
    with pytest.raises(cpay.GatewayError) as caught:
        cpay.lyra.rest_answer({"status": 200, "body": '{"status": "ERROR", "answer": {"errorCode": "PSP_010"}}'})
    assert caught.value.gateway_code == "PSP_010"
    assert cpay.lyra.trans_id(1262812) == "362812"


def test_rejected_reply_for_an_internal_error_asks_for_a_retry() -> None:
    reply = cpay.lyra.rejected_reply(cpay.InternalError("boom"))
    assert reply.status == 500
    with pytest.raises(cpay.InvalidValue):
        cpay._cpay.lyra_rejected_reply("no_such_code", "x")
