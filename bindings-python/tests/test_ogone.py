"""cpay.ogone: the native SHASIGN (documentation vectors, hashlib), the form and feedback facades."""

from __future__ import annotations

import hashlib
import types
from typing import Dict

import pytest
from conftest import vector

import cpay

DOC = {"AMOUNT": "1500", "CURRENCY": "EUR", "LANGUAGE": "en_US", "ORDERID": "1234", "PSPID": "MyPSPID"}
PASSPHRASE = "Mysecretsig1875!?"
DOC_SHA1 = "F4CC376CD7A834D997B91598FA747825A238BE0A"  # Ogone's documentation example


def python_sha_in(params: Dict[str, str], passphrase: str, algo: str) -> str:
    """SHA-IN written with hashlib, for the parameters above (all on the SHA-IN list)."""
    message = "".join(f"{k.upper()}={v}{passphrase}" for k, v in sorted(params.items(), key=lambda kv: kv[0].upper()) if v)
    return hashlib.new(algo, message.encode()).hexdigest().upper()


def test_documentation_example_and_defaults() -> None:
    assert cpay.ogone.sign(DOC, PASSPHRASE, "sha1") == DOC_SHA1
    assert cpay.ogone.sign(DOC, PASSPHRASE, algo="sha1", direction="in") == DOC_SHA1
    # Default: SHA-512, SHA-IN, UTF-8.
    assert cpay.ogone.sign(DOC, PASSPHRASE) == python_sha_in(DOC, PASSPHRASE, "sha512")
    assert cpay.ogone.sign(DOC, PASSPHRASE, "sha256") == python_sha_in(DOC, PASSPHRASE, "sha256")


def test_names_any_case_any_mapping_empty_and_unlisted_ignored() -> None:
    mixed = types.MappingProxyType({"amount": "1500", "Currency": "EUR", "language": "en_US", "orderID": "1234",
                                    "pspid": "MyPSPID", "COM": "", "NOT_A_PARAMETER": "x"})
    assert cpay.ogone.sign(mixed, PASSPHRASE, "sha1") == DOC_SHA1


def test_every_sign_vector_matches() -> None:
    case = vector("ogone", "SHA-OUT documentation example, SHA-1")["input"]
    expected = vector("ogone", "SHA-OUT documentation example, SHA-1")["output"]["shasign"]
    assert cpay.ogone.sign(case["params"], case["passphrase"], case["algo"], case["direction"]) == expected


def test_bad_inputs() -> None:
    with pytest.raises(cpay.UnsupportedAlgorithm) as algo:
        cpay.ogone.sign(DOC, PASSPHRASE, "md5")
    assert algo.value.field == "algo"
    with pytest.raises(cpay.InvalidValue) as direction:
        cpay.ogone.sign(DOC, PASSPHRASE, "sha1", "sideways")
    assert direction.value.field == "direction"
    with pytest.raises(cpay.InvalidValue) as charset:
        cpay.ogone.sign(DOC, PASSPHRASE, charset="ebcdic")
    assert charset.value.field == "charset"
    with pytest.raises(cpay.InvalidFormat) as latin1:
        cpay.ogone.sign({**DOC, "CN": "Ωμέγα"}, PASSPHRASE, charset="iso-8859-1")
    assert latin1.value.field == "CN"
    with pytest.raises(cpay.Malformed) as twice:
        cpay.ogone.sign({**DOC, "orderid": "1234"}, PASSPHRASE)
    assert twice.value.field == "ORDERID"
    with pytest.raises(cpay.InvalidValue) as not_text:
        cpay.ogone.sign({**DOC, "AMOUNT": 1500}, PASSPHRASE)  # type: ignore[dict-item]
    assert not_text.value.field == "AMOUNT"
    with pytest.raises(cpay.InvalidValue) as not_mapping:
        cpay.ogone.sign([("AMOUNT", "1500")], PASSPHRASE)  # type: ignore[arg-type]
    assert not_mapping.value.field == "params"


def test_form_and_response() -> None:
    case = vector("ogone", "documentation order → documented SHASIGN")
    form = cpay.ogone.form(case["input"]["config"], case["input"]["payment"], submit_label="Go")
    assert form.fields["SHASIGN"] == case["output"]["form"]["fields"]["SHASIGN"] and form.html and "Go" in form.html
    feedback = vector("ogone", "documentation feedback (STATUS 9) is accepted")["input"]
    outcome = cpay.ogone.response(feedback["config"], body=feedback["body"].encode(), expected=feedback["expected"])
    assert (outcome.status, outcome.amount, outcome.gateway) == ("accepted", 1500, "ogone")
    with pytest.raises(cpay.SignatureMismatch):
        cpay.ogone.response(feedback["config"], body=feedback["body"].replace("STATUS=9", "STATUS=5"))
    with pytest.raises(cpay.InvalidValue) as both:
        cpay.ogone.response(feedback["config"], body=feedback["body"], params={"STATUS": "9"})
    assert both.value.field == "body"
