"""The examples run: the quickstart, and the Flask and FastAPI IPN views through their test clients."""

from __future__ import annotations

import pathlib
import runpy
import sys
from typing import Any, Callable, Iterator

import pytest
from conftest import CONFIG, case_named

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
IPN = case_named("IPN: captured Cpay payment")["input"]["body"]
TAMPERED = IPN.replace("vads_amount=2990", "vads_amount=2991")


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
