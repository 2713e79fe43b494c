"""What the two IPN examples share: the shop's Lyra configuration and a tiny idempotent order store.

A real shop keeps orders in its database; what matters here is the pattern:

1. look the order up by the order id the notification *claims* (untrusted, used only to know what to expect);
2. let cpay verify the signature, the shop, the mode, and that order id and amount (``expected``);
3. apply the verified ``Outcome`` once per ``outcome.idempotency_key`` (platforms retry notifications);
4. answer with the reply cpay gives.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Set, Union

import cpay

#: The shop's Lyra account. Keys come from the environment, never from code or logs.
CONFIG: Dict[str, Any] = {
    "platform": os.environ.get("CPAY_PLATFORM", "sogecommerce"),
    "site_id": os.environ.get("CPAY_SITE_ID", "12345678"),
    "mode": os.environ.get("CPAY_MODE", "TEST"),
    "test_key": os.environ.get("CPAY_TEST_KEY", ""),
    "production_key": os.environ.get("CPAY_PRODUCTION_KEY", ""),
}


@dataclass
class Order:
    """An order as the shop stores it."""

    id: str
    amount: int
    status: str = "awaiting_payment"
    history: list[str] = field(default_factory=list)


class OrderStore:
    """In-memory orders; ``apply`` is idempotent per idempotency key (a database would use a unique index)."""

    def __init__(self) -> None:
        self.orders: Dict[str, Order] = {}
        self._seen: Set[str] = set()
        self._lock = threading.Lock()

    def add(self, order: Order) -> None:
        self.orders[order.id] = order

    def find(self, order_id: Optional[str]) -> Optional[Order]:
        return self.orders.get(order_id) if order_id else None

    def apply(self, outcome: cpay.Outcome) -> bool:
        """Record a verified outcome on its order; False when it was already applied (a retry) or unknown."""
        with self._lock:
            order = self.find(outcome.order_id)
            if order is None or outcome.idempotency_key in self._seen:
                return False
            self._seen.add(outcome.idempotency_key)
            order.status = {"accepted": "paid", "pending": "awaiting_payment"}.get(outcome.status, "payment_failed")
            order.history.append(f"{outcome.status} {outcome.code}")
            return True


def claimed_order_id(body: Union[bytes, str]) -> Optional[str]:
    """The ``vads_order_id`` a notification claims, before verification: only to look up what to expect."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    values = urllib.parse.parse_qs(text).get("vads_order_id")
    return values[0] if values else None


def handle_ipn(store: OrderStore, body: Union[bytes, str]) -> cpay.ShopReply:
    """The whole IPN view, framework-free: verify, update the order once, and return the reply to send."""
    order = store.find(claimed_order_id(body))
    expected = {"order_id": order.id, "amount": order.amount} if order else None
    try:
        result = cpay.lyra.notification(CONFIG, body=body, expected=expected)
    except cpay.CpayError as error:
        # Forged, misrouted or malformed: change nothing. The reply names the rule, never a secret.
        return cpay.lyra.rejected_reply(error)
    store.apply(result.outcome)
    return result.reply
