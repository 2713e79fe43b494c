"""cpay.sips: the native seal (public vectors, hmac/hashlib), Data helpers, form and response facades."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from conftest import vector

import cpay


def test_public_vectors() -> None:
    for name in ("Odoo test response, SHA-256(Data + secret)", "the same Data, HMAC-SHA-256", "RFC 4231 test case 2 as a seal"):
        case = vector("sips", name)
        i = case["input"]
        assert cpay.sips.seal(i["data"], i["key"], i.get("algo", "hmac-sha256")) == case["output"]["seal"], name


@pytest.mark.parametrize("size", [0, 10, 16 * 1024, 100 * 1024])
def test_seal_matches_python(size: int) -> None:
    data = ("amount=2990|currencyCode=978|merchantId=002001000000001|é" * (size // 40 + 1))[:size]
    assert cpay.sips.seal(data, "clé") == hmac.new("clé".encode(), data.encode(), hashlib.sha256).hexdigest()
    assert cpay.sips.seal(data, "clé", algo="sha256") == hashlib.sha256((data + "clé").encode()).hexdigest()
    assert cpay.sips.seal(data, "clé", "HMAC-SHA-256") == cpay.sips.seal(data, "clé")


def test_bad_algorithm() -> None:
    with pytest.raises(cpay.UnsupportedAlgorithm) as caught:
        cpay.sips.seal("amount=1", "key", "md5")
    assert caught.value.field == "algo" and isinstance(caught.value, ValueError)


def test_data_and_decode() -> None:
    assert cpay.sips.data({"amount": 45000, "customerContact": {"email": "me@example.com"}, "brands": ["CB", "VISA"]}) == (
        "amount=45000|brands=CB,VISA|customerContact.email=me@example.com"
    )
    with pytest.raises(cpay.InvalidFormat):
        cpay.sips.data({"returnContext": "a|b"})
    assert cpay.sips.decode("YW1vdW50PTI5OTA=", "base64") == {"amount": "2990"}
    assert cpay.sips.decode("amount=2990|currencyCode=978") == {"amount": "2990", "currencyCode": "978"}


def test_form_and_response() -> None:
    case = vector("sips", "Cpay payment, HMAC-SHA-256")
    form = cpay.sips.form(case["input"]["config"], case["input"]["payment"], auto_submit=True)
    assert form.fields == case["output"]["form"]["fields"] and form.html
    ok = vector("sips", "Odoo test response is accepted")["input"]
    outcome = cpay.sips.response(ok["config"], fields=ok["fields"], expected=ok.get("expected"))
    assert (outcome.status, outcome.gateway, outcome.amount) == ("accepted", "sips", 10000)
    with pytest.raises(cpay.SignatureMismatch):
        cpay.sips.response(ok["config"], fields={**ok["fields"], "Seal": "0" * 64})
    with pytest.raises(cpay.InvalidValue) as both:
        cpay.sips.response(ok["config"], body="Data=x", fields=ok["fields"])
    assert both.value.field == "body"
