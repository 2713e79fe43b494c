"""A small Flask shop that takes Cetelem payments through cpay: ``python app.py`` (see README.md).

Environment: ``PORT`` (default 5000), ``SHOP_URL`` (its own base URL, default ``http://127.0.0.1:PORT``),
``SANDBOX_URL`` (the cpay sandbox, default ``http://127.0.0.1:8099``), ``DATABASE_URL`` (``sqlite:///abs/path.db``,
the default ``sqlite:///<here>/shop.db``, or ``postgresql://…``).
"""

from __future__ import annotations

import os
import secrets
import sys
from typing import Any, Dict, Union

from werkzeug.wrappers import Response as BaseResponse

from flask import Flask, Response, abort, jsonify, redirect, render_template_string, request, session, url_for

import cpay
from gateways import BUYER, DEFAULT_AMOUNT, PRODUCT, WAYS, Computop, Lyra, Settings, schedule
from store import Store

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }} — Boutique cpay</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.3em .6em;border-bottom:1px solid #ddd}
button{margin:.2em}</style></head>
<body><h1>{{ title }}</h1>{{ body|safe }}</body></html>"""

CHECKOUT = """
<p>Panier : <strong>{{ product }}</strong> — {{ euros(amount) }}</p>
<p>Acheteuse : {{ buyer.first_name }} {{ buyer.last_name }}, {{ buyer.street }}, {{ buyer.zip }} {{ buyer.city }}</p>
<form method="post" action="/checkout">
  <input type="hidden" name="amount" value="{{ amount }}">
  {% for way, (gateway, label) in ways.items() %}
  <div class="way">
    <button type="submit" name="way" value="{{ way }}" data-pay="{{ way }}">{{ label }}</button>
    {% if schedules[way] %}<ol class="schedule" data-schedule="{{ way }}">
      {% for i in schedules[way] %}<li>{{ i.date }} : {{ euros(i.amount) }}</li>{% endfor %}</ol>{% endif %}
  </div>
  {% endfor %}
</form>
<p><a href="/admin/orders">Back office</a></p>
"""

RETURN = """
<p data-order-id="{{ order.id }}" data-order-status="{{ order.status }}">Commande {{ order.id }} : {{ order.status }}</p>
<p>Le statut vient des notifications vérifiées ; le retour du navigateur ne le change pas.</p>
<p><a href="/">Retour à la boutique</a></p>
"""

ADMIN = """
{% if message %}<p data-message>{{ message }}</p>{% endif %}
<table><tr><th>Commande</th><th>Moyen</th><th>Montant</th><th>Remboursé</th><th>Statut</th><th></th></tr>
{% for o in orders %}
<tr data-order-id="{{ o.id }}" data-status="{{ o.status }}" data-gateway="{{ o.gateway }}">
  <td>{{ o.id }}</td><td>{{ o.way }}</td><td>{{ euros(o.amount) }}</td><td>{{ euros(o.refunded) }}</td><td>{{ o.status }}</td>
  <td><form method="post" action="/admin/orders/{{ o.id }}/refund" style="display:inline">
        <button data-action="refund">Rembourser</button></form>
      <form method="post" action="/admin/orders/{{ o.id }}/status" style="display:inline">
        <button data-action="status">Vérifier le statut</button></form></td>
</tr>
{% endfor %}
</table>
"""


def euros(cents: int) -> str:
    whole, part = divmod(int(cents), 100)
    return f"{whole:,}".replace(",", "\u202f") + f",{part:02d} €"


def render(title: str, body: str, **context: Any) -> str:
    inner = render_template_string(body, euros=euros, **context)
    return render_template_string(PAGE, title=title, body=inner)


def create_app() -> Flask:
    port = int(os.environ.get("PORT", "5000"))
    here = os.path.dirname(os.path.abspath(__file__))
    settings = Settings(
        shop_url=os.environ.get("SHOP_URL", f"http://127.0.0.1:{port}").rstrip("/"),
        sandbox_url=os.environ.get("SANDBOX_URL", "http://127.0.0.1:8099").rstrip("/"),
    )
    store = Store(os.environ.get("DATABASE_URL", f"sqlite:///{os.path.join(here, 'shop.db')}"))
    store.init()
    gateways: Dict[str, Union[Lyra, Computop]] = {"lyra": Lyra(settings), "computop": Computop(settings)}

    app = Flask(__name__)
    app.secret_key = os.environ.get("SHOP_SECRET", secrets.token_hex(16))

    @app.get("/")
    def checkout_page() -> str:
        amount = request.args.get("amount", DEFAULT_AMOUNT, type=int)
        if amount is None or amount <= 0:
            abort(400)
        schedules = {way: schedule(way, amount) for way in WAYS}
        return render(
            "Votre panier", CHECKOUT, product=PRODUCT, amount=amount, buyer=BUYER, ways=WAYS, schedules=schedules
        )

    @app.post("/checkout")
    def checkout() -> Union[str, Response]:
        way = request.form.get("way", "")
        amount = request.form.get("amount", DEFAULT_AMOUNT, type=int)
        if way not in WAYS or amount is None or amount <= 0:
            abort(400)
        gateway = gateways[WAYS[way][0]]
        # Letters and digits only: Computop uses the TransID as RefNr (an..30) when none is given.
        order = store.create("CMD" + secrets.token_hex(5).upper(), way, gateway.name, amount)
        session["order_id"] = order.id  # for a return that carries no verified order id
        try:
            html = gateway.form(order)
        except cpay.CpayError as error:
            return Response(render("Paiement impossible", "<p data-error>{{ e }}</p>", e=str(error)), status=422)
        return render("Redirection vers le paiement", "{{ form|safe }}", form=html)

    @app.post("/notify/<gateway_name>")
    def notify(gateway_name: str) -> Response:
        gateway = gateways.get(gateway_name)
        if gateway is None:
            abort(404)
        # The raw body, not request.form: cpay parses it strictly (duplicates, bad escapes, non-UTF-8 are errors).
        body = request.get_data()
        order = store.find(gateway.claimed_order_id(body))
        try:
            result = gateway.notification(body, order)
        except cpay.CpayError as error:
            # Forged, misrouted, malformed: change nothing; the reply names the rule, never a secret.
            reply = error.reply or cpay.reply.rejected(error.code, error.message)
            return Response(reply.body, status=reply.status, content_type=reply.content_type)
        outcome = result.outcome
        order_id = order.id if order else (outcome.transaction_id if gateway_name == "computop" else outcome.order_id)
        if store.apply(order_id or "", outcome, notified=True) is None:
            # A verified message about an order this shop does not have: say so (the gateway retries / alerts).
            reply = cpay.reply.rejected("wrong_order", "no such order in this shop", field="order_id")
            return Response(reply.body, status=reply.status, content_type=reply.content_type)
        reply = result.reply
        return Response(reply.body, status=reply.status, content_type=reply.content_type)

    @app.route("/return/<gateway_name>", methods=["GET", "POST"])
    def browser_return(gateway_name: str) -> str:
        gateway = gateways.get(gateway_name)
        if gateway is None:
            abort(404)
        values = {k: v for k, v in request.values.items()}
        order_id = gateway.browser_return(values) if values else None
        order = store.find(order_id or session.get("order_id"))
        if order is None:
            abort(404)
        return render("Merci", RETURN, order=order)

    @app.get("/admin/orders")
    def admin_orders() -> str:
        return render("Back office : commandes", ADMIN, orders=store.all(), message=request.args.get("message"))

    def admin_action(order_id: str, action: str) -> BaseResponse:
        order = store.find(order_id)
        if order is None:
            abort(404)
        gateway = gateways[order.gateway]
        try:
            outcomes = gateway.refund(order) if action == "refund" else gateway.status(order)
            decisions = [store.apply(order.id, o) or "unknown" for o in outcomes]
            message = f"{action}: " + (", ".join(decisions) or "nothing to apply")
        except cpay.CpayError as error:
            message = f"{action}: {error.code}: {error.message}"
        except (ValueError, OSError) as error:
            message = f"{action}: {error}"
        return redirect(url_for("admin_orders", message=message), code=303)

    @app.post("/admin/orders/<order_id>/refund")
    def refund(order_id: str) -> BaseResponse:
        return admin_action(order_id, "refund")

    @app.post("/admin/orders/<order_id>/status")
    def status(order_id: str) -> BaseResponse:
        return admin_action(order_id, "status")

    @app.get("/api/orders/<order_id>")
    def api_order(order_id: str) -> Response:
        order = store.find(order_id)
        if order is None:
            return Response('{"error": "not found"}', status=404, content_type="application/json")
        return jsonify(
            id=order.id,
            status=order.status,
            gateway=order.gateway,
            way=order.way,
            amount=order.amount,
            refunded=order.refunded,
            reference=order.reference,
            paid_transitions=store.paid_transitions(order.id),
            events=store.events(order.id),
        )

    return app


if __name__ == "__main__":
    application = create_app()
    port = int(os.environ.get("PORT", "5000"))
    print(f"shop-python listening on http://127.0.0.1:{port}/", file=sys.stderr, flush=True)
    application.run(host="127.0.0.1", port=port, threaded=True)
