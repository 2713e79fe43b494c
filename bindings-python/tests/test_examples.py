"""The examples run: the quickstart, and the Flask and FastAPI IPN views through their test clients."""

from __future__ import annotations

import pathlib
import runpy
import sys
import urllib.parse
from typing import Any, Callable, Iterator

import pytest
from conftest import CONFIG, case_named

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
IPN = case_named("IPN: captured Cpay payment")["input"]["body"]
TAMPERED = IPN.replace("vads_amount=2990", "vads_amount=2991")


def resigned(body: str, **changes: str) -> str:
    """The IPN with fields changed and signed again with the TEST key: another genuine IPN of the same payment."""
    import cpay

    fields = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
    fields.pop("signature")
    fields.update(changes)
    fields["signature"] = cpay.lyra.sign(fields, CONFIG["test_key"])
    return urllib.parse.urlencode(fields)


# The same payment first pending (Cetelem still deciding), then captured: one idempotency key, two statuses.
PENDING = resigned(IPN, vads_trans_status="UNDER_VERIFICATION")


@pytest.fixture(autouse=True)
def examples_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    yield
    for name in ("shop", "flask_ipn", "fastapi_ipn"):
        sys.modules.pop(name, None)


def test_quickstart_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "accepted CAPTURED 2990 EUR" in out and "order: apply → accepted, ship=True" in out
    assert "the same IPN again: duplicate, ship=False" in out and "(signature_mismatch, 7201): 400" in out


def post_ipns(app_module: Any, post: Callable[[str], Any]) -> None:
    import shop

    shop.CONFIG.update(CONFIG)  # the documentation's TEST shop, instead of the environment
    order = app_module.store.orders["CMD-2020-0042"]

    forged = post(TAMPERED)
    assert (forged.status_code, order.status) == (400, "new")
    assert "signature_mismatch" in forged.text

    first = post(IPN)
    assert (first.status_code, order.status, order.shipped) == (200, "accepted", True)
    retry = post(IPN)  # the platform retries: acknowledged again, applied once
    assert retry.status_code == 200 and order.history == ["accepted CAPTURED"]
    assert order.shipments == 1  # captured twice → paid (and shipped) once

    # Pending then captured (same idempotency key): the order is paid when the capture arrives, once.
    shop.CONFIG.update(CONFIG)
    app_module.store.add(shop.Order(id="CMD-2020-0042", amount=2990))
    order = app_module.store.orders["CMD-2020-0042"]
    pending = post(PENDING)
    assert (pending.status_code, order.status, order.shipments) == (200, "pending", 0)
    captured = post(IPN)
    assert (captured.status_code, order.status, order.shipments) == (200, "accepted", 1)
    again = post(IPN)
    assert (again.status_code, order.shipments) == (200, 1)
    assert order.history == ["pending UNDER_VERIFICATION", "accepted CAPTURED"]


def test_flask_ipn() -> None:
    pytest.importorskip("flask")
    import flask_ipn

    client = flask_ipn.app.test_client()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    post_ipns(flask_ipn, lambda body: _text(client.post("/cpay/ipn", data=body, headers=headers)))


def test_fastapi_ipn() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx2")
    from fastapi.testclient import TestClient

    import fastapi_ipn

    client = TestClient(fastapi_ipn.app)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    post_ipns(fastapi_ipn, lambda body: client.post("/cpay/ipn", content=body, headers=headers))


class _text:
    """Flask's test response with the `.text` / `.status_code` of httpx's, so one helper checks both."""

    def __init__(self, response: Any) -> None:
        self.status_code = response.status_code
        self.text = response.get_data(as_text=True)


def test_reconcile_folds_a_lost_ipn_into_the_order() -> None:
    import shop

    shop.CONFIG.update(CONFIG, rest_password="testpassword_DEMO")
    answer = case_named("Order/Get answer: the payment and its refund, each a verified outcome")["input"]
    store = shop.OrderStore()
    store.add(shop.Order(id="CMD-2020-0042", amount=2990, created_at=0.0))
    store.add(shop.Order(id="CMD-2020-0099", amount=1000, created_at=3_000.0))  # too recent: not asked
    sent = []

    def send(request: Any) -> Any:
        sent.append(request)
        assert request.url.endswith("/V4/Order/Get") and "CMD-2020-0042" in request.body
        return answer["response"]

    shop.reconcile(store, send, now=3_600.0)
    order = store.orders["CMD-2020-0042"]
    assert len(sent) == 1
    assert (order.status, order.shipped, order.captured) == ("partially_refunded", True, 2990)
    assert order.history == ["accepted CAPTURED", "refund accepted AUTHORISED"]
    shop.reconcile(store, send, now=3_700.0)  # final now: not asked again
    assert len(sent) == 1


def test_empty_body_says_why() -> None:
    """A view that read ``request.form`` first hands cpay an empty body: the error says what to do instead."""
    import cpay

    for body in (b"", bytearray(), memoryview(b""), ""):
        with pytest.raises(cpay.CpayError) as caught:
            cpay.lyra.notification(CONFIG, body=body)
        error = caught.value
        assert (error.code, error.field) == ("missing_field", "body")
        assert "request.get_data()" in str(error) and "express.raw" in str(error) and "php://input" in str(error)
        assert error.reply is not None and error.reply.status == 400
