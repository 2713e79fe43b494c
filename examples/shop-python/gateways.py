"""What the shop does with each gateway, all through cpay: the form, the notification, the refund, the status.

Two gateways, each behind the same small interface (``Lyra``, ``Computop``), so that the Flask views do not care
which one an order went through. Every signature, MAC and cipher is cpay's; the shop only sends the HTTP requests
cpay builds (``send``) and stores what ``plan.order_state`` decides (``store.Store.apply``).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

import cpay
from cpay.types import (
    ComputopConfig,
    ComputopExpected,
    Gateway,
    HttpRequest,
    HttpResponse,
    LyraConfig,
    LyraExpected,
    Outcome,
    ScheduleMethod,
)

from store import Order, now_iso

# The buyer and the cart of the demo checkout (a French shop: accents, apostrophes, a long address).
BUYER = {
    "salutation": "Mme",
    "first_name": "Renée",
    "last_name": "L'Hôte-Lefèvre",
    "email": "renee.lhote@example.org",
    "phone": "+33612345678",
    "street": "12, rue de l'Église — Bâtiment « Les Érables »",
    "zip": "42000",
    "city": "Saint-Étienne",
    "country": "FR",
}
PRODUCT = "Canapé d'angle « Lévis » en velours côtelé"
DEFAULT_AMOUNT = 124990

#: way → (gateway, what the buyer sees). Lyra ways carry the card (`vads_payment_cards`), Computop its PayType.
WAYS: Dict[str, Tuple[str, str]] = {
    "lyra-cpay": ("lyra", "Carte Cpay (Cetelem) — Lyra"),
    "lyra-3x": ("lyra", "3x CB Cetelem — Lyra"),
    "lyra-4x": ("lyra", "4x CB Cetelem — Lyra"),
    "computop-3x": ("computop", "3x CB Cetelem — Computop"),
    "computop-4x": ("computop", "4x CB Cetelem — Computop"),
}
LYRA_CARDS = {"lyra-cpay": "AURORE-MULTI", "lyra-3x": "FULLCB3X", "lyra-4x": "FULLCB4X"}
COMPUTOP_PAY_TYPES = {"computop-3x": 1, "computop-4x": 2}  # PayType: 1 = Cetelem 3xCB, 2 = Cetelem 4xCB


def send(request: HttpRequest, timeout: float = 15.0) -> HttpResponse:
    """Send a request cpay built and hand back what the gateway answered (error statuses included: cpay reads
    the gateway's error codes from them)."""
    data = request.body.encode("utf-8") if request.body else None
    req = urllib.request.Request(request.url, data=data, method=request.method, headers=dict(request.headers))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, body, headers = resp.status, resp.read(), dict(resp.headers.items())
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), dict(error.headers.items())
    return {"status": status, "body": body.decode("utf-8", "replace"), "headers": headers}


@dataclass
class Settings:
    """The shop's environment: its own URL (for the notification and return URLs) and the gateway's."""

    shop_url: str
    sandbox_url: str


class Lyra:
    """Cpay, 3x and 4x through a Lyra platform (the sandbox's ``/lyra/…``)."""

    name = "lyra"

    def __init__(self, settings: Settings) -> None:
        base = os.environ.get("LYRA_URL", settings.sandbox_url.rstrip("/") + "/lyra")
        # The demo shop of Lyra's documentation, which the sandbox knows; a real shop reads its own from the
        # environment (Back Office: "Paramétrage > Boutique > Clés", "Clés d'API REST").
        self.config: LyraConfig = {
            "platform": {"custom": {"form_url": f"{base}/vads-payment/", "rest_url": f"{base}/api-payment/"}},
            "site_id": os.environ.get("LYRA_SITE_ID", "12345678"),
            "mode": "TEST",
            "test_key": os.environ.get("LYRA_TEST_KEY", "1122334455667788"),
            "rest_password": os.environ.get("LYRA_REST_PASSWORD", "testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M"),
        }
        self.settings = settings

    def form(self, order: Order) -> str:
        shop = self.settings.shop_url
        page = cpay.lyra.form(
            self.config,
            {
                "amount": order.amount,
                "trans_id": order.trans_id,
                "trans_date": now_iso(),
                "order_id": order.id,
                "payment_cards": LYRA_CARDS[order.way],
                "customer": {
                    "first_name": BUYER["first_name"],
                    "last_name": BUYER["last_name"],
                    "email": BUYER["email"],
                    "cell_phone": BUYER["phone"],
                    "address": BUYER["street"],
                    "zip": BUYER["zip"],
                    "city": BUYER["city"],
                    "country": BUYER["country"],
                },
                "urls": {"check": f"{shop}/notify/lyra", "return": f"{shop}/return/lyra"},
                "return_mode": "GET",
                "language": "fr",
            },
            auto_submit=True,
            submit_label="Payer",
        )
        return page.html

    def claimed_order_id(self, body: bytes) -> Optional[str]:
        """The ``vads_order_id`` the notification claims, before verification: only to know what to expect."""
        values = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("vads_order_id")
        return values[0] if values else None

    def notification(self, body: bytes, order: Optional[Order]) -> cpay.types.Notification:
        expected: Optional[LyraExpected] = {"order_id": order.id, "amount": order.amount} if order else None
        return cpay.lyra.notification(self.config, body=body, expected=expected)

    def browser_return(self, values: Mapping[str, str]) -> Optional[str]:
        """The order id of a signed browser return (``vads_return_mode=GET``), or None when it does not verify."""
        try:
            return cpay.lyra.notification(self.config, fields=dict(values)).outcome.order_id
        except cpay.CpayError:
            return None

    def refund(self, order: Order) -> List[Outcome]:
        if not order.reference or order.captured is None or order.paid_at is None:
            raise ValueError("this order has no captured payment to refund")
        request = cpay.lyra.refund(
            self.config,
            {
                "uuid": order.reference,
                "amount": order.captured - order.refunded,
                "currency": "EUR",
                "paid_at": order.paid_at,
                "now": now_iso(),
                "captured": order.captured,
                "refunded": order.refunded,
                "comment": f"Remboursement de la commande {order.id}",
            },
        )
        answer = cpay.lyra.refund_answer(self.config, send(request), expected={"uuid": order.reference})
        return [answer.outcome]

    def status(self, order: Order) -> List[Outcome]:
        """The lost-notification recovery: ``Order/Get`` by the shop's order id, one outcome per transaction."""
        request = cpay.lyra.order_status(self.config, order.id)
        answer = cpay.lyra.order_status_answer(self.config, send(request), expected={"order_id": order.id})
        return list(answer.outcomes)


class Computop:
    """3x and 4x through Computop Paygate's ``CetelemFullCB.aspx`` (the sandbox's ``/computop/…``)."""

    name = "computop"

    def __init__(self, settings: Settings) -> None:
        host = os.environ.get("COMPUTOP_URL", settings.sandbox_url.rstrip("/") + "/computop")
        # Computop's public test vectors' merchant; a real shop reads its MerchantID and passwords from the
        # environment (Computop Analytics, "Passwords").
        self.config: ComputopConfig = {
            "merchant_id": os.environ.get("COMPUTOP_MERCHANT_ID", "cpay_demo"),
            "blowfish_key": os.environ.get("COMPUTOP_BLOWFISH_KEY", "password"),
            "mac_key": os.environ.get("COMPUTOP_MAC_KEY", "password"),
            "host": {"custom": host},
        }
        self.settings = settings

    def form(self, order: Order) -> str:
        shop = self.settings.shop_url
        page = cpay.computop.form(
            self.config,
            {
                "trans_id": order.id,
                "amount": order.amount,
                "pay_type": COMPUTOP_PAY_TYPES[order.way],
                "url_success": f"{shop}/return/computop",
                "url_failure": f"{shop}/return/computop",
                "url_notify": f"{shop}/notify/computop",
                "order_desc": PRODUCT,
                "customer": {
                    "salutation": BUYER["salutation"],
                    "first_name": BUYER["first_name"],
                    "last_name": BUYER["last_name"],
                    "email": BUYER["email"],
                    "phone": BUYER["phone"],
                },
                "billing": {
                    "first_name": BUYER["first_name"],
                    "last_name": BUYER["last_name"],
                    "street": BUYER["street"],
                    "zip": BUYER["zip"],
                    "city": BUYER["city"],
                    "country_code": BUYER["country"],
                },
            },
            auto_submit=True,
            submit_label="Payer",
        )
        return page.html

    def claimed_order_id(self, body: bytes) -> Optional[str]:
        return None  # the TransID is inside the encrypted Data: known after verification only

    def notification(self, body: bytes, order: Optional[Order]) -> cpay.types.Notification:
        expected: Optional[ComputopExpected] = {"trans_id": order.id} if order else None
        return cpay.computop.notification(self.config, body, expected=expected, server_to_server=True)

    def browser_return(self, values: Mapping[str, str]) -> Optional[str]:
        try:
            body = urllib.parse.urlencode(dict(values))
            return cpay.computop.notification(self.config, body).outcome.transaction_id
        except cpay.CpayError:
            return None

    def refund(self, order: Order) -> List[Outcome]:
        if not order.reference or order.captured is None:
            raise ValueError("this order has no captured payment to refund")
        request = cpay.computop.refund(
            self.config,
            {
                "pay_id": order.reference,
                "trans_id": order.id,
                "amount": order.captured - order.refunded,
                "captured": order.captured,
                "credited": order.refunded,
                "notify_answered": order.notified,
            },
        )
        expected: ComputopExpected = {"trans_id": order.id, "pay_id": order.reference}
        return [cpay.computop.refund_answer(self.config, send(request), expected=expected)]

    def status(self, order: Order) -> List[Outcome]:
        if not order.reference:
            raise ValueError("Paygate's inquiry needs the PayID, which only a verified notify gives")
        request = cpay.computop.status(self.config, order.reference, order.id)
        expected: ComputopExpected = {"trans_id": order.id, "pay_id": order.reference}
        answer = cpay.computop.status_answer(self.config, send(request), expected)
        return [answer.outcome]


def schedule(way: str, amount: int) -> List[Any]:
    """The instalments shown beside a 3x/4x button (``plan.schedule``), empty for Cpay or a refused amount."""
    methods: Dict[str, ScheduleMethod] = {"3x": "fullcb-3x", "4x": "fullcb-4x"}
    method = methods.get(way[-2:])
    if method is None:
        return []
    gateway: Gateway = "computop" if WAYS[way][0] == "computop" else "lyra"
    try:
        return list(cpay.plan.schedule(method, amount, now_iso()[:10], gateway=gateway))
    except cpay.CpayError:
        return []
