"""cpay.computop: the native Blowfish/MAC primitives (spec vectors, pycryptodome-free checks), the facades."""

from __future__ import annotations

import hashlib
import hmac
import threading

import pytest
from conftest import vector

import cpay

SPEC_DATA = "14ec7a6da0fbb3e50a84b47302443328"  # public Blowfish vector: "plaintext" under "password"
SPEC_MAC = "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A"  # public HMAC-SHA-256 vector: "value" under "password"


def test_spec_vectors() -> None:
    assert cpay.computop.encrypt("plaintext", "password") == (SPEC_DATA, 9)
    assert cpay.computop.decrypt(SPEC_DATA.upper(), 9, "password") == "plaintext"
    assert cpay.computop.mac("value", "password") == SPEC_MAC


def test_mac_matches_python_hmac() -> None:
    message = "*CMD-1*cpay_test*45000*EUR ✓"
    expected = hmac.new("clé".encode(), message.encode(), hashlib.sha256).hexdigest().upper()
    assert cpay.computop.mac(message, "clé") == expected


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 1000, 16 * 1024, 60 * 1024])
def test_round_trip_across_the_gil_threshold(size: int) -> None:
    plaintext = ("Amount=45000&Currency=EUR&é" * (size // 20 + 1))[:size]
    data, length = cpay.computop.encrypt(plaintext, "bf-pass-1234")
    assert length == len(plaintext.encode()) and len(data) == 2 * (-(-length // 8) * 8)
    assert cpay.computop.decrypt(data, length, "bf-pass-1234") == plaintext


def test_threads_get_the_same_answers() -> None:
    big = "x=" + "a" * 40000
    expected = cpay.computop.encrypt(big, "k")
    results = []

    def work() -> None:
        results.append(cpay.computop.encrypt(big, "k"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_bad_keys() -> None:
    with pytest.raises(cpay.InvalidKey) as empty:
        cpay.computop.encrypt("plaintext", "")
    assert empty.value.field == "key" and empty.value.number == 7108
    with pytest.raises(cpay.InvalidKey) as long_key:
        cpay.computop.decrypt(SPEC_DATA, 9, "S3cr3t" * 13)
    with pytest.raises(cpay.InvalidKey) as mac_key:
        cpay.computop.mac("value", "")
    assert mac_key.value.field == "mac_key"
    # The message never carries the key.
    assert "S3cr3t" not in str(long_key.value) and long_key.value.field == "key"


def test_bad_data_and_len() -> None:
    with pytest.raises(cpay.Malformed) as hex_error:
        cpay.computop.decrypt("zz" * 8, 8, "password")
    assert hex_error.value.field == "Data"
    with pytest.raises(cpay.Malformed):
        cpay.computop.decrypt(SPEC_DATA[:-2], 7, "password")
    with pytest.raises(cpay.Inconsistent) as beyond:
        cpay.computop.decrypt(SPEC_DATA, 17, "password")
    assert beyond.value.field == "Len"
    for length in (-1, 2**70, "9", 9.0):
        with pytest.raises(cpay.InvalidValue) as bad:
            cpay.computop.decrypt(SPEC_DATA, length, "password")  # type: ignore[arg-type]
        assert bad.value.field == "Len"
    with pytest.raises(cpay.TooLarge) as large:
        cpay.computop.encrypt("a" * (64 * 1024 + 1), "password")
    assert large.value.field == "Data"


def test_form_notification_and_refund() -> None:
    case = vector("computop", "FullCB 4x form: every field, shipping differs")
    form = cpay.computop.form(case["input"]["config"], case["input"]["payment"], auto_submit=True)
    assert isinstance(form, cpay.ComputopForm) and isinstance(form, cpay.PaymentForm)
    assert form.fields["MerchantID"] == "cpay_test" and len(form.mac) == 64 and form.redirect_url is None
    assert form.html is not None and form.action in form.html and form.fields["Data"] in form.html
    get = vector("computop", "FullCB form by GET on Axepta")
    assert cpay.computop.form(get["input"]["config"], get["input"]["payment"]).redirect_url

    notify = vector("computop", "notify: success")["input"]
    outcome = cpay.computop.notification(notify["config"], body=notify["body"].encode(), server_to_server=True)
    assert (outcome.status, outcome.gateway) == ("accepted", "computop")
    with pytest.raises(cpay.WrongOrder):
        cpay.computop.notification(notify["config"], body=notify["body"], expected={"trans_id": "CMD-OTHER"})
    with pytest.raises(cpay.Malformed) as latin1:
        cpay.computop.notification(notify["config"], body=b"Len=1&Data=\xe9")
    assert latin1.value.field == "body"

    credit = vector("computop", "credit request")["input"]
    request = cpay.computop.refund(credit["config"], credit["refund"])
    assert request.url.endswith("/credit.aspx") and request.method == "POST"
    with pytest.raises(cpay.RefundNotAllowed):
        cpay.computop.refund(credit["config"], {**credit["refund"], "amount": 10**9})
    answer = vector("computop", "credit answer, refused")["input"]
    with pytest.raises(cpay.GatewayError):
        cpay.computop.refund_answer(answer["config"], cpay.HttpResponse.from_dict(answer["response"]))
