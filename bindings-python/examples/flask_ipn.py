"""A Flask IPN endpoint for a Lyra platform: ``CPAY_TEST_KEY=… flask --app flask_ipn run``.

Set the platform's "Instant Payment Notification URL" (Back Office) to ``https://your.shop/cpay/ipn``.
"""

from __future__ import annotations

from flask import Flask, Response, request

from shop import Order, OrderStore, handle_ipn

app = Flask(__name__)
store = OrderStore()
store.add(Order(id="CMD-2020-0042", amount=2990))  # an order awaiting payment, for the demo


@app.post("/cpay/ipn")
def ipn() -> Response:
    # The raw body, not request.form: cpay parses it strictly (duplicates, bad escapes, non-UTF-8 are errors).
    reply = handle_ipn(store, request.get_data())
    return Response(reply.body, status=reply.status, content_type=reply.content_type)
