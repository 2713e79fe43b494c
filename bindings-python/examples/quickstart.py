"""The typed API end to end, offline: build a signed Cpay form, then verify the platform's notification.

Run it with ``python quickstart.py``; ``mypy --strict quickstart.py`` checks it against cpay's stubs.
"""

from __future__ import annotations

import urllib.parse
from typing import Any, Dict

import cpay

KEY = "1122334455667788"  # the documentation's TEST key; read yours from the environment
CONFIG: Dict[str, Any] = {"platform": "sogecommerce", "site_id": "12345678", "mode": "TEST", "test_key": KEY}


def main() -> None:
    form: cpay.PaymentForm = cpay.lyra.form(
        CONFIG,
        {
            "amount": 2990,  # minor units: 29.90 EUR
            "trans_id": 362812,
            "trans_date": "2020-07-10T10:14:07Z",
            "order_id": "CMD-2020-0042",
            "customer": {"email": "me@example.com", "last_name": "Doe", "country": "FR"},
        },
    )
    print(f"POST {form.action} with {len(form.fields)} fields, signature {form.fields['signature']}")

    # The platform's IPN echoes the vads_* fields with the result; simulate it by signing them with the key.
    ipn = {**form.fields, "vads_trans_status": "CAPTURED", "vads_result": "00", "vads_hash": "0" * 64}
    ipn["vads_trans_uuid"] = "9f3c2a1b4d5e6f708192a3b4c5d6e7f8"
    ipn["signature"] = cpay.lyra.sign(ipn, KEY)
    body = urllib.parse.urlencode(ipn)

    result = cpay.lyra.notification(CONFIG, body=body, expected={"order_id": "CMD-2020-0042", "amount": 2990})
    outcome: cpay.Outcome = result.outcome
    print(f"{outcome.status} {outcome.code} {outcome.amount} {outcome.currency} key={outcome.idempotency_key}")
    print(f"answer the platform: {result.reply.status} {result.reply.body}")

    tampered = body.replace("vads_amount=2990", "vads_amount=1")
    try:
        cpay.lyra.notification(CONFIG, body=tampered)
    except cpay.VerificationError as error:
        reply = cpay.lyra.rejected_reply(error)
        print(f"tampered IPN rejected ({error.code}, {error.number}): {reply.status} {reply.body}")


if __name__ == "__main__":
    main()
