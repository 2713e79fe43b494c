"""Writes tests/vectors/sips.json.

Expected seals and Data texts are computed here with Python's hmac/hashlib/base64, following
shared/specs/ogone-sips.md (Sips 2.0 Paypage POST), independently of cpay's Rust code.
Run: python3 tests/vectors/tools/gen_sips.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
MID = "002001000000001"  # the Sips simulation merchant
KEY = "002001000000001_KEY1"

SOURCES = {
    "odoo": "github.com/odoo/odoo addons/payment_sips/tests/common.py and test_sips.py: a Sips response Data "
            "(merchantId 002001000000001, reference 'Test Transaction') sealed SHA-256(Data + 'dummy_secret') → "
            "8a4c1f8b268832600a7bf40ddaa5d487f07d61dea81b8119ab8bab3c8a0861f3",
    "rfc4231": "RFC 4231 §4.3 test case 2: HMAC-SHA-256(key 'Jefe', 'what do ya want for nothing?')",
    "reference": "seal and Data computed by tests/vectors/tools/gen_sips.py with Python hmac/hashlib/base64 "
                 "(shared/specs/ogone-sips.md), run here",
    "spec-rules": "shared/specs/ogone-sips.md (Sips 2.0: Data format, responseCode meanings, Cpay on Sips: EUR, "
                  "Internet only, no instalments/subscriptions/one-click, capture ≤ 6 days) and "
                  "shared/specs/plans.md eligibility table",
}


def seal(data, key=KEY, algo="hmac-sha256"):
    if algo == "sha256":
        return hashlib.sha256((data + key).encode()).hexdigest()
    return hmac.new(key.encode(), data.encode(), hashlib.sha256).hexdigest()


REF = "Test Transaction"
ODOO_DATA = ("captureDay=0|captureMode=AUTHOR_CAPTURE|currencyCode=840"
             "|merchantId=002001000000001|orderChannel=INTERNET|responseCode=00"
             "|transactionDateTime=2022-01-19T18:01:06+01:00"
             f"|transactionReference={REF}"
             "|keyVersion=1|acquirerResponseCode=00|amount=10000|authorisationId=12345"
             "|guaranteeIndicator=Y|cardCSCResultCode=4D|panExpiryDate=202201"
             "|paymentMeanBrand=VISA|paymentMeanType=CARD|customerIpAddress=111.11.111.11"
             f"|maskedPan=4100##########00|returnContext={{\"reference\": \"{REF}\"}}"
             "|holderAuthentRelegation=N|holderAuthentStatus=3D_SUCCESS"
             "|tokenPan=dp528b9xwknujmkw|transactionOrigin=INTERNET|paymentPattern=ONE_SHOT"
             "|customerMobilePhone=null|mandateAuthentMethod=null|mandateUsage=null"
             "|transactionActors=null|mandateId=null|captureLimitDate=20220119"
             "|dccStatus=null|dccResponseCode=null|dccAmount=null|dccCurrencyCode=null"
             "|dccExchangeRate=null|dccExchangeRateValidity=null|dccProvider=null"
             "|statementReference=tx20220119170050|panEntryMode=MANUAL|walletType=null"
             "|holderAuthentMethod=NOT_SPECIFIED")
ODOO_SEAL = "8a4c1f8b268832600a7bf40ddaa5d487f07d61dea81b8119ab8bab3c8a0861f3"
assert seal(ODOO_DATA, "dummy_secret", "sha256") == ODOO_SEAL
assert seal("what do ya want for nothing?", "Jefe") == \
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

cases = []


def case(name, source, op, inp, output=None, error=None):
    c = {"name": name, "source": source, "op": op, "input": inp}
    if error is not None:
        c["error"] = error
    else:
        c["output"] = output
    cases.append(c)


# --- the raw primitive -------------------------------------------------------------------------------------
case("Odoo test response, SHA-256(Data + secret)", "odoo", "sips.seal",
     {"data": ODOO_DATA, "key": "dummy_secret", "algo": "sha256"}, {"seal": ODOO_SEAL})
case("the same Data, HMAC-SHA-256", "reference", "sips.seal", {"data": ODOO_DATA, "key": "dummy_secret"},
     {"seal": seal(ODOO_DATA, "dummy_secret")})
case("RFC 4231 test case 2 as a seal", "rfc4231", "sips.seal",
     {"data": "what do ya want for nothing?", "key": "Jefe", "algo": "HMAC-SHA-256"},
     {"seal": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"})
b64 = base64.b64encode("amount=2990|currencyCode=978|merchantId=002001000000001".encode()).decode()
case("base64 text is sealed as posted", "reference", "sips.seal", {"data": b64, "key": KEY}, {"seal": seal(b64)})
case("unknown seal algorithm", "spec-rules", "sips.seal", {"data": "a=1", "key": KEY, "algo": "md5"},
     error={"code": "unsupported_algorithm", "field": "algo"})
case("Data: nested keys with '.', lists with ','", "spec-rules", "sips.data",
     {"fields": {"amount": 45000, "instalmentData": {"number": 3, "amountsList": [15000, 15000, 15000],
                                                      "datesList": ["20240301", "20240401", "20240501"]},
                 "paymentMeanBrandList": ["CB", "VISA"], "customerContact": {"email": "me@example.com"}}},
     {"data": "amount=45000|customerContact.email=me@example.com|instalmentData.amountsList=15000,15000,15000"
              "|instalmentData.datesList=20240301,20240401,20240501|instalmentData.number=3"
              "|paymentMeanBrandList=CB,VISA"})
case("Data: '|' in a value is refused", "spec-rules", "sips.data", {"fields": {"returnContext": "a|b"}},
     error={"code": "invalid_format", "field": "returnContext"})
case("decode a base64 Data (unverified, diagnosis)", "reference", "sips.decode", {"data": b64, "encode": "base64"},
     {"fields": {"amount": "2990", "currencyCode": "978", "merchantId": MID}})

# --- forms -------------------------------------------------------------------------------------------------
CONFIG = {"merchant_id": MID, "key_version": 1, "secret_key": KEY, "environment": "simu"}
PAYMENT = {"amount": 34200, "transaction_reference": "STX2024000042", "order_id": "STX-2024-000042",
           "normal_return_url": "https://shop.example/sips/return",
           "automatic_response_url": "https://shop.example/sips/notify", "capture_mode": "AUTHOR_CAPTURE",
           "capture_day": 0, "customer_language": "fr", "return_context": "{\"basket\":77}",
           "payment_mean_brands": ["CPAY"], "extra": {"customerContact": {"email": "anne@example.com"}}}
DATA = ("amount=34200|currencyCode=978|merchantId=002001000000001|normalReturnUrl=https://shop.example/sips/return"
        "|automaticResponseUrl=https://shop.example/sips/notify|transactionReference=STX2024000042|keyVersion=1"
        "|orderChannel=INTERNET|captureMode=AUTHOR_CAPTURE|captureDay=0|paymentMeanBrandList=CPAY"
        "|customerLanguage=fr|orderId=STX-2024-000042|returnContext={\"basket\":77}"
        "|customerContact.email=anne@example.com")
URL = "https://payment-webinit.simu.sips-services.com/paymentInit"


def form_case(name, config, payment, data, algo="hmac-sha256", b64=False, action=URL, interface="HP_3.4"):
    posted = base64.b64encode(data.encode()).decode() if b64 else data
    fields = {"Data": posted, "InterfaceVersion": interface, "Seal": seal(posted, config["secret_key"], algo)}
    if algo == "hmac-sha256":
        fields["SealAlgorithm"] = "HMAC-SHA-256"
    if b64:
        fields["Encode"] = "base64"
    case(name, "reference", "sips.form", {"config": config, "payment": payment},
         {"form": {"action": action, "method": "POST", "fields": fields}})


form_case("Cpay payment, HMAC-SHA-256", CONFIG, PAYMENT, DATA)
form_case("Cpay payment, SHA-256(Data + key), production", dict(CONFIG, seal_algorithm="sha256",
          environment="production"), PAYMENT, DATA, algo="sha256",
          action="https://payment-webinit.sips-services.com/paymentInit")
form_case("Cpay payment, Encode=base64: the seal covers the base64 text", dict(CONFIG, base64=True), PAYMENT, DATA,
          b64=True)
form_case("bank-branded host and another InterfaceVersion",
          dict(CONFIG, environment={"custom": {"url": "https://payment-webinit.mercanet.bnpparibas.net/paymentInit"}},
               interface_version="HP_2.20"),
          {"amount": 100, "transaction_reference": "T1", "normal_return_url": "https://shop.example/r"},
          "amount=100|currencyCode=978|merchantId=002001000000001|normalReturnUrl=https://shop.example/r"
          "|transactionReference=T1|keyVersion=1|orderChannel=INTERNET",
          action="https://payment-webinit.mercanet.bnpparibas.net/paymentInit", interface="HP_2.20")
INST = {"amount": 45000, "transaction_reference": "STX42A", "normal_return_url": "https://shop.example/r",
        "cpay": False, "instalments": [{"date": "2024-03-01", "amount": 15000}, {"date": "2024-04-01", "amount": 15000},
                                       {"date": "2024-05-01", "amount": 15000}],
        "instalment_references": ["STX42A", "STX42B", "STX42C"]}
form_case("card payment in three instalments (not Cpay)", CONFIG, INST,
          "amount=45000|currencyCode=978|merchantId=002001000000001|normalReturnUrl=https://shop.example/r"
          "|transactionReference=STX42A|keyVersion=1|orderChannel=INTERNET|paymentPattern=INSTALMENT"
          "|instalmentData.number=3|instalmentData.amountsList=15000,15000,15000"
          "|instalmentData.datesList=20240301,20240401,20240501"
          "|instalmentData.transactionReferencesList=STX42A,STX42B,STX42C")


def form_error(name, payment, code, field, config=CONFIG):
    case(name, "spec-rules", "sips.form", {"config": config, "payment": payment}, error={"code": code, "field": field})


form_error("Cpay: not EUR", dict(PAYMENT, currency="USD"), "not_allowed", "currencyCode")
form_error("Cpay: not the Internet channel", dict(PAYMENT, order_channel="MOTO"), "not_allowed", "orderChannel")
form_error("Cpay: capture after 7 days", dict(PAYMENT, capture_day=7), "not_allowed", "captureDay")
form_error("Cpay: instalments", dict(INST, cpay=True), "not_allowed", "instalmentData")
form_error("Cpay: subscription pattern", dict(PAYMENT, extra={"paymentPattern": "RECURRING_1"}), "not_allowed",
           "paymentPattern")
form_error("Cpay: one-click wallet", dict(PAYMENT, extra={"merchantWalletId": "w1"}), "not_allowed", "merchantWalletId")
form_error("automaticResponseUrl equals normalReturnUrl",
           dict(PAYMENT, automatic_response_url=PAYMENT["normal_return_url"]), "inconsistent", "automaticResponseUrl")
form_error("instalments not summing to the amount",
           dict(INST, instalments=[{"date": "2024-03-01", "amount": 15000}, {"date": "2024-04-01", "amount": 1}],
                instalment_references=[]), "inconsistent", "instalmentData.amountsList")
form_error("'|' in returnContext", dict(PAYMENT, return_context="a|b"), "invalid_format", "returnContext")
form_error("oversized transactionReference", dict(PAYMENT, transaction_reference="T" * 36), "invalid_format",
           "transactionReference")
form_error("transactionReference with a '-'", dict(PAYMENT, transaction_reference="STX-1"), "invalid_format",
           "transactionReference")
form_error("extra key repeats a typed one", dict(PAYMENT, extra={"amount": 1}), "inconsistent", "amount")
form_error("zero amount", dict(PAYMENT, amount=0), "invalid_value", "amount")
form_error("no secret key", PAYMENT, "invalid_key", "config.secret_key",
           config={k: v for k, v in CONFIG.items() if k != "secret_key"})

# --- notifications -----------------------------------------------------------------------------------------------
ODOO_CONFIG = {"merchant_id": MID, "key_version": 1, "secret_key": "dummy_secret", "environment": "simu",
               "seal_algorithm": "sha256"}
ODOO_FIELDS = {"Data": ODOO_DATA, "Encode": "", "InterfaceVersion": "HP_2.4", "Seal": ODOO_SEAL}


def resp(name, source, fields=None, output=None, error=None, config=ODOO_CONFIG, expected=None, body=None):
    inp = {"config": config}
    if body is not None:
        inp["body"] = body
    else:
        inp["fields"] = fields
    if expected:
        inp["expected"] = expected
    case(name, source, "sips.notification", inp, None if output is None else {"outcome": output}, error)


resp("Odoo test response is accepted", "odoo", ODOO_FIELDS,
     {"gateway": "sips", "status": "accepted", "code": "00", "transaction_id": REF, "amount": 10000,
      "currency": "USD", "card_brand": "VISA", "warranty": "Y", "idempotency_key": f"sips:{MID}:{REF}",
      "three_ds": {"status": "3D_SUCCESS", "auth_type": "NOT_SPECIFIED"},
      "details": {"authorisation_id": "12345", "acquirer_response_code": "00"}},
     expected={"transaction_reference": REF, "amount": 10000})
resp("the same as a url-encoded POST body", "odoo", body=urllib.parse.urlencode(ODOO_FIELDS),
     output={"status": "accepted"})
resp("tampered amount", "odoo", dict(ODOO_FIELDS, Data=ODOO_DATA.replace("amount=10000", "amount=100")),
     error={"code": "signature_mismatch", "field": "Seal"})
resp("wrong secret key", "odoo", ODOO_FIELDS, config=dict(ODOO_CONFIG, secret_key="dummy_secreT"),
     error={"code": "signature_mismatch", "field": "Seal"})
resp("SHA-256 seal for an HMAC-SHA-256 shop", "odoo", ODOO_FIELDS, config=dict(ODOO_CONFIG, seal_algorithm="hmac-sha256"),
     error={"code": "signature_mismatch", "field": "Seal"})
resp("no Seal", "spec-rules", {"Data": ODOO_DATA}, error={"code": "signature_missing", "field": "Seal"})
resp("another transaction", "odoo", ODOO_FIELDS, expected={"transaction_reference": "Other"},
     error={"code": "wrong_order", "field": "transactionReference"})
resp("another amount", "odoo", ODOO_FIELDS, expected={"amount": 10001}, error={"code": "wrong_order", "field": "amount"})
other = ODOO_DATA.replace(MID, "011223344550000")
resp("another merchant's response, correctly sealed", "reference",
     {"Data": other, "Seal": seal(other, "dummy_secret", "sha256")}, error={"code": "wrong_shop", "field": "merchantId"})
resp("malformed Data, correctly sealed", "reference", {"Data": "garbage", "Seal": seal("garbage", "dummy_secret", "sha256")},
     error={"code": "malformed", "field": "Data"})
resp("Encode=base64 with invalid base64, correctly sealed", "reference",
     {"Data": "@@@", "Seal": seal("@@@", "dummy_secret", "sha256"), "Encode": "base64"},
     error={"code": "malformed", "field": "Data"})
huge = "a=" + "b" * 300000
resp("oversized Data", "spec-rules", {"Data": huge, "Seal": "00"}, error={"code": "too_large", "field": "Data"})
B64 = base64.b64encode(ODOO_DATA.encode()).decode()
resp("Encode=base64 response, seal over the base64 text", "reference",
     {"Data": B64, "Seal": seal(B64, "dummy_secret", "sha256"), "Encode": "base64"}, {"status": "accepted"})
resp("Encode=base64 response sealed over the decoded text", "reference",
     {"Data": B64, "Seal": ODOO_SEAL, "Encode": "base64"}, error={"code": "signature_mismatch"})


def code_case(name, code, status):
    data = ODOO_DATA.replace("responseCode=00", f"responseCode={code}")
    cfg = dict(ODOO_CONFIG, seal_algorithm="hmac-sha256")
    resp(name, "spec-rules", {"Data": data, "Seal": seal(data, "dummy_secret")}, {"status": status, "code": code},
         config=cfg)


code_case("responseCode 17 cancelled by the buyer", "17", "cancelled")
code_case("responseCode 97 session expired", "97", "cancelled")
code_case("responseCode 60 pending", "60", "pending")
code_case("responseCode 05 refused", "05", "refused")
code_case("responseCode 34 suspected fraud", "34", "refused")
code_case("responseCode 12 invalid transaction", "12", "error")
code_case("responseCode 94 duplicate", "94", "error")
code_case("unknown responseCode is an error, never accepted", "42", "error")

doc = {"gateway": "sips", "sources": SOURCES, "cases": cases}
out = HERE.parent / "sips.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
