"""cpay.payline: SOAP requests as HttpRequest, answers and notifications read into dataclasses."""

from __future__ import annotations

import datetime
from typing import Any, Dict, Tuple

import pytest
from conftest import vector

import cpay

ACCOUNT_KEYS = ("merchant_id", "environment", "access_key", "version")


def split(name: str) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    i = vector("payline", name)["input"]
    return {k: v for k, v in i.items() if k in ACCOUNT_KEYS}, {k: v for k, v in i.items() if k not in ACCOUNT_KEYS}


def test_web_payment_round() -> None:
    account, payment = split("doWebPayment, Cpay cash, authorisation + capture (Basic auth = spec check value)")
    request = cpay.payline.web_payment(account, payment)
    assert request.headers["SOAPAction"] == '"doWebPayment"' and "<impl:doWebPaymentRequest" in request.body
    assert request.headers["Authorization"] == "Basic MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM"
    assert "MTExMTEx" not in repr(request) and account["access_key"] not in repr(request)

    answer = cpay.payline.web_payment_answer(vector("payline", "doWebPayment answer: token and redirect URL")["input"]["body"])
    assert answer.code == "00000" and answer.redirect_url.startswith("https://") and answer.token

    note = cpay.payline.notification(
        "https://shop.example/payline/notify?notificationType=WEBTRS&token=" + answer.token, stored_token=answer.token
    )
    assert (note.notification_type, note.next_call, note.next_operation) == (
        "WEBTRS",
        "getWebPaymentDetails",
        "payline.details",
    )
    details = cpay.payline.details(account, answer.token)
    assert details.headers["SOAPAction"] == '"getWebPaymentDetails"'

    body = vector("payline", "details 00000 → accepted")["input"]["body"]
    outcome = cpay.payline.outcome(body, expected={"order_ref": "CMD-2026-0042", "amount": 45025})
    assert (outcome.gateway, outcome.status, outcome.amount) == ("payline", "accepted", 45025)
    with pytest.raises(cpay.WrongOrder):
        cpay.payline.outcome(body, expected={"amount": 45026})


def test_bad_inputs() -> None:
    account, payment = split("doWebPayment, Cpay cash, authorisation + capture (Basic auth = spec check value)")
    with pytest.raises(cpay.Inconsistent) as clash:
        cpay.payline.web_payment(account, {**payment, "merchant_id": "222222222"})
    assert clash.value.field == "merchant_id"
    with pytest.raises(cpay.InvalidValue) as env:
        cpay.payline.web_payment({**account, "environment": "staging"}, payment)
    assert env.value.field == "environment"
    with pytest.raises(cpay.MissingField) as missing:
        cpay.payline.web_payment({k: v for k, v in account.items() if k != "access_key"}, payment)
    assert missing.value.field == "access_key"
    with pytest.raises(cpay.WrongOrder):
        cpay.payline.notification("notificationType=WEBTRS&token=abc", stored_token="def")
    with pytest.raises(cpay.UnexpectedResponse):
        cpay.payline.outcome("<html>502 Bad Gateway</html>")
    with pytest.raises(cpay.GatewayError) as refused:
        cpay.payline.web_payment_answer(vector("payline", "doWebPayment answer: invalid contract 02303")["input"]["body"])
    assert refused.value.gateway_code == "02303"


def test_capture_and_refund_with_datetimes() -> None:
    account, _ = split("doWebPayment, Cpay cash, authorisation + capture (Basic auth = spec check value)")
    paid = datetime.datetime(2026, 3, 10, 14, 7, tzinfo=datetime.timezone.utc)
    capture = cpay.payline.capture(
        account, transaction_id="26069150044598", amount=45025, contract_number="CPAY01", authorized_at=paid,
        now=paid + datetime.timedelta(days=1),
    )
    assert capture.headers["SOAPAction"] == '"doCapture"'
    refund = cpay.payline.refund(
        account, transaction_id="26069150044598", amount=1000, contract_number="CPAY01", paid_at=paid,
        captured=45025, now=paid + datetime.timedelta(days=30),
    )
    assert refund.headers["SOAPAction"] == '"doRefund"' and "<obj:amount>1000</obj:amount>" in refund.body
    # `now` defaults to the current time: a payment made a minute ago can be refunded.
    recent = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    cpay.payline.refund(account, transaction_id="1", amount=1000, contract_number="CPAY01", paid_at=recent, captured=45025)
    with pytest.raises(cpay.RefundNotAllowed):
        cpay.payline.refund(account, transaction_id="1", amount=50000, contract_number="CPAY01", paid_at=recent, captured=45025)
    with pytest.raises(cpay.InvalidInput) as naive:
        cpay.payline.refund(
            account, transaction_id="1", amount=1000, contract_number="CPAY01",
            paid_at=datetime.datetime(2026, 3, 10, 14, 7), captured=45025,
        )
    assert naive.value.field == "paid_at"
    answer = cpay.payline.capture_answer(
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        '<soapenv:Body><impl:doCaptureResponse xmlns:impl="http://impl.ws.payline.experian.com" '
        'xmlns:obj="http://obj.ws.payline.experian.com"><impl:result><obj:code>00000</obj:code></impl:result>'
        "<impl:transaction><obj:id>26069150051234</obj:id><obj:date>11/03/2026 09:00</obj:date></impl:transaction>"
        "</impl:doCaptureResponse></soapenv:Body></soapenv:Envelope>"
    )
    assert (answer.code, answer.transaction_id, answer.transaction_date) == ("00000", "26069150051234", "11/03/2026 09:00")
    with pytest.raises(cpay.Malformed):
        cpay.payline.refund_answer("00000")
