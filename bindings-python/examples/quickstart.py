"""The typed API end to end, offline: build a signed Cpay form, then verify the platform's notification.

Run it with ``python quickstart.py``; ``mypy --strict quickstart.py`` checks it against cpay's types.
"""

from __future__ import annotations

import urllib.parse

import cpay
from cpay.types import LyraConfig

KEY = "1122334455667788"  # the documentation's TEST key; read yours from the environment
CONFIG: LyraConfig = {"platform": "sogecommerce", "site_id": "12345678", "mode": "TEST", "test_key": KEY}


def main() -> None:
    page = cpay.lyra.form(
        CONFIG,
        {
            "amount": 2990,  # minor units: 29.90 EUR
            "trans_id": 362812,
            "trans_date": "2020-07-10T10:14:07Z",
            "order_id": "CMD-2020-0042",
            "customer": {"email": "me@example.com", "last_name": "Doe", "country": "FR"},
        },
    )
    form = page.form
    print(f"{form.method} {form.action} with {len(form.fields)} fields, signature {form.fields['signature']}")

    # The platform's IPN echoes the vads_* fields with the result; simulate it by signing them with the key.
    ipn = {**form.fields, "vads_trans_status": "CAPTURED", "vads_result": "00", "vads_hash": "0" * 64}
    ipn["vads_trans_uuid"] = "9f3c2a1b4d5e6f708192a3b4c5d6e7f8"
    ipn["signature"] = cpay.lyra.sign(ipn, KEY)
    body = urllib.parse.urlencode(ipn)

    result = cpay.lyra.notification(CONFIG, body=body, expected={"order_id": "CMD-2020-0042", "amount": 2990})
    outcome = result.outcome
    print(f"{outcome.status} {outcome.code} {outcome.amount} {outcome.currency} key={outcome.idempotency_key}")
    print(f"answer the platform: {result.reply.status} {result.reply.body}")

    # What the outcome does to the order as stored: apply it once, and ship only when told to.
    decision = cpay.plan.order_state({"status": "new", "amount": 2990, "currency": "EUR"}, outcome)
    print(f"order: {decision.decision} → {decision.status}, ship={decision.ship}")
    again = cpay.plan.order_state({"status": decision.status, "key": decision.key}, outcome)
    print(f"the same IPN again: {again.decision}, ship={again.ship}")

    tampered = body.replace("vads_amount=2990", "vads_amount=1")
    try:
        cpay.lyra.notification(CONFIG, body=tampered)
    except cpay.CpayError as error:
        assert error.is_verification_failure and error.reply is not None
        print(f"tampered IPN rejected ({error.code}, {error.number}): {error.reply.status} {error.reply.body}")


if __name__ == "__main__":
    main()
