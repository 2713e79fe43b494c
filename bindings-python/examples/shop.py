"""What the two IPN examples share: the shop's Lyra configuration and a tiny order store.

A real shop keeps orders in its database; what matters here is the pattern:

1. look the order up by the order id the notification *claims* (untrusted, used only to know what to expect);
2. let cpay verify the signature, the shop, the mode, and that order id and amount (``expected``);
3. ask ``cpay.plan.order_state`` what the verified outcome does to the order as stored (its status, the
   idempotency key that set it, the amount captured, the refunds recorded, whether it shipped): apply it,
   ignore a duplicate, or flag a conflict; ship only when ``ship``. A refund made in the Back Office arrives
   as an IPN too (``operation: refund``): the order becomes ``partially_refunded`` or ``refunded``;
4. answer with the reply cpay gives (also on errors: ``error.reply``).

``reconcile`` is the lost-notification recipe (docs/plans.md, "Lost notifications"): for each order still
pending after N minutes, ask the platform (``lyra.order_status`` → ``lyra.order_status_answer``) and give each
verified outcome to the same ``record``.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Union

import cpay
from cpay.types import HttpRequest, HttpResponse, LyraConfig, LyraExpected, OrderStatus, Reply

#: The shop's Lyra account. Keys come from the environment, never from code or logs.
CONFIG: LyraConfig = {
    "platform": "sogecommerce",
    "site_id": os.environ.get("CPAY_SITE_ID", "12345678"),
    "mode": "PRODUCTION" if os.environ.get("CPAY_MODE") == "PRODUCTION" else "TEST",
    "test_key": os.environ.get("CPAY_TEST_KEY", ""),
    "production_key": os.environ.get("CPAY_PRODUCTION_KEY", ""),
    # The REST API password of the mode, for status queries and refunds (Back Office, "Clés d'API REST").
    "rest_password": os.environ.get("CPAY_REST_PASSWORD", ""),
}


@dataclass
class Order:
    """An order as the shop stores it: what ``plan.order_state`` returns, and when the buyer left to pay."""

    id: str
    amount: int
    status: OrderStatus = "new"
    key: Optional[str] = None
    captured: Optional[int] = None
    refunds: List[Dict[str, Any]] = field(default_factory=list)
    history: List[str] = field(default_factory=list)
    created_at: float = 0.0  # seconds since the epoch
    shipments: int = 0

    @property
    def shipped(self) -> bool:
        """Whether the order went to the warehouse (``plan.order_state`` says ``ship`` once per payment)."""
        return self.shipments > 0


class OrderStore:
    """In-memory orders (a database would update the row in one transaction)."""

    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self._lock = threading.Lock()

    def add(self, order: Order) -> None:
        self.orders[order.id] = order

    def find(self, order_id: Optional[str]) -> Optional[Order]:
        return self.orders.get(order_id) if order_id else None

    def record(self, order: Order, outcome: cpay.types.Outcome) -> None:
        """Apply a verified outcome to its order as ``plan.order_state`` decides; ship once, when told to."""
        with self._lock:
            decision = cpay.plan.order_state(
                {
                    "status": order.status,
                    "key": order.key,
                    "amount": order.amount,
                    "currency": "EUR",
                    "captured": order.captured,
                    "refunds": order.refunds,
                    "shipped": order.shipped,
                },
                outcome,
            )
            if decision.decision == "apply":
                order.status, order.key, order.captured = decision.status, decision.key, decision.captured
                order.refunds = [{"key": r.key, "amount": r.amount} for r in decision.refunds]
                prefix = "" if outcome.operation == "payment" else f"{outcome.operation} "
                order.history.append(f"{prefix}{outcome.status} {outcome.code}")
            if decision.ship:
                order.shipments += 1  # hand the order to the warehouse here


def claimed_order_id(body: Union[bytes, str]) -> Optional[str]:
    """The ``vads_order_id`` a notification claims, before verification: only to look up what to expect."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    values = urllib.parse.parse_qs(text).get("vads_order_id")
    return values[0] if values else None


def handle_ipn(store: OrderStore, body: Union[bytes, str]) -> Reply:
    """The whole IPN view, framework-free: verify, update the order once, and return the reply to send."""
    order = store.find(claimed_order_id(body))
    expected: Optional[LyraExpected] = {"order_id": order.id, "amount": order.amount} if order else None
    try:
        result = cpay.lyra.notification(CONFIG, body=body, expected=expected)
    except cpay.CpayError as error:
        # Forged, misrouted or malformed: change nothing. The reply names the rule, never a secret.
        assert error.reply is not None  # every notification function attaches it
        return error.reply
    if order is not None:
        store.record(order, result.outcome)
    return result.reply


#: How the shop sends a request cpay built: its own HTTP client (requests, httpx, urllib…).
Send = Callable[[HttpRequest], HttpResponse]


def reconcile(store: OrderStore, send: Send, now: float, minutes: int = 30) -> None:
    """The lost-notification recipe: ask the platform about every order still pending after ``minutes``.

    The IPN never came (a wrong notification URL, an https redirect, a firewall): the shop knows its order id,
    not the transaction's uuid, so it asks ``Order/Get``. The answer is verified like a notification (shop,
    mode, order) and gives one outcome per transaction — payments and refunds — which go through the same
    ``record`` as an IPN would; an IPN arriving later is a duplicate.
    """
    for order in list(store.orders.values()):
        if order.status not in ("new", "pending") or now - order.created_at < minutes * 60:
            continue
        request = cpay.lyra.order_status(CONFIG, order.id)
        try:
            answer = cpay.lyra.order_status_answer(CONFIG, send(request), expected={"order_id": order.id})
        except cpay.CpayError:
            continue  # e.g. the platform does not know the order yet: ask again at the next round
        for outcome in answer.outcomes:
            store.record(order, outcome)
