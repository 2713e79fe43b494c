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
    "rest-charge": "Lyra REST API V4 documentation: Charge/CreatePayment (formToken for the embedded form) and "
                   "Charge/CreatePaymentOrder (docs.lyra.com/en/rest/V4.0/api/kb/mail_payment_order.html, "
                   "sms_payment_order.html: channelOptions.channelType MAIL/SMS, mailOptions.recipient, "
                   "smsOptions.phoneNumber; answer paymentOrderId, paymentURL); bodies written here with json.dumps",
    "fullcb": "Sogecommerce documentation 'FullCB', 'Creating a FullCB payment request' (sogecommerce.societegenerale"
              ".eu/doc/en-EN/payment-method/fullcb/redirection-form/creating-a-fullcb-payment-request.html): "
              "vads_payment_cards FULLCB3X/FULLCB4X, EUR, SINGLE; validation 0 and capture 0 as Lyra's own modules "
              "send them; 90-3000 EUR; signature computed here with Python hmac",
    "doc-operation": "Lyra Dictionnaire de données: vads_operation_type (DEBIT/CREDIT), vads_trans_status "
                     "(CANCELLED, CAPTURE_FAILED), vads_url_check_src (PAY, BO, MERCH_BO, BATCH, RETRY…), "
                     "vads_effective_amount / vads_effective_currency; IPN signed by gen_lyra.py (Python hmac)",
    "doc-rest-objects": "Lyra REST API V4 reference: the V4/Payment example of the embedded-form quick start "
                        "(its transactions[0], a V4/PaymentTransaction: shopId, uuid, amount, currency, status, "
                        "detailedStatus, operationType, orderDetails.mode/orderId, transactionDetails."
                        "effectiveAmount/parentTransactionUuid, cardDetails.legacyTransId/effectiveBrand/"
                        "captureResponse.refundAmount) and the V4/Transaction and V4/OrderTransactions objects "
                        "answered by Transaction/Get, CancelOrRefund, Validate, Update and Order/Get; values "
                        "constructed per that structure for this shop (site 12345678, TEST)",
    "doc-rest-calls": "Lyra REST API V4 reference: Transaction/Update {uuid, cardUpdate: {amount, currency}, "
                      "comment} and Order/Get {orderId}; Basic auth site id:password, computed here",
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
REST_CONFIG = dict(CONFIG, rest_password="testpassword_DEMO", rest_hmac_key="hmackey_DEMO")
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
         {"config": REST_CONFIG, "response": {"status": 200, "body": json.dumps(
             {"status": "ERROR", "answer": {"errorCode": "PSP_010", "errorMessage": "transaction not found"}})}},
         error={"code": "gateway_error", "gateway_code": "PSP_010"}),
]

FULLCB_CUSTOMER = {"first_name": "Jean", "last_name": "Dupont", "address": "12 rue des Lilas", "zip": "75011",
                   "city": "Paris", "country": "FR", "cell_phone": "0612345678", "email": "jean.dupont@example.com"}
FULLCB = {"amount": 45000, "trans_id": 100042, "trans_date": "2026-01-10T10:00:00Z", "order_id": "CMD-2026-0042",
          "payment_cards": "FULLCB3X", "customer": FULLCB_CUSTOMER}
FULLCB_FIELDS = {
    "vads_action_mode": "INTERACTIVE", "vads_amount": "45000", "vads_capture_delay": "0", "vads_ctx_mode": "TEST",
    "vads_currency": "978", "vads_cust_first_name": "Jean", "vads_cust_last_name": "Dupont",
    "vads_cust_address": "12 rue des Lilas", "vads_cust_zip": "75011", "vads_cust_city": "Paris",
    "vads_cust_country": "FR", "vads_cust_cell_phone": "0612345678", "vads_cust_email": "jean.dupont@example.com",
    "vads_order_id": "CMD-2026-0042", "vads_page_action": "PAYMENT", "vads_payment_cards": "FULLCB3X",
    "vads_payment_config": "SINGLE", "vads_site_id": SITE, "vads_trans_date": "20260110100000",
    "vads_trans_id": "100042", "vads_validation_mode": "0", "vads_version": "V2",
}
cases += [
    case("FullCB 3x form at 450.00 EUR: FULLCB3X, validation 0, capture 0", "fullcb", "lyra.form",
         {"config": CONFIG, "payment": FULLCB},
         {"form": {"fields": dict(FULLCB_FIELDS, signature=sign(FULLCB_FIELDS))}}),
    case("FullCB 4x form at 3000.00 EUR (inclusive)", "fullcb", "lyra.form",
         {"config": CONFIG, "payment": dict(FULLCB, amount=300000, payment_cards="FULLCB4X")},
         {"form": {"fields": dict(FULLCB_FIELDS, vads_amount="300000", vads_payment_cards="FULLCB4X",
                                  signature=sign(dict(FULLCB_FIELDS, vads_amount="300000",
                                                      vads_payment_cards="FULLCB4X")))}}),
    case("Cpay form preselecting a credit option (vads_payment_option_code)", "reference", "lyra.form",
         {"config": CONFIG, "payment": dict(PAYMENT, payment_option_code="C10SF")},
         {"form": {"fields": dict(FORM_FIELDS, vads_payment_option_code="C10SF",
                                  signature=sign(dict(FORM_FIELDS, vads_payment_option_code="C10SF")))}}),
    case("a card payment taken by mail or telephone (vads_payment_src MOTO)", "reference", "lyra.form",
         {"config": CONFIG, "payment": dict(PAYMENT, payment_cards="CB", payment_src="MOTO")},
         {"form": {"fields": dict(FORM_FIELDS, vads_payment_cards="CB", vads_payment_src="MOTO",
                                  signature=sign(dict(FORM_FIELDS, vads_payment_cards="CB",
                                                      vads_payment_src="MOTO")))}}),
    form_error("FullCB at 80.00 EUR", dict(FULLCB, amount=8000), "invalid_value", "vads_amount", "09"),
    form_error("FullCB at 3000.01 EUR", dict(FULLCB, amount=300001, payment_cards="FULLCB4X"), "invalid_value",
               "vads_amount", "09"),
    form_error("FullCB in USD", dict(FULLCB, currency="USD"), "not_allowed", "vads_currency", "10"),
    form_error("FullCB with manual validation", dict(FULLCB, manual_validation=True), "not_allowed",
               "vads_validation_mode", "05"),
    form_error("FullCB with a capture delay", dict(FULLCB, capture_delay=2), "not_allowed", "vads_capture_delay", "06"),
    form_error("FullCB with MULTI", dict(FULLCB, payment_config={"multi": {"first": 15000, "count": 3, "period": 30}}),
               "not_allowed", "vads_payment_config", "07"),
    form_error("FullCB without the buyer's address",
               dict(FULLCB, customer={k: v for k, v in FULLCB_CUSTOMER.items() if k != "address"}),
               "missing_field", "vads_cust_address"),
    form_error("FullCB without a phone number",
               dict(FULLCB, customer={k: v for k, v in FULLCB_CUSTOMER.items() if k != "cell_phone"}),
               "missing_field", "vads_cust_cell_phone"),
    form_error("FullCB without an e-mail",
               dict(FULLCB, customer={k: v for k, v in FULLCB_CUSTOMER.items() if k != "email"}),
               "missing_field", "vads_cust_email"),
    form_error("FullCB for a buyer in Belgium", dict(FULLCB, customer=dict(FULLCB_CUSTOMER, country="BE")),
               "not_allowed", "vads_cust_country", "22"),
    form_error("FullCB offered beside VISA still checks FullCB's bounds",
               dict(FULLCB, amount=8000, payment_cards="VISA;FULLCB3X"), "invalid_value", "vads_amount", "09"),
    form_error("Cpay taken by mail or telephone", dict(PAYMENT, payment_src="MOTO"), "not_allowed",
               "vads_payment_src"),
    form_error("an option code with a space", dict(PAYMENT, payment_option_code="C 10"), "invalid_format",
               "vads_payment_option_code"),
    form_error("an unknown payment source", dict(PAYMENT, payment_src="POS"), "invalid_value", "payment.payment_src"),
    notif("IPN: FullCB 3x captured, classified like any other",
          dict(ipn(), vads_card_brand="FULLCB3X", vads_acquirer_network="FULLCB",
               signature=sign(dict(ipn(), vads_card_brand="FULLCB3X", vads_acquirer_network="FULLCB"))),
          {"outcome": {"status": "accepted", "code": "CAPTURED", "card_brand": "FULLCB3X",
                       "details": {"acquirer_network": "FULLCB"}}}, source="fullcb"),
    notif("IPN: Cpay payment reporting its option code", 
          dict(ipn(), vads_payment_option_code="C10SF",
               signature=sign(dict(ipn(), vads_payment_option_code="C10SF"))),
          {"outcome": {"status": "accepted", "details": {"payment_option_code": "C10SF"}}}),
    notif("IPN: tampered option code", dict(ipn(vads_payment_option_code="C10SF"), vads_payment_option_code="CPT"),
          error={"code": "signature_mismatch", "field": "signature"}),
]

AUTH = "Basic " + base64.b64encode(b"12345678:testpassword_DEMO").decode()
API = "https://api-sogecommerce.societegenerale.eu/api-payment/V4/Charge/"


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


CHARGE = {"amount": 45000, "order_id": "CMD-2026-0042", "payment_methods": ["FULLCB3X"],
          "customer": {"email": "jean.dupont@example.com", "first_name": "Jean", "last_name": "Dupont",
                       "address": "12 rue des Lilas", "zip": "75011", "city": "Paris", "country": "FR",
                       "cell_phone": "0612345678"},
          "ipn_target_url": "https://shop.example/ipn"}
CHARGE_BODY = {"amount": 45000, "currency": "EUR", "orderId": "CMD-2026-0042",
               "customer": {"email": "jean.dupont@example.com",
                            "billingDetails": {"firstName": "Jean", "lastName": "Dupont",
                                               "address": "12 rue des Lilas", "zipCode": "75011", "city": "Paris",
                                               "country": "FR", "cellPhoneNumber": "0612345678"}},
               "paymentMethods": ["FULLCB3X"], "ipnTargetUrl": "https://shop.example/ipn"}
CPAY_ORDER = {"amount": 2990, "order_id": "CMD-7", "payment_methods": ["AURORE-MULTI"],
              "customer": {"email": "me@example.com", "country": "FR"}}
CPAY_ORDER_BODY = {"amount": 2990, "currency": "EUR", "orderId": "CMD-7",
                   "customer": {"email": "me@example.com", "billingDetails": {"country": "FR"}},
                   "paymentMethods": ["AURORE-MULTI"]}


def answer(obj, status="SUCCESS", http=200):
    return {"response": {"status": http, "body": json.dumps({"status": status, "answer": obj})}}


cases += [
    case("CreatePayment for the embedded form, FullCB 3x", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": CHARGE},
         {"method": "POST", "url": API + "CreatePayment",
          "headers": {"Content-Type": "application/json", "Authorization": AUTH}, "body": dumps(CHARGE_BODY)}),
    case("CreatePayment: FullCB at 80.00 EUR", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": dict(CHARGE, amount=8000)}, error={"code": "invalid_value", "field": "amount"}),
    case("CreatePayment: FullCB without the buyer's city", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": dict(CHARGE, customer={k: v for k, v in CHARGE["customer"].items()
                                                                   if k != "city"})},
         error={"code": "missing_field", "field": "customer.billingDetails.city"}),
    case("CreatePayment: Cpay with manual validation", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": dict(CPAY_ORDER, manual_validation=True)},
         error={"code": "not_allowed", "field": "transactionOptions.cardOptions.manualValidation"}),
    case("CreatePayment: Cpay taken by MOTO", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": dict(CPAY_ORDER, payment_source="MOTO")},
         error={"code": "not_allowed", "field": "transactionOptions.cardOptions.paymentSource"}),
    case("CreatePayment: a card payment by MOTO is allowed", "rest-charge", "lyra.create_payment",
         {"config": REST_CONFIG, "payment": {"amount": 2990, "payment_methods": ["CB"], "payment_source": "MOTO"}},
         {"body": dumps({"amount": 2990, "currency": "EUR", "paymentMethods": ["CB"],
                         "transactionOptions": {"cardOptions": {"paymentSource": "MOTO"}}})}),
    case("CreatePayment without the REST password", "rest-charge", "lyra.create_payment",
         {"config": CONFIG, "payment": CPAY_ORDER}, error={"code": "invalid_key", "field": "config.rest_password"}),
    case("CreatePayment answer: the formToken", "rest-charge", "lyra.create_payment_answer",
         answer({"formToken": "01eJzzdJPM8PSvLjT1KM"}), {"form_token": "01eJzzdJPM8PSvLjT1KM"}),
    case("CreatePayment answer without a formToken", "rest-charge", "lyra.create_payment_answer",
         answer({"shopId": SITE}), error={"code": "unexpected_response", "field": "formToken"}),
    case("CreatePayment error envelope", "rest-charge", "lyra.create_payment_answer",
         answer({"errorCode": "INT_009", "errorMessage": "invalid amount"}, status="ERROR"),
         error={"code": "gateway_error", "gateway_code": "INT_009"}),
    case("payment order by e-mail for Cpay", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": dict(CPAY_ORDER, channel={"mail": {"recipient": "me@example.com",
                                                                           "subject": "Votre commande CMD-7"}},
                                               expiration_date="2026-02-10T21:59:59+00:00", locale="fr_FR")},
         {"url": API + "CreatePaymentOrder",
          "body": dumps(dict(CPAY_ORDER_BODY, channelOptions={"channelType": "MAIL", "mailOptions": {
              "recipient": "me@example.com", "subject": "Votre commande CMD-7"}},
              expirationDate="2026-02-10T21:59:59+00:00", locale="fr_FR"))}),
    case("payment order by SMS", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": dict(CPAY_ORDER, channel={"sms": {"phone_number": "+33612345678"}})},
         {"body": dumps(dict(CPAY_ORDER_BODY, channelOptions={"channelType": "SMS",
                                                             "smsOptions": {"phoneNumber": "+33612345678"}}))}),
    case("payment link returned to the shop", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": dict(CPAY_ORDER, channel="url")},
         {"body": dumps(dict(CPAY_ORDER_BODY, channelOptions={"channelType": "URL"}))}),
    case("payment order by e-mail to a non-address", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": dict(CPAY_ORDER, channel={"mail": {"recipient": "me"}})},
         error={"code": "invalid_format", "field": "channelOptions.mailOptions.recipient"}),
    case("payment order for Cpay in USD", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": dict(CPAY_ORDER, currency="USD", channel="url")},
         error={"code": "not_allowed", "field": "currency"}),
    case("payment order without a channel", "rest-charge", "lyra.payment_order",
         {"config": REST_CONFIG, "order": CPAY_ORDER}, error={"code": "missing_field"}),
    case("payment order answer", "rest-charge", "lyra.payment_order_answer",
         answer({"paymentOrderId": "a5f4e1a3d6b34f5aa1c8a9d6b9c40a11", "paymentURL": "https://sogecommerce.societegenerale.eu/t/8xkq1w7j",
                 "paymentOrderStatus": "RUNNING"}),
         {"payment_order_id": "a5f4e1a3d6b34f5aa1c8a9d6b9c40a11",
          "payment_url": "https://sogecommerce.societegenerale.eu/t/8xkq1w7j", "status": "RUNNING"}),
    case("payment order answer with a plain-http URL", "rest-charge", "lyra.payment_order_answer",
         answer({"paymentOrderId": "x", "paymentURL": "http://evil.example/t/1"}),
         error={"code": "unexpected_response", "field": "paymentURL"}),
    case("payment order answer that is not JSON", "rest-charge", "lyra.payment_order_answer",
         {"response": {"status": 502, "body": "<html>"}}, error={"code": "unexpected_response"}),
]

# --- the life of a payment: operation from the IPN's own fields -------------------------------------------------
PAY_UUID = "9f3c2a1b4d5e6f708192a3b4c5d6e7f8"
REFUND_UUID = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
CREDIT_FULL = ipn(status="CAPTURED", vads_operation_type="CREDIT", vads_trans_uuid=REFUND_UUID,
                  vads_url_check_src="MERCH_BO", vads_trans_id="362813")
CREDIT_PART = ipn(status="AUTHORISED", vads_operation_type="CREDIT", vads_trans_uuid=REFUND_UUID,
                  vads_url_check_src="MERCH_BO", vads_trans_id="362813", vads_amount="1000")
cases += [
    notif("IPN: a refund made in the Back Office (CREDIT, its own uuid) is a refund, not a payment", CREDIT_FULL,
          {"outcome": {"operation": "refund", "status": "accepted", "code": "CAPTURED", "amount": 2990,
                       "gateway_reference": REFUND_UUID, "idempotency_key": "lyra:" + REFUND_UUID,
                       "details": {"operation_type": "CREDIT", "url_check_src": "MERCH_BO"}},
           "reply": {"status": 200}}, source="doc-operation"),
    notif("IPN: a partial refund (CREDIT of 10.00 of 29.90), the order's amount expected", CREDIT_PART,
          {"outcome": {"operation": "refund", "status": "accepted", "amount": 1000,
                       "idempotency_key": "lyra:" + REFUND_UUID}}, source="doc-operation",
          expected={"order_id": "CMD-2020-0042", "amount": 2990}),
    notif("IPN: a refund above the order's amount is not for this order",
          dict(CREDIT_PART, vads_amount="3000", signature=sign(dict(CREDIT_PART, vads_amount="3000"))),
          error={"code": "wrong_order", "field": "vads_amount"}, source="doc-operation",
          expected={"order_id": "CMD-2020-0042", "amount": 2990}),
    notif("IPN: a refund to retry is a refund still pending", dict(CREDIT_PART) | {"vads_trans_status": "REFUND_TO_RETRY",
          "signature": sign(dict(CREDIT_PART, vads_trans_status="REFUND_TO_RETRY"))},
          {"outcome": {"operation": "refund", "status": "pending"}}, source="doc-operation"),
    notif("IPN: the payment cancelled in the Back Office after its authorisation (CANCELLED)",
          ipn(status="CANCELLED", vads_url_check_src="MERCH_BO"),
          {"outcome": {"operation": "cancellation", "status": "cancelled", "code": "CANCELLED",
                       "idempotency_key": "lyra:" + PAY_UUID}}, source="doc-operation"),
    notif("IPN: the capture failed at the bank (CAPTURE_FAILED, sent by the batch)",
          ipn(status="CAPTURE_FAILED", vads_url_check_src="BATCH"),
          {"outcome": {"operation": "capture", "status": "refused", "code": "CAPTURE_FAILED"}},
          source="doc-operation"),
    notif("IPN: abandoned at the payment page is a payment, cancelled (not a cancellation)",
          ipn(status="ABANDONED", result="17", auth=""),
          {"outcome": {"operation": "payment", "status": "cancelled"}}, source="doc-operation"),
    notif("IPN resent from the Back Office (BO) reports the payment as it is", ipn(vads_url_check_src="BO"),
          {"outcome": {"operation": "payment", "status": "accepted", "details": {"url_check_src": "BO"}}},
          source="doc-operation"),
    notif("IPN: automatic retry (RETRY) of a payment", ipn(vads_url_check_src="RETRY"),
          {"outcome": {"operation": "payment", "status": "accepted", "details": {"url_check_src": "RETRY"}}},
          source="doc-operation"),
    notif("IPN: effective amount and currency are read", ipn(vads_effective_amount="2990", vads_effective_currency="978"),
          {"outcome": {"details": {"effective_amount": "2990", "effective_currency": "EUR"}}},
          source="doc-operation"),
    notif("IPN: a malformed effective amount is refused, never guessed", ipn(vads_effective_amount="29.90"),
          error={"code": "invalid_format", "field": "vads_effective_amount"}, source="doc-operation"),
    notif("IPN: an unknown transaction status is pending, never accepted", ipn(status="SOMETHING_NEW"),
          {"outcome": {"status": "pending", "operation": "payment"}}, source="doc-operation"),
    notif("IPN: a forged CREDIT turned into a DEBIT is rejected", dict(CREDIT_FULL, vads_operation_type="DEBIT"),
          error={"code": "signature_mismatch", "field": "signature"}, source="doc-operation"),
]


# --- REST answers as verified outcomes -------------------------------------------------------------------------
def rest_tx(uuid=PAY_UUID, detailed="CAPTURED", status="PAID", op="DEBIT", amount=2990, refunded=None,
            parent=None, shop=SITE, mode="TEST", order_id="CMD-2020-0042", legacy="362812", effective=None):
    """A V4/Transaction as the REST API V4 reference describes it (fields of the V4/PaymentTransaction example)."""
    return {
        "shopId": shop, "uuid": uuid, "amount": amount, "currency": "EUR", "paymentMethodType": "CARD",
        "paymentMethodToken": None, "status": status, "detailedStatus": detailed, "operationType": op,
        "effectiveStrongAuthentication": "ENABLED", "creationDate": "2020-07-10T10:14:07+00:00",
        "errorCode": None, "errorMessage": None, "detailedErrorCode": None, "detailedErrorMessage": None,
        "metadata": None,
        "orderDetails": {"orderTotalAmount": 2990, "orderEffectiveAmount": 2990, "orderCurrency": "EUR",
                         "mode": mode, "orderId": order_id, "metadata": None, "_type": "V4/OrderDetails"},
        "transactionDetails": {
            "liabilityShift": "YES", "effectiveAmount": amount if effective is None else effective,
            "effectiveCurrency": "EUR", "creationContext": "CHARGE", "parentTransactionUuid": parent,
            "cardDetails": {"paymentSource": "EC", "manualValidation": "NO", "effectiveBrand": "AURORE-MULTI",
                            "legacyTransId": legacy, "legacyTransDate": "2020-07-10T10:14:07+00:00",
                            "captureResponse": {"refundAmount": refunded, "refundCurrency": "EUR" if refunded else None,
                                                "captureDate": "2020-07-11T02:00:00+00:00",
                                                "_type": "V4/PaymentMethod/Details/Cards/CardCaptureResponse"},
                            "_type": "V4/PaymentMethod/Details/CardDetails"},
            "_type": "V4/TransactionDetails"},
        "_type": "V4/Transaction",
    }


def envelope(answer, service):
    return {"status": 200, "body": json.dumps({"webService": service, "version": "V4", "applicationVersion": "5.0.0",
                                               "status": "SUCCESS", "answer": answer, "ticket": None,
                                               "serverDate": "2020-07-12T08:00:00+00:00", "applicationProvider": "LYRA",
                                               "metadata": None, "mode": "TEST", "serverUrl": "https://api.example",
                                               "_type": "V4/WebService/Response"})}


def answer_case(name, op, answer, service, output=None, error=None, expected=None, config=REST_CONFIG):
    inp = {"config": config, "response": envelope(answer, service)}
    if expected is not None:
        inp["expected"] = expected
    return case(name, "doc-rest-objects", op, inp, output=output, error=error)


REFUND_TX = rest_tx(uuid=REFUND_UUID, op="CREDIT", detailed="AUTHORISED", amount=1000, parent=PAY_UUID,
                    legacy="362813")
BASIC = "Basic " + base64.b64encode(b"12345678:testpassword_DEMO").decode()
cases += [
    answer_case("Transaction/Get of a captured payment: verified outcome, all of it refundable", "lyra.status_answer",
                rest_tx(), "Transaction/Get",
                {"outcome": {"gateway": "lyra", "operation": "payment", "status": "accepted", "code": "CAPTURED",
                             "order_id": "CMD-2020-0042", "transaction_id": "362812",
                             "gateway_reference": PAY_UUID, "amount": 2990, "currency": "EUR",
                             "card_brand": "AURORE-MULTI", "server_to_server": True,
                             "idempotency_key": "lyra:" + PAY_UUID,
                             "details": {"detailed_status": "CAPTURED", "operation_type": "DEBIT",
                                         "effective_amount": "2990"}},
                 "refundable": 2990}, expected={"uuid": PAY_UUID, "order_id": "CMD-2020-0042"}),
    answer_case("Transaction/Get after a partial refund: refundable is what is left", "lyra.status_answer",
                rest_tx(refunded=1000), "Transaction/Get",
                {"outcome": {"status": "accepted", "details": {"refunded_amount": "1000"}}, "refundable": 1990}),
    answer_case("Transaction/Get of an authorised, not yet captured payment: nothing refundable (cancel instead)",
                "lyra.status_answer", rest_tx(detailed="AUTHORISED"), "Transaction/Get",
                {"outcome": {"status": "accepted", "operation": "payment"}, "refundable": 0}),
    answer_case("Transaction/Get of a refund transaction", "lyra.status_answer", REFUND_TX, "Transaction/Get",
                {"outcome": {"operation": "refund", "status": "accepted", "amount": 1000,
                             "details": {"parent_uuid": PAY_UUID}}, "refundable": 0}),
    answer_case("Transaction/Get: an unknown detailedStatus is pending, never accepted", "lyra.status_answer",
                rest_tx(detailed="SOMETHING_NEW"), "Transaction/Get",
                {"outcome": {"status": "pending"}, "refundable": 0}),
    answer_case("Transaction/Get for another shop", "lyra.status_answer", rest_tx(shop="87654321"),
                "Transaction/Get", error={"code": "wrong_shop", "field": "shopId"}),
    answer_case("Transaction/Get in PRODUCTION for a TEST shop", "lyra.status_answer", rest_tx(mode="PRODUCTION"),
                "Transaction/Get", error={"code": "wrong_mode", "field": "mode"}),
    answer_case("Transaction/Get for another transaction", "lyra.status_answer", rest_tx(), "Transaction/Get",
                error={"code": "wrong_order", "field": "uuid"}, expected={"uuid": REFUND_UUID}),
    answer_case("Transaction/Get for another order", "lyra.status_answer", rest_tx(), "Transaction/Get",
                error={"code": "wrong_order", "field": "orderId"}, expected={"order_id": "CMD-2020-0043"}),
    answer_case("Transaction/Get with an amount in major units (a float)", "lyra.status_answer",
                dict(rest_tx(), amount=29.90), "Transaction/Get",
                error={"code": "unexpected_response", "field": "amount"}),
    answer_case("Transaction/Get without a uuid", "lyra.status_answer",
                {k: v for k, v in rest_tx().items() if k != "uuid"}, "Transaction/Get",
                error={"code": "missing_field", "field": "uuid"}),
    case("REST answer that is not JSON", "spec-rest", "lyra.status_answer",
         {"config": REST_CONFIG, "response": {"status": 502, "body": "<html>Bad gateway</html>"}},
         error={"code": "unexpected_response"}),
    answer_case("CancelOrRefund answer: the refund transaction, recognised by its parent uuid", "lyra.refund_answer",
                REFUND_TX, "Transaction/CancelOrRefund",
                {"outcome": {"operation": "refund", "status": "accepted", "amount": 1000,
                             "gateway_reference": REFUND_UUID, "idempotency_key": "lyra:" + REFUND_UUID},
                 "refundable": 0}, expected={"uuid": PAY_UUID}),
    answer_case("CancelOrRefund answer for another payment", "lyra.refund_answer", REFUND_TX,
                "Transaction/CancelOrRefund", error={"code": "wrong_order", "field": "uuid"},
                expected={"uuid": "ffffffffffffffffffffffffffffffff"}),
    answer_case("CancelOrRefund of a payment not yet captured: it is cancelled", "lyra.refund_answer",
                rest_tx(detailed="CANCELLED", status="UNPAID"), "Transaction/CancelOrRefund",
                {"outcome": {"operation": "cancellation", "status": "cancelled"}, "refundable": 0},
                expected={"uuid": PAY_UUID}),
    answer_case("Cancel answer: the payment cancelled", "lyra.cancel_answer",
                rest_tx(detailed="CANCELLED", status="UNPAID"), "Transaction/CancelOrRefund",
                {"outcome": {"operation": "cancellation", "status": "cancelled",
                             "idempotency_key": "lyra:" + PAY_UUID}}, expected={"uuid": PAY_UUID}),
    case("Cancel after capture: the platform's error", "spec-rest", "lyra.cancel_answer",
         {"config": REST_CONFIG, "response": {"status": 200, "body": json.dumps(
             {"status": "ERROR", "answer": {"errorCode": "PSP_503",
                                            "errorMessage": "This action has not been authorized for a transaction "
                                                            "with the CAPTURED status"}})}},
         error={"code": "gateway_error", "gateway_code": "PSP_503"}),
    answer_case("Validate answer: the payment captured (operation capture)", "lyra.capture_answer",
                rest_tx(detailed="AUTHORISED"), "Transaction/Validate",
                {"outcome": {"operation": "capture", "status": "accepted"}}, expected={"uuid": PAY_UUID}),
    answer_case("Validate answer for another shop", "lyra.capture_answer", rest_tx(shop="87654321"),
                "Transaction/Validate", error={"code": "wrong_shop", "field": "shopId"}),
    case("Transaction/Update: lower the amount before capture", "doc-rest-calls", "lyra.update",
         {"config": REST_CONFIG, "update": {"uuid": PAY_UUID, "amount": 2500, "authorised": 2990}},
         {"method": "POST", "url": "https://api-sogecommerce.societegenerale.eu/api-payment/V4/Transaction/Update",
          "headers": {"Authorization": BASIC},
          "body": json.dumps({"uuid": PAY_UUID, "cardUpdate": {"amount": 2500, "currency": "EUR"}},
                             separators=(",", ":"))}),
    case("Transaction/Update above the authorised amount", "doc-rest-calls", "lyra.update",
         {"config": REST_CONFIG, "update": {"uuid": PAY_UUID, "amount": 3000, "authorised": 2990}},
         error={"code": "invalid_value", "field": "amount"}),
    case("Transaction/Update to zero", "doc-rest-calls", "lyra.update",
         {"config": REST_CONFIG, "update": {"uuid": PAY_UUID, "amount": 0}},
         error={"code": "invalid_value", "field": "amount"}),
    case("Transaction/Update without the REST password", "doc-rest-calls", "lyra.update",
         {"config": CONFIG, "update": {"uuid": PAY_UUID, "amount": 2500}},
         error={"code": "invalid_key", "field": "config.rest_password"}),
    answer_case("Update answer: the payment with its new amount", "lyra.update_answer",
                rest_tx(detailed="AUTHORISED", amount=2500), "Transaction/Update",
                {"outcome": {"operation": "payment", "status": "accepted", "amount": 2500}},
                expected={"uuid": PAY_UUID}),
    case("Order/Get: the transactions of an order by the shop's order id", "doc-rest-calls", "lyra.order_status",
         {"config": REST_CONFIG, "order_id": "CMD-2020-0042"},
         {"method": "POST", "url": "https://api-sogecommerce.societegenerale.eu/api-payment/V4/Order/Get",
          "headers": {"Authorization": BASIC}, "body": json.dumps({"orderId": "CMD-2020-0042"})
          .replace(" ", "")}),
    case("Order/Get with an empty order id", "doc-rest-calls", "lyra.order_status",
         {"config": REST_CONFIG, "order_id": ""}, error={"code": "invalid_format", "field": "order_id"}),
]

ORDER = {"shopId": SITE, "orderCycle": "CLOSED", "orderStatus": "PAID",
         "serverDate": "2020-07-12T08:00:00+00:00",
         "orderDetails": {"orderTotalAmount": 2990, "orderEffectiveAmount": 2990, "orderCurrency": "EUR",
                          "mode": "TEST", "orderId": "CMD-2020-0042", "metadata": None, "_type": "V4/OrderDetails"},
         "transactions": [rest_tx(refunded=1000), REFUND_TX], "_type": "V4/OrderTransactions"}
cases += [
    answer_case("Order/Get answer: the payment and its refund, each a verified outcome", "lyra.order_status_answer",
                ORDER, "Order/Get",
                {"order_id": "CMD-2020-0042", "order_status": "PAID", "refundable": 1990},
                expected={"order_id": "CMD-2020-0042"}),
    answer_case("Order/Get answer of an order nobody paid (no transaction)", "lyra.order_status_answer",
                dict(ORDER, orderStatus="UNPAID", transactions=[]), "Order/Get",
                {"order_status": "UNPAID", "outcomes": [], "refundable": 0}),
    answer_case("Order/Get answer for another order", "lyra.order_status_answer", ORDER, "Order/Get",
                error={"code": "wrong_order", "field": "orderId"}, expected={"order_id": "CMD-2020-0043"}),
    answer_case("Order/Get answer for another shop", "lyra.order_status_answer", dict(ORDER, shopId="87654321"),
                "Order/Get", error={"code": "wrong_shop", "field": "shopId"}),
    answer_case("Order/Get answer holding a transaction of another shop", "lyra.order_status_answer",
                dict(ORDER, transactions=[rest_tx(shop="87654321")]), "Order/Get",
                error={"code": "wrong_shop", "field": "shopId"}),
]

# --- kr-answer: keys from config, then shop, mode and order like every notification ------------------------------
KR_ANSWER = json.dumps({"shopId": SITE, "orderCycle": "CLOSED", "orderStatus": "PAID",
                        "orderDetails": {"orderId": "CMD-7", "orderTotalAmount": 2990, "orderCurrency": "EUR",
                                         "mode": "TEST"},
                        "transactions": [{"uuid": PAY_UUID, "amount": 2990, "currency": "EUR", "status": "PAID",
                                          "detailedStatus": "CAPTURED", "operationType": "DEBIT"}],
                        "_type": "V4/Payment"})


def kr_body(answer=KR_ANSWER, key="testpassword_DEMO", which="password"):
    h = hmac.new(key.encode(), answer.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode({"kr-hash": h, "kr-hash-algorithm": "sha256_hmac", "kr-hash-key": which,
                                   "kr-answer-type": "V4/Payment", "kr-answer": answer})


def kr(name, body, output=None, error=None, config=REST_CONFIG, **extra):
    inp = {"config": config, "body": body}
    inp.update(extra)
    return case(name, "spec-rest", "lyra.kr_answer", inp, output=output, error=error)


OTHER_SHOP = KR_ANSWER.replace(SITE, "87654321")
PROD_ANSWER = KR_ANSWER.replace('"mode": "TEST"', '"mode": "PRODUCTION"')
KR_CREDIT = KR_ANSWER.replace('"operationType": "DEBIT"', '"operationType": "CREDIT"').replace(PAY_UUID, REFUND_UUID)
cases += [
    kr("kr-answer IPN hashed with the REST password", kr_body(),
       {"outcome": {"status": "accepted", "operation": "payment", "order_id": "CMD-7", "amount": 2990,
                    "server_to_server": True, "idempotency_key": "lyra:" + PAY_UUID}, "reply": {"status": 200}},
       expected={"order_id": "CMD-7", "amount": 2990}),
    kr("kr-answer browser return hashed with the HMAC-SHA-256 key", kr_body(key="hmackey_DEMO", which="sha256_hmac"),
       {"outcome": {"status": "accepted", "server_to_server": False}}),
    kr("kr-answer refund IPN (CREDIT) is a refund", kr_body(KR_CREDIT),
       {"outcome": {"operation": "refund", "idempotency_key": "lyra:" + REFUND_UUID}}),
    kr("kr-answer re-serialised (spaces) no longer matches",
       kr_body().replace("%2C+", "%2C") if "%2C+" in kr_body() else kr_body().replace("PAID", "PAID+"),
       error={"code": "signature_mismatch", "field": "kr-hash"}),
    kr("kr-answer with the wrong key", kr_body(key="prodpassword_OTHER"),
       error={"code": "signature_mismatch", "field": "kr-hash"}),
    kr("kr-answer browser return without rest_hmac_key configured", kr_body(key="hmackey_DEMO", which="sha256_hmac"),
       error={"code": "invalid_key", "field": "config.rest_hmac_key"},
       config=dict(CONFIG, rest_password="testpassword_DEMO")),
    kr("kr-answer for another shop (correctly hashed)", kr_body(OTHER_SHOP),
       error={"code": "wrong_shop", "field": "shopId"}),
    kr("kr-answer in PRODUCTION mode at a TEST shop", kr_body(PROD_ANSWER),
       error={"code": "wrong_mode", "field": "mode"}),
    kr("kr-answer for another order", kr_body(), error={"code": "wrong_order", "field": "orderId"},
       expected={"order_id": "CMD-8"}),
    kr("kr-answer for another amount", kr_body(), error={"code": "wrong_order", "field": "orderTotalAmount"},
       expected={"amount": 2991}),
    kr("kr-answer that is not a JSON object", kr_body("[1,2]"), error={"code": "malformed", "field": "kr-answer"}),
]

# An exact integer written as a float (PHP's round($total * 100) returns 2990.0) is that integer.
_form = next(c for c in cases if c["op"] == "lyra.form" and "output" in c)
cases += [
    case("amount written as a float with no fraction (2990.0) is 2990", "schema", "lyra.form",
         dict(_form["input"], payment=dict(_form["input"]["payment"], amount=float(_form["input"]["payment"]["amount"]))),
         _form["output"]),
    case("REST answer HTTP 401: the REST password is named", "spec-rest", "lyra.refund_answer",
         {"config": REST_CONFIG, "response": {"status": 401, "body": ""}}, error={"code": "invalid_key", "field": "config.rest_password"}),
]

doc = {"gateway": "lyra", "sources": SOURCES, "cases": cases}
out = pathlib.Path(__file__).resolve().parent.parent / "lyra.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
