"""Writes tests/vectors/lyra.json.

Expected signatures are computed here with Python's own hmac/hashlib, following shared/specs/lyra.md §2,
independently of cpay's Rust code. Run: python3 tests/vectors/tools/gen_lyra.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import urllib.parse

KEY = "1122334455667788"  # the platform documentation's example TEST key (spec §2.6)
PROD_KEY = "8877665544332211"
SITE = "12345678"

SOURCES = {
    "spec": "shared/specs/lyra.md §2.6: the platform documentation's signature example (HMAC-SHA-256 and SHA-1)",
    "seed": "shared/seeds/001_11903450e45d8a7f.txt §9-§12 (Sogecommerce Cpay guide v1.1): fields, formats, rules",
    "reference": "signature computed by tests/vectors/tools/gen_lyra.py with Python hmac/hashlib (spec §2), run here",
    "spec-codes": "shared/specs/lyra.md §4-§5: transaction statuses and form error codes",
    "spec-rest": "shared/specs/lyra.md §6-§7: REST web services envelope and kr-hash",
    "schema": "schema/cpay.schema.json: the input types (Amount is integer minor units; mode is TEST or PRODUCTION)",
}


def sign(fields, key=KEY, algo="hmac-sha256"):
    values = [fields[k] for k in sorted(k for k in fields if k.startswith("vads_"))]
    message = ("+".join(values) + "+" + key).encode()
    if algo == "sha1":
        return hashlib.sha1(message).hexdigest()
    return base64.b64encode(hmac.new(key.encode(), message, hashlib.sha256).digest()).decode()


DOC = {
    "vads_action_mode": "INTERACTIVE", "vads_amount": "5124", "vads_ctx_mode": "TEST", "vads_currency": "978",
    "vads_page_action": "PAYMENT", "vads_payment_config": "SINGLE", "vads_site_id": "12345678",
    "vads_trans_date": "20170129130025", "vads_trans_id": "123456", "vads_version": "V2",
}
assert sign(DOC) == "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="
assert sign(DOC, algo="sha1") == "59c96b34c74b9375c332b0b6a32e6deeec87de2b"

CONFIG = {"platform": "sogecommerce", "site_id": SITE, "mode": "TEST", "test_key": KEY}
PROD_CONFIG = {"platform": "sogecommerce", "site_id": SITE, "mode": "PRODUCTION", "test_key": KEY,
               "production_key": PROD_KEY}

PAYMENT = {
    "amount": 2990, "trans_id": 362812, "trans_date": "2020-07-10T12:14:07+02:00",
    "order_id": "CMD-2020-0042",
    "customer": {"email": "me@example.com", "first_name": "John", "last_name": "Doe", "phone": "+33102030405",
                 "country": "FR"},
}
FORM_FIELDS = {
    "vads_action_mode": "INTERACTIVE", "vads_amount": "2990", "vads_capture_delay": "0", "vads_ctx_mode": "TEST",
    "vads_currency": "978", "vads_cust_country": "FR", "vads_cust_email": "me@example.com",
    "vads_cust_first_name": "John", "vads_cust_last_name": "Doe", "vads_cust_phone": "+33102030405",
    "vads_order_id": "CMD-2020-0042", "vads_page_action": "PAYMENT", "vads_payment_cards": "AURORE-MULTI",
    "vads_payment_config": "SINGLE", "vads_site_id": SITE, "vads_trans_date": "20200710101407",
    "vads_trans_id": "362812", "vads_validation_mode": "0", "vads_version": "V2",
}

CART_PAYMENT = dict(PAYMENT, amount=42850, order_info=["Code interphone 3125"],
                    customer={"last_name": "Durant", "city": "Labège", "zip": "31670", "country": "FR",
                              "legal_name": "D. & Cie", "cell_phone": "06 12 34 56 78"},
                    cart=[{"label": "Séjour 3 jours datés", "amount": 32150, "type": "TRAVEL", "ref": "1002127784",
                           "qty": 1},
                          {"label": "Concert privé", "amount": 10700, "type": "ENTERTAINMENT", "ref": "1002127693",
                           "qty": 1, "ext_id": "0223654789123654789"}],
                    urls={"return": "https://shop.example/return", "check": "https://shop.example/ipn"},
                    return_mode="POST", language="fr", ext_info={"loyalty": "gold"})
CART_FIELDS = dict(FORM_FIELDS, vads_amount="42850", vads_order_info="Code interphone 3125",
                   vads_nb_products="2",
                   vads_product_label0="Séjour 3 jours datés", vads_product_amount0="32150",
                   vads_product_type0="TRAVEL", vads_product_ref0="1002127784", vads_product_qty0="1",
                   vads_product_label1="Concert privé", vads_product_amount1="10700",
                   vads_product_type1="ENTERTAINMENT", vads_product_ref1="1002127693", vads_product_qty1="1",
                   vads_product_ext_id1="0223654789123654789",
                   vads_url_return="https://shop.example/return", vads_url_check="https://shop.example/ipn",
                   vads_return_mode="POST", vads_language="fr", vads_ext_info_loyalty="gold",
                   vads_cust_city="Labège", vads_cust_zip="31670", vads_cust_legal_name="D. & Cie",
                   vads_cust_cell_phone="06 12 34 56 78", vads_cust_last_name="Durant")
for k in ["vads_cust_email", "vads_cust_first_name", "vads_cust_phone"]:
    del CART_FIELDS[k]


def ipn(status="CAPTURED", result="00", auth="00", extra="", mode="TEST", site=SITE, key=KEY, **more):
    fields = dict(FORM_FIELDS, vads_ctx_mode=mode, vads_site_id=site, vads_trans_status=status,
                  vads_result=result, vads_auth_result=auth, vads_extra_result=extra,
                  vads_card_brand="AURORE-MULTI", vads_acquirer_network="AURORE",
                  vads_trans_uuid="9f3c2a1b4d5e6f708192a3b4c5d6e7f8", vads_threeds_auth_type="CHALLENGE",
                  vads_threeds_enrolled="Y", vads_threeds_status="Y", vads_threeds_cavv="",
                  vads_warranty_result="YES", vads_url_check_src="PAY", vads_operation_type="DEBIT",
                  vads_hash="5a1a0d28c8c9fa3e8a2b50ac3d2bd0a8e2f9c8d7b6a5f4e3d2c1b0a9f8e7d6c5",
                  vads_cust_city="Labège")
    fields.update(more)
    fields["signature"] = sign(fields, key)
    return fields


def body(fields):
    return urllib.parse.urlencode(fields)


PLUS_IPN = next(f for f in (ipn(vads_order_id=f"CMD-2020-{n:04}") for n in range(100)) if "+" in f["signature"])


def case(name, source, op, inp, output=None, error=None):
    c = {"name": name, "source": source, "op": op, "input": inp}
    if error is not None:
        c["error"] = error
    else:
        c["output"] = output
    return c


def form_error(name, payment, code, field, gateway_code=None):
    e = {"code": code, "field": field}
    if gateway_code:
        e["gateway_code"] = gateway_code
    return case(name, "seed", "lyra.form", {"config": CONFIG, "payment": payment}, error=e)


def notif(name, fields, output=None, error=None, config=CONFIG, source="reference", raw=None, **extra):
    inp = {"config": config, "body": raw if raw is not None else body(fields)}
    inp.update(extra)
    return case(name, source, "lyra.notification", inp, output=output, error=error)


cases = [
    case("documentation example, HMAC-SHA-256", "spec", "lyra.sign", {"fields": DOC, "key": KEY},
         {"signature": "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="}),
    case("documentation example, SHA-1", "spec", "lyra.sign", {"fields": DOC, "key": KEY, "algo": "sha1"},
         {"signature": "59c96b34c74b9375c332b0b6a32e6deeec87de2b"}),
    case("non-vads fields are not signed", "spec", "lyra.sign",
         {"fields": dict(DOC, signature="x", payer="Payer", shop_ref="A-1"), "key": KEY},
         {"signature": "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="}),
    case("empty values are empty segments", "reference", "lyra.sign",
         {"fields": dict(DOC, vads_order_info="", vads_extra_result=""), "key": KEY},
         {"signature": sign(dict(DOC, vads_order_info="", vads_extra_result=""))}),
    case("byte order sorting (label10 before label2) and UTF-8 values", "reference", "lyra.sign",
         {"fields": dict(DOC, vads_product_label2="Été", vads_product_label10="Noël", vads_product_label0="à"),
          "key": KEY},
         {"signature": sign(dict(DOC, vads_product_label2="Été", vads_product_label10="Noël",
                                 vads_product_label0="à"))}),
    case("empty key", "spec", "lyra.sign", {"fields": DOC, "key": ""}, error={"code": "invalid_key", "field": "key"}),
    case("unknown algorithm", "spec", "lyra.sign", {"fields": DOC, "key": KEY, "algo": "md5"},
         error={"code": "unsupported_algorithm", "field": "algo"}),
    case("verify the documentation example", "spec", "lyra.verify",
         {"fields": dict(DOC, signature="ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="), "key": KEY},
         {"valid": True}),
    case("verify: tampered amount", "spec", "lyra.verify",
         {"fields": dict(DOC, vads_amount="5125", signature="ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="),
          "key": KEY}, {"valid": False}),
    case("verify: wrong key", "spec", "lyra.verify",
         {"fields": dict(DOC, signature="ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="), "key": PROD_KEY},
         {"valid": False}),
    case("verify: SHA-1 signature under HMAC-SHA-256", "spec", "lyra.verify",
         {"fields": dict(DOC, signature="59c96b34c74b9375c332b0b6a32e6deeec87de2b"), "key": KEY},
         {"valid": False}),
    case("verify: no signature", "spec", "lyra.verify", {"fields": DOC, "key": KEY},
         error={"code": "signature_missing", "field": "signature"}),
    case("Cpay form (seed §10.1 fields, trans_date given at +02:00)", "reference", "lyra.form",
         {"config": CONFIG, "payment": PAYMENT},
         {"form": {"action": "https://sogecommerce.societegenerale.eu/vads-payment/", "method": "POST",
                   "fields": dict(FORM_FIELDS, signature=sign(FORM_FIELDS))}}),
    case("Cpay form, SHA-1 shop", "reference", "lyra.form",
         {"config": dict(CONFIG, algorithm="sha1"), "payment": PAYMENT},
         {"form": {"fields": dict(FORM_FIELDS, signature=sign(FORM_FIELDS, algo="sha1"))}}),
    case("Cpay form with cart, URLs, language, ext_info (seed §9.2-9.4 examples)", "reference", "lyra.form",
         {"config": dict(CONFIG, platform="payzen"), "payment": CART_PAYMENT},
         {"form": {"action": "https://secure.payzen.eu/vads-payment/",
                   "fields": dict(CART_FIELDS, signature=sign(CART_FIELDS))}}),
    case("PRODUCTION form is signed with the PRODUCTION key", "reference", "lyra.form",
         {"config": PROD_CONFIG, "payment": PAYMENT},
         {"form": {"fields": dict(FORM_FIELDS, vads_ctx_mode="PRODUCTION",
                                  signature=sign(dict(FORM_FIELDS, vads_ctx_mode="PRODUCTION"), PROD_KEY))}}),
    case("trans_id from the shop's counter wraps below 900000", "seed", "lyra.trans_id", {"counter": 1262812},
         {"trans_id": "362812"}),
    form_error("Cpay refuses USD", dict(PAYMENT, currency="USD"), "not_allowed", "vads_currency", "10"),
    form_error("Cpay refuses a capture delay", dict(PAYMENT, capture_delay=3), "not_allowed", "vads_capture_delay",
               "06"),
    form_error("Cpay refuses manual validation", dict(PAYMENT, manual_validation=True), "not_allowed",
               "vads_validation_mode", "05"),
    form_error("Cpay refuses MULTI", dict(PAYMENT, payment_config={"multi": {"first": 1000, "count": 3, "period": 30}}),
               "not_allowed", "vads_payment_config", "07"),
    form_error("Cpay refuses REGISTER_PAY", dict(PAYMENT, page_action="REGISTER_PAY"), "not_allowed",
               "vads_page_action", "46"),
    form_error("Cpay is for buyers in France", dict(PAYMENT, customer={"country": "BE"}), "not_allowed",
               "vads_cust_country", "22"),
    form_error("CR/LF in a value", dict(PAYMENT, customer={"last_name": "Doe\r\nX-Injected: 1"}), "invalid_format",
               "vads_cust_last_name", "105"),
    form_error("double quote in a value", dict(PAYMENT, customer={"first_name": "Jo\"hn"}), "invalid_format",
               "vads_cust_first_name", "104"),
    form_error("HTML entity in a value", dict(PAYMENT, customer={"city": "Lab&egrave;ge"}), "invalid_format",
               "vads_cust_city", "21"),
    form_error("< in a value", dict(PAYMENT, order_info=["<script>"]), "invalid_format", "vads_order_info", "14"),
    form_error("zip longer than an..64", dict(PAYMENT, customer={"zip": "1" * 65}), "invalid_format", "vads_cust_zip",
               "20"),
    form_error("country not alpha-2", dict(PAYMENT, customer={"country": "FRA"}), "invalid_format",
               "vads_cust_country", "22"),
    form_error("e-mail longer than ans..150", dict(PAYMENT, customer={"email": "a" * 140 + "@example.com"}),
               "invalid_format", "vads_cust_email", "15"),
    form_error("trailing space", dict(PAYMENT, customer={"last_name": "Doe "}), "invalid_format",
               "vads_cust_last_name", "105"),
    form_error("reserved trans_id", dict(PAYMENT, trans_id="950000"), "invalid_value", "vads_trans_id", "03"),
    form_error("trans_id of 5 characters", dict(PAYMENT, trans_id="12345"), "invalid_format", "vads_trans_id", "03"),
    form_error("zero amount", dict(PAYMENT, amount=0), "invalid_value", "vads_amount", "09"),
    form_error("cart does not add up to the amount", dict(CART_PAYMENT, amount=42851), "inconsistent", "vads_amount",
               "09"),
    form_error("unknown product type", dict(CART_PAYMENT, cart=[dict(CART_PAYMENT["cart"][0], type="BOOKS")],
                                            amount=32150),
               "invalid_value", "vads_product_type0", "98"),
    form_error("product quantity 0", dict(CART_PAYMENT, cart=[dict(CART_PAYMENT["cart"][0], qty=0)], amount=32150),
               "invalid_value", "vads_product_qty0", "101"),
    form_error("relative return URL", dict(PAYMENT, urls={"success": "/thanks"}), "invalid_format",
               "vads_url_success", "24"),
    form_error("unknown language", dict(PAYMENT, language="xx"), "invalid_value", "vads_language", "12"),
    form_error("unknown payment field (typo)", dict(PAYMENT, ammount=1), "invalid_value", "payment.ammount"),
    form_error("amount in major units (29.9) refused", dict(PAYMENT, amount=29.9), "invalid_value", "payment.amount"),
    form_error("negative amount refused", dict(PAYMENT, amount=-1), "invalid_value", "payment.amount"),
    form_error("amount as a string refused", dict(PAYMENT, amount="2990"), "invalid_value", "payment.amount"),
    case("unknown mode (lower case) refused", "schema", "lyra.form",
         {"config": dict(CONFIG, mode="test"), "payment": PAYMENT},
         error={"code": "invalid_value", "field": "config.mode"}),
    case("bad site id", "seed", "lyra.form", {"config": dict(CONFIG, site_id="1234"), "payment": PAYMENT},
         error={"code": "invalid_format", "field": "vads_site_id", "gateway_code": "02"}),
    case("no key for the shop's mode", "seed", "lyra.form",
         {"config": {"platform": "sogecommerce", "site_id": SITE, "mode": "PRODUCTION", "test_key": KEY},
          "payment": PAYMENT}, error={"code": "invalid_key"}),
    notif("IPN: captured Cpay payment", ipn(),
          {"outcome": {"gateway": "lyra", "status": "accepted", "code": "CAPTURED", "order_id": "CMD-2020-0042",
                       "transaction_id": "362812", "gateway_reference": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8",
                       "amount": 2990, "currency": "EUR", "card_brand": "AURORE-MULTI", "warranty": "YES",
                       "server_to_server": True, "idempotency_key": "lyra:9f3c2a1b4d5e6f708192a3b4c5d6e7f8",
                       "three_ds": {"auth_type": "CHALLENGE", "enrolled": "Y", "status": "Y"},
                       "details": {"result": "00", "auth_result": "00", "url_check_src": "PAY",
                                   "acquirer_network": "AURORE", "operation_type": "DEBIT"},
                       "fields": {"vads_cust_city": "Labège", "vads_threeds_cavv": ""}},
           "reply": {"status": 200}},
          expected={"order_id": "CMD-2020-0042", "amount": 2990}),
    notif("IPN: refused by Cetelem", ipn(status="REFUSED", result="05", auth="05"),
          {"outcome": {"status": "refused", "code": "REFUSED", "details": {"auth_result": "05"}}}),
    notif("IPN: abandoned", ipn(status="ABANDONED", result="17", auth=""),
          {"outcome": {"status": "cancelled", "code": "ABANDONED"}}),
    notif("IPN: form error 75 (OP_CETELEM)", ipn(status="REFUSED", result="30", auth="", extra="75"),
          {"outcome": {"status": "refused", "details": {"extra_result": "75", "form_error": "OP_CETELEM"}}},
          source="spec-codes"),
    notif("browser return (no vads_hash) is not server to server",
          {k: v for k, v in ipn().items() if k != "vads_hash"} | {"signature": sign(
              {k: v for k, v in ipn().items() if k != "vads_hash"})},
          {"outcome": {"status": "accepted", "server_to_server": False}}),
    notif("GET return: '+' of the signature left raw in the query (decoded as a space)", PLUS_IPN,
          {"outcome": {"status": "accepted", "order_id": PLUS_IPN["vads_order_id"]}},
          raw=body({k: v for k, v in PLUS_IPN.items() if k != "signature"}) + "&signature=" + PLUS_IPN["signature"]),
    notif("IPN: SHA-1 shop", {k: v for k, v in ipn().items() if k != "signature"} | {
        "signature": sign({k: v for k, v in ipn().items() if k != "signature"}, algo="sha1")},
          {"outcome": {"status": "accepted"}}, config=dict(CONFIG, algorithm="sha1")),
    notif("IPN: tampered amount", dict(ipn(), vads_amount="1"),
          error={"code": "signature_mismatch", "field": "signature"}),
    notif("IPN: tampered status", dict(ipn(status="REFUSED", result="05", auth="05"), vads_trans_status="CAPTURED"),
          error={"code": "signature_mismatch", "field": "signature"}),
    notif("IPN: wrong key", ipn(key=PROD_KEY), error={"code": "signature_mismatch", "field": "signature"}),
    notif("IPN: SHA-1 signature at an HMAC-SHA-256 shop",
          {k: v for k, v in ipn().items() if k != "signature"} | {
              "signature": sign({k: v for k, v in ipn().items() if k != "signature"}, algo="sha1")},
          error={"code": "signature_mismatch", "field": "signature"}),
    notif("IPN: TEST notification at a PRODUCTION shop (genuinely signed with the TEST key)", ipn(),
          error={"code": "wrong_mode", "field": "vads_ctx_mode"}, config=PROD_CONFIG),
    notif("IPN: TEST notification at a PRODUCTION shop without the TEST key", ipn(),
          error={"code": "wrong_mode", "field": "vads_ctx_mode"},
          config={"platform": "sogecommerce", "site_id": SITE, "mode": "PRODUCTION", "production_key": PROD_KEY}),
    notif("IPN: other shop", ipn(site="87654321"), error={"code": "wrong_shop", "field": "vads_site_id"}),
    notif("IPN: other order", ipn(), error={"code": "wrong_order", "field": "vads_order_id"},
          expected={"order_id": "CMD-2020-0043"}),
    notif("IPN: other amount", ipn(), error={"code": "wrong_order", "field": "vads_amount"},
          expected={"amount": 2991}),
    notif("IPN: no signature", {k: v for k, v in ipn().items() if k != "signature"},
          error={"code": "signature_missing", "field": "signature"}),
    notif("IPN: no mode", {k: v for k, v in ipn().items() if k != "vads_ctx_mode"},
          error={"code": "missing_field", "field": "vads_ctx_mode"}),
    notif("IPN: non-UTF-8 value", {}, error={"code": "malformed", "field": "vads_cust_city"},
          raw=body(ipn()).replace("Lab%C3%A8ge", "Lab%E8ge")),
    notif("IPN: broken percent escape", {}, error={"code": "malformed"}, raw=body(ipn()) + "&x=%G1"),
    notif("IPN: a field sent twice", {}, error={"code": "malformed", "field": "vads_amount"},
          raw=body(ipn()) + "&vads_amount=1"),
    notif("IPN: oversized body", {}, error={"code": "too_large"}, raw="a=" + "b" * 300000),
    case("refund allowed: cash option, any day", "seed", "lyra.refund",
         {"config": dict(CONFIG, rest_password="testpassword_DEMO"),
          "refund": {"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "amount": 1000, "option": "comptant",
                     "paid_at": "2026-01-10T10:00:00Z", "now": "2026-06-01T09:00:00Z", "captured": 2990,
                     "refunded": 0}},
         {"method": "POST",
          "url": "https://api-sogecommerce.societegenerale.eu/api-payment/V4/Transaction/CancelOrRefund",
          "headers": {"Content-Type": "application/json",
                      "Authorization": "Basic " + base64.b64encode(b"12345678:testpassword_DEMO").decode()},
          "body": json.dumps({"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "amount": 1000, "currency": "EUR",
                              "resolutionMode": "REFUND_ONLY"}, separators=(",", ":"))}),
    case("refund refused: other option, next day", "seed", "lyra.refund",
         {"config": dict(CONFIG, rest_password="testpassword_DEMO"),
          "refund": {"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "amount": 1000, "option": "10x",
                     "paid_at": "2026-01-10T10:00:00Z", "now": "2026-01-11T09:00:00Z", "captured": 2990}},
         error={"code": "refund_not_allowed", "field": "amount"}),
    case("refund refused: more than captured minus refunded", "seed", "lyra.refund",
         {"config": dict(CONFIG, rest_password="testpassword_DEMO"),
          "refund": {"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "amount": 2000, "option": "credit",
                     "paid_at": "2026-01-10T10:00:00Z", "now": "2026-01-10T11:00:00Z", "captured": 2990,
                     "refunded": 1000}},
         error={"code": "refund_not_allowed", "field": "amount"}),
    case("REST error envelope", "spec-rest", "lyra.status_answer",
         {"response": {"status": 200, "body": json.dumps(
             {"status": "ERROR", "answer": {"errorCode": "PSP_010", "errorMessage": "transaction not found"}})}},
         error={"code": "gateway_error", "gateway_code": "PSP_010"}),
    case("REST success envelope", "spec-rest", "lyra.status_answer",
         {"response": {"status": 200, "body": json.dumps(
             {"status": "SUCCESS", "answer": {"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "detailedStatus": "CAPTURED"}})}},
         {"answer": {"detailedStatus": "CAPTURED"}}),
]

KR_ANSWER = json.dumps({"orderStatus": "PAID", "orderDetails": {"orderId": "CMD-7", "orderTotalAmount": 2990,
                                                                "orderCurrency": "EUR"},
                        "transactions": [{"uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "detailedStatus": "CAPTURED"}]})
KR_HASH = hmac.new(b"testpassword_DEMO", KR_ANSWER.encode(), hashlib.sha256).hexdigest()
kr_body = urllib.parse.urlencode({"kr-hash": KR_HASH, "kr-hash-algorithm": "sha256_hmac", "kr-hash-key": "password",
                                  "kr-answer-type": "V4/Payment", "kr-answer": KR_ANSWER})
cases += [
    case("kr-answer IPN hashed with the REST password", "spec-rest", "lyra.kr_answer",
         {"body": kr_body, "password": "testpassword_DEMO"},
         {"status": "accepted", "order_id": "CMD-7", "amount": 2990, "server_to_server": True}),
    case("kr-answer re-serialised (spaces) no longer matches", "spec-rest", "lyra.kr_answer",
         {"body": kr_body.replace("%2C+", "%2C"), "password": "testpassword_DEMO"} if "%2C+" in kr_body else
         {"body": kr_body.replace("PAID", "PAID+"), "password": "testpassword_DEMO"},
         error={"code": "signature_mismatch", "field": "kr-hash"}),
    case("kr-answer with the wrong key", "spec-rest", "lyra.kr_answer",
         {"body": kr_body, "password": "prodpassword_OTHER"}, error={"code": "signature_mismatch", "field": "kr-hash"}),
]

# An exact integer written as a float (PHP's round($total * 100) returns 2990.0) is that integer.
_form = next(c for c in cases if c["op"] == "lyra.form" and "output" in c)
cases += [
    case("amount written as a float with no fraction (2990.0) is 2990", "schema", "lyra.form",
         dict(_form["input"], payment=dict(_form["input"]["payment"], amount=float(_form["input"]["payment"]["amount"]))),
         _form["output"]),
    case("REST answer HTTP 401: the REST password is named", "spec-rest", "lyra.refund_answer",
         {"response": {"status": 401, "body": ""}}, error={"code": "invalid_key", "field": "config.rest_password"}),
]

doc = {"gateway": "lyra", "sources": SOURCES, "cases": cases}
out = pathlib.Path(__file__).resolve().parent.parent / "lyra.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
