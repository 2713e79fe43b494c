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
    "office": "Worldline Sips 'Sips Office JSON' implementation guide (WLSIPS.310) and data dictionary, Office "
              "functions refund, cancel, validate (https://office-server.sips-services.com/rs-services/v2/"
              "cashManagement/…, recommended interfaceVersion CR_WS_2.55) and getTransactionData "
              "(rs-services/v2/diagnostic/getTransactionData); responseCode and transactionStatus lists of values",
    "office-seal": "Office seal computed by tests/vectors/tools/gen_sips.py with Python hmac: HMAC-SHA-256 of the "
                   "field values concatenated in alphabetical order of the field names, nested objects likewise, "
                   "seal/keyVersion/sealAlgorithm left out (the Sips Office JSON guide's rule, as Worldline's own "
                   "sample github.com/wl-sips/sips-paypage-json-php Common/sealCalculationPaypageJson.php applies it "
                   "and as eopayment's sips2.py get_seal_for_json_ws_data does), run here",
    "refund-rule": "plan.refund for Sips: at most the captured amount minus what was already refunded; a captured "
                   "transaction is refunded, not cancelled; no validation above the authorisation or after "
                   "captureLimitDate",
    "spec-rules": "shared/specs/ogone-sips.md (Sips 2.0: Data format, responseCode meanings, Cpay on Sips: EUR, "
                  "Internet only, no instalments/subscriptions/one-click, capture ≤ 6 days) and "
                  "shared/specs/plans.md eligibility table",
    "s10": "Worldline Sips data dictionary, s10TransactionReference (s10TransactionId n6, unique per shop and day; "
           "s10TransactionIdDate YYYYMMDD), for shops migrated from Sips 1.0; Data and seal computed here",
    "json-doc": "Worldline Sips documentation 'Sips Paypage JSON', seal example (as reproduced by Worldline's Java SDK "
                "test computeSealFromDoc_success): values in key order without keyVersion, HMAC-SHA-256 with "
                "'secret123' = 322b943d...5b81",
    "json": "Sips Paypage JSON request and answer sealed here with Python hmac over the values in key order "
            "(containers by their values, lists by their elements, keyVersion/seal/sealAlgorithm left out)",
    "cetelem": "Worldline Sips documentation 'Cetelem 3X 4X CB' (docs.sips.worldline-solutions.com/en/"
               "WLSIPS.137-PM-Cetelem-3X-4X-CB-integration.html): Internet, immediate payment only, no instalments, "
               "subscriptions or one-click, no multicurrency; brands CETELEM_3X/CETELEM_4X as listed by Sips "
               "integrations (ONLINE_CREDIT); 90-3000 EUR as Computop documents FullCB",
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

# --- s10TransactionReference and Cetelem 3X 4X CB ------------------------------------------------------------
S10 = {"amount": 45000, "s10_transaction_reference": {"id": "000042", "date": "2026-01-10"},
       "normal_return_url": "https://shop.example/r", "automatic_response_url": "https://shop.example/n"}
S10_DATA = ("amount=45000|currencyCode=978|merchantId=002001000000001|normalReturnUrl=https://shop.example/r"
            "|automaticResponseUrl=https://shop.example/n|s10TransactionReference.s10TransactionId=000042"
            "|s10TransactionReference.s10TransactionIdDate=20260110|keyVersion=1|orderChannel=INTERNET")
form_case("a shop migrated from Sips 1.0: s10TransactionReference instead of transactionReference", CONFIG, S10,
          S10_DATA)
CETELEM = dict(S10, payment_mean_brands=["CETELEM_3X", "CETELEM_4X"], capture_mode="AUTHOR_CAPTURE", capture_day=0)
form_case("Cetelem 3X 4X CB, immediate payment", CONFIG, CETELEM,
          S10_DATA + "|captureMode=AUTHOR_CAPTURE|captureDay=0|paymentMeanBrandList=CETELEM_3X,CETELEM_4X")
for name, payment, code, field in [
    ("s10: both references", dict(S10, transaction_reference="T1"), "inconsistent", "s10TransactionReference"),
    ("s10: a 5-digit id", dict(S10, s10_transaction_reference={"id": "00042", "date": "2026-01-10"}),
     "invalid_format", "s10TransactionReference.s10TransactionId"),
    ("s10: letters in the id", dict(S10, s10_transaction_reference={"id": "00004A", "date": "2026-01-10"}),
     "invalid_format", "s10TransactionReference.s10TransactionId"),
    ("no reference at all", {k: v for k, v in S10.items() if k != "s10_transaction_reference"}, "missing_field",
     "transactionReference"),
    ("Cetelem 3X at 80.00 EUR", dict(CETELEM, amount=8000), "invalid_value", "amount"),
    ("Cetelem 4X at 3000.01 EUR", dict(CETELEM, amount=300001), "invalid_value", "amount"),
    ("Cetelem 3X deferred capture", dict(CETELEM, capture_day=3), "not_allowed", "captureDay"),
    ("Cetelem 3X with VALIDATION", dict(CETELEM, capture_mode="VALIDATION"), "not_allowed", "captureMode"),
    ("Cetelem 3X in USD", dict(CETELEM, currency="USD"), "not_allowed", "currencyCode"),
    ("Cetelem 3X by MOTO", dict(CETELEM, order_channel="MOTO"), "not_allowed", "orderChannel"),
    ("Cetelem 3X with Sips instalments", dict(CETELEM, instalments=INST["instalments"]), "not_allowed",
     "instalmentData"),
]:
    case(name, "cetelem" if "Cetelem" in name else "s10", "sips.form", {"config": CONFIG, "payment": payment},
         error={"code": code, "field": field})
case("s10: an impossible date", "s10", "sips.form",
     {"config": CONFIG, "payment": dict(S10, s10_transaction_reference={"id": "000042", "date": "2026-02-30"})},
     error={"code": "invalid_value"})

# --- Paypage JSON ----------------------------------------------------------------------------------------------
def seal_string(obj, top=True):
    if isinstance(obj, dict):
        return "".join(seal_string(obj[k], False) for k in sorted(obj)
                       if not (top and k in ("keyVersion", "seal", "sealAlgorithm")))
    if isinstance(obj, list):
        return "".join(seal_string(v, False) for v in obj)
    if obj is None:
        return ""
    return str(obj)


DOC_JSON = {"amount": "2500", "automaticResponseUrl": "https://automatic-response-url.fr/",
            "normalReturnUrl": "https://normal-return-url/", "captureDay": "0", "captureMode": "AUTHOR_CAPTURE",
            "currencyCode": "978", "customerContact": {"email": "customer@email.com"},
            "interfaceVersion": "IR_WS_2.22", "keyVersion": "1", "merchantId": "011223344550000",
            "orderChannel": "INTERNET", "orderId": "ORD101", "returnContext": "ReturnContext",
            "transactionOrigin": "SO_WEBAPPLI", "transactionReference": "TREFEXA2012"}
assert seal(seal_string(DOC_JSON), "secret123") == "322b943d833417c1570e0a282641e8e29d6a5b968c9b846694b5610e18ab5b81"
case("Worldline's Paypage JSON seal example (values in key order)", "json-doc", "sips.seal",
     {"data": seal_string(DOC_JSON), "key": "secret123"},
     {"seal": "322b943d833417c1570e0a282641e8e29d6a5b968c9b846694b5610e18ab5b81"})


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


JSON_BODY = {"amount": "45000", "currencyCode": "978", "merchantId": MID, "normalReturnUrl": "https://shop.example/r",
             "automaticResponseUrl": "https://shop.example/n",
             "s10TransactionReference": {"s10TransactionId": "000042", "s10TransactionIdDate": "20260110"},
             "keyVersion": "1", "orderChannel": "INTERNET", "captureMode": "AUTHOR_CAPTURE", "captureDay": "0",
             "paymentMeanBrandList": ["CETELEM_3X", "CETELEM_4X"], "interfaceVersion": "IR_WS_3.4",
             "sealAlgorithm": "HMAC-SHA-256"}
JSON_BODY["seal"] = seal(seal_string(JSON_BODY))
case("paymentInit (Paypage JSON) for Cetelem 3X/4X with s10TransactionReference", "json", "sips.payment_init",
     {"config": CONFIG, "payment": CETELEM},
     {"method": "POST", "url": "https://payment-webinit.simu.sips-services.com/rs-services/v2/paymentInit",
      "headers": {"Content-Type": "application/json"}, "body": dumps(JSON_BODY)})
case("paymentInit refuses what the form refuses", "cetelem", "sips.payment_init",
     {"config": CONFIG, "payment": dict(CETELEM, amount=8000)}, error={"code": "invalid_value", "field": "amount"})
case("paymentInit on a custom host that is not a paymentInit URL", "json", "sips.payment_init",
     {"config": dict(CONFIG, environment={"custom": {"url": "https://sips.example/pay"}}), "payment": CETELEM},
     error={"code": "invalid_value", "field": "environment"})
ANSWER = {"redirectionData": "GIANT_TOKEN_42", "redirectionStatusCode": "00",
          "redirectionStatusMessage": "INITIALISATION REQUEST ACCEPTED",
          "redirectionUrl": "https://payment-web.simu.sips-services.com/payment", "redirectionVersion": "IR_WS_2.0"}
ANSWER_SEALED = dict(ANSWER, seal=seal(seal_string(ANSWER)))


def init_answer(name, source, body, output=None, error=None, status=200):
    case(name, source, "sips.payment_init_answer", {"config": CONFIG, "response": {"status": status, "body": body}},
         output, error)


init_answer("paymentInit answer: the redirection form", "json", json.dumps(ANSWER_SEALED),
            {"redirection_url": ANSWER["redirectionUrl"],
             "form": {"action": ANSWER["redirectionUrl"], "method": "POST",
                      "fields": {"redirectionData": "GIANT_TOKEN_42", "redirectionVersion": "IR_WS_2.0"}}})
init_answer("paymentInit answer with a tampered redirectionUrl", "json",
            json.dumps(dict(ANSWER_SEALED, redirectionUrl="https://evil.example/payment")),
            error={"code": "signature_mismatch", "field": "seal"})
init_answer("paymentInit answer sealed with another key", "json",
            json.dumps(dict(ANSWER, seal=seal(seal_string(ANSWER), "other_KEY"))),
            error={"code": "signature_mismatch", "field": "seal"})
init_answer("paymentInit answer without a seal", "json", json.dumps(ANSWER),
            error={"code": "signature_missing", "field": "seal"})
REFUSED = {"redirectionStatusCode": "34", "redirectionVersion": "IR_WS_2.0"}
init_answer("paymentInit refused (34, suspected fraud)", "json", json.dumps(dict(REFUSED, seal=seal(seal_string(REFUSED)))),
            error={"code": "gateway_error", "field": "redirectionStatusCode", "gateway_code": "34"})
init_answer("paymentInit answer that is not JSON", "json", "<html>", error={"code": "unexpected_response"}, status=502)
init_answer("oversized paymentInit answer", "json", json.dumps({"x": "a" * 70000}), error={"code": "too_large"})

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


S10_RESP = ("amount=45000|currencyCode=978|merchantId=002001000000001|responseCode=00"
            "|s10TransactionReference.s10TransactionId=000042|s10TransactionReference.s10TransactionIdDate=20260110"
            "|keyVersion=1|paymentMeanBrand=CETELEM_3X|paymentMeanType=ONLINE_CREDIT")
HCFG = dict(ODOO_CONFIG, seal_algorithm="hmac-sha256")
resp("a Sips 1.0 migrated shop's response: the key is built from s10TransactionReference", "s10",
     {"Data": S10_RESP, "Seal": seal(S10_RESP, "dummy_secret")},
     {"status": "accepted", "transaction_id": "000042", "card_brand": "CETELEM_3X",
      "idempotency_key": f"sips:{MID}:s10:20260110:000042"}, config=HCFG)
other_day = S10_RESP.replace("20260110", "20260111")
resp("the same s10TransactionId another day is another payment", "s10",
     {"Data": other_day, "Seal": seal(other_day, "dummy_secret")},
     {"idempotency_key": f"sips:{MID}:s10:20260111:000042"}, config=HCFG)
resp("s10 response with a tampered id", "s10",
     {"Data": S10_RESP.replace("=000042", "=000043"), "Seal": seal(S10_RESP, "dummy_secret")},
     error={"code": "signature_mismatch", "field": "Seal"}, config=HCFG)


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

# --- Sips Office (JSON): cash management and diagnostic ----------------------------------------------------------
OCONFIG = {"merchant_id": MID, "key_version": 1, "secret_key": KEY, "environment": "production"}
OFFICE = "https://office-server.sips-services.com/rs-services/v2/"
TREF = "CPAY20260310A1"
DATES = {"paid_at": "2026-03-10T10:00:00Z", "now": "2026-03-20T09:00:00Z"}
UNSEALED = ("seal", "keyVersion", "sealAlgorithm")


def office_values(value):
    if isinstance(value, dict):
        return "".join(office_values(value[k]) for k in sorted(value))
    if isinstance(value, list):
        return "".join(office_values(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def office_seal(obj, key=KEY):
    text = "".join(office_values(obj[k]) for k in sorted(obj) if k not in UNSEALED)
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def office_body(fields, interface="CR_WS_2.55", config=OCONFIG):
    obj = dict(fields, interfaceVersion=interface, keyVersion=str(config["key_version"]),
               merchantId=config["merchant_id"])
    obj["seal"] = office_seal(obj, config["secret_key"])
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# The rule by hand for the first request: currencyCode, interfaceVersion, merchantId, operationAmount,
# transactionReference (keyVersion left out), concatenated.
assert office_seal({"currencyCode": "978", "interfaceVersion": "CR_WS_2.55", "keyVersion": "1", "merchantId": MID,
                    "operationAmount": "1000", "transactionReference": TREF}) == \
    hmac.new(KEY.encode(), f"978CR_WS_2.55{MID}1000{TREF}".encode(), hashlib.sha256).hexdigest()


def office_case(name, op, key, request, path, fields, interface="CR_WS_2.55", config=OCONFIG, url=None):
    out = {"method": "POST", "url": url or OFFICE + path,
           "headers": {"Content-Type": "application/json", "Accept": "application/json"},
           "body": office_body(fields, interface, config)}
    inp = {"config": config}
    if key:
        inp[key] = request
    else:
        inp.update(request)
    case(name, "office-seal", op, inp, out)


def office_error(name, op, key, request, code, field, config=OCONFIG, source="refund-rule"):
    inp = {"config": config}
    if key:
        inp[key] = request
    else:
        inp.update(request)
    case(name, source, op, inp, error={"code": code, "field": field})


def amounts(amount):
    return {"currencyCode": "978", "operationAmount": str(amount), "transactionReference": TREF}


REFUND = dict(DATES, transaction_reference=TREF, amount=1000, captured=2990, refunded=0)
office_case("refund of part of a captured transaction", "sips.refund", "refund", REFUND,
            "cashManagement/refund", amounts(1000))
office_case("refund of what is left", "sips.refund", "refund", dict(REFUND, amount=1990, refunded=1000),
            "cashManagement/refund", amounts(1990))
office_case("test platform: the TEST Office server", "sips.refund", "refund", REFUND, "cashManagement/refund",
            amounts(1000), config=dict(OCONFIG, environment="test"),
            url="https://office-server.test.sips-services.com/rs-services/v2/cashManagement/refund")
office_error("refund above captured minus refunded", "sips.refund", "refund", dict(REFUND, amount=1991, refunded=1000),
             "refund_not_allowed", "operationAmount")
office_error("refund of a transaction never captured", "sips.refund", "refund", dict(REFUND, captured=0),
             "refund_not_allowed", "operationAmount")
office_error("refund without a secret key", "sips.refund", "refund", REFUND, "invalid_key", "config.secret_key",
             config={k: v for k, v in OCONFIG.items() if k != "secret_key"}, source="office")
office_error("custom platform without office_url", "sips.refund", "refund", REFUND, "missing_field", "office_url",
             config=dict(OCONFIG, environment={"custom": {"url": "https://payment-webinit.mercanet.bnpparibas.net/paymentInit"}}),
             source="office")
office_case("custom platform with its Office server", "sips.refund", "refund", REFUND, "cashManagement/refund",
            amounts(1000), config=dict(OCONFIG, environment={"custom": {"url": "https://payment-webinit.mercanet.bnpparibas.net/paymentInit"}},
                                       office_url="https://office-server.mercanet.bnpparibas.net"),
            url="https://office-server.mercanet.bnpparibas.net/rs-services/v2/cashManagement/refund")
office_error("transactionReference with a space", "sips.refund", "refund", dict(REFUND, transaction_reference="CPAY 1"),
             "invalid_format", "transactionReference", source="office")
CANCEL = {"transaction_reference": TREF, "amount": 2990, "authorised": 2990, "captured": 0}
office_case("cancel a transaction not captured", "sips.cancel", "cancel", CANCEL, "cashManagement/cancel",
            amounts(2990))
office_error("cancel after capture", "sips.cancel", "cancel", dict(CANCEL, captured=2990), "not_allowed",
             "operationAmount")
office_error("cancel more than authorised", "sips.cancel", "cancel", dict(CANCEL, amount=2991), "invalid_value",
             "operationAmount")
CAPTURE = {"transaction_reference": TREF, "amount": 2990, "authorised": 2990, "capture_limit_date": "20260316",
           "now": "2026-03-16T22:59:59Z"}
office_case("validate (capture) before captureLimitDate", "sips.capture", "capture", CAPTURE,
            "cashManagement/validate", amounts(2990))
office_error("validate after captureLimitDate (the capture window is over)", "sips.capture", "capture",
             dict(CAPTURE, now="2026-03-17T00:00:00Z"), "not_allowed", "captureLimitDate")
office_error("validate above the authorisation", "sips.capture", "capture", dict(CAPTURE, amount=2991), "not_allowed",
             "operationAmount")
office_error("captureLimitDate without now", "sips.capture", "capture",
             {k: v for k, v in CAPTURE.items() if k != "now"}, "missing_field", "now", source="office")
office_case("getTransactionData", "sips.status", None, {"transaction_reference": TREF},
            "diagnostic/getTransactionData", {"transactionReference": TREF}, interface="DR_WS_2.9")
office_error("getTransactionData without a reference", "sips.status", None, {"transaction_reference": ""},
             "missing_field", "transactionReference", source="office")


def office_answer(fields, key=KEY, seal_value=None):
    obj = dict(fields)
    obj["seal"] = seal_value or office_seal(obj, key)
    return json.dumps(obj, separators=(",", ":"))


REFUNDED = {"acquirerResponseCode": "00", "authorisationId": "123456", "newAmount": 1990, "newStatus": "TO_CREDIT",
            "operationDateTime": "2026-03-20T10:00:00+01:00", "responseCode": "00"}


def answer_case(name, op, body, output=None, error=None, http=200, expected=TREF, source="office-seal",
                config=OCONFIG):
    case(name, source, op, {"config": config, "response": {"status": http, "body": body},
                            "expected": {"transaction_reference": expected}}, output, error)


answer_case("refund answer responseCode 00", "sips.refund_answer", office_answer(REFUNDED),
            {"gateway": "sips", "operation": "refund", "status": "accepted", "code": "00",
             "transaction_id": TREF, "idempotency_key": f"sips:{MID}:{TREF}:refund:2026-03-20T10:00:00+01:00",
             "details": {"new_status": "TO_CREDIT", "new_amount": "1990"}, "server_to_server": True})
answer_case("refund answer with the shop and the transaction echoed", "sips.refund_answer",
            office_answer(dict(REFUNDED, merchantId=MID, transactionReference=TREF)),
            {"operation": "refund", "status": "accepted"})
answer_case("refund answer with a bad seal", "sips.refund_answer", office_answer(REFUNDED, key="another key"),
            error={"code": "signature_mismatch", "field": "seal"})
answer_case("refund answer tampered after sealing", "sips.refund_answer",
            office_answer(REFUNDED).replace('"newAmount":1990', '"newAmount":2990'),
            error={"code": "signature_mismatch", "field": "seal"})
answer_case("refund answer without a seal", "sips.refund_answer", json.dumps(REFUNDED),
            error={"code": "signature_missing", "field": "seal"})
answer_case("refund answer for another shop", "sips.refund_answer",
            office_answer(dict(REFUNDED, merchantId="011223344550000")),
            error={"code": "wrong_shop", "field": "merchantId"})
answer_case("refund answer for another transaction", "sips.refund_answer",
            office_answer(dict(REFUNDED, transactionReference="CPAY20260310A2")),
            error={"code": "wrong_order", "field": "transactionReference"})
answer_case("refund answer responseCode 24: operation not allowed", "sips.refund_answer",
            office_answer({"responseCode": "24"}),
            error={"code": "gateway_error", "field": "responseCode", "gateway_code": "24"})
answer_case("refund answer with an unknown responseCode: never accepted", "sips.refund_answer",
            office_answer({"responseCode": "77"}), error={"code": "gateway_error", "gateway_code": "77"})
answer_case("refund answer responseCode 60: pending", "sips.refund_answer", office_answer({"responseCode": "60"}),
            {"operation": "refund", "status": "pending"})
answer_case("cancel answer responseCode 00", "sips.cancel_answer",
            office_answer({"newAmount": 0, "newStatus": "CANCELLED", "responseCode": "00"}),
            {"operation": "cancellation", "status": "accepted"})
answer_case("validate answer responseCode 00", "sips.capture_answer",
            office_answer({"newAmount": 2990, "newStatus": "TO_CAPTURE", "responseCode": "00"}),
            {"operation": "capture", "status": "accepted"})
answer_case("validate answer responseCode 25: transaction not found", "sips.capture_answer",
            office_answer({"responseCode": "25"}), error={"code": "gateway_error", "gateway_code": "25"})


def status_answer(name, state, operation, status):
    fields = {"amount": 2990, "currencyCode": "978", "merchantId": MID, "responseCode": "00",
              "transactionReference": TREF, "transactionStatus": state, "captureLimitDate": "20260316"}
    answer_case(name, "sips.status_answer", office_answer(fields),
                {"operation": operation, "status": status, "amount": 2990, "currency": "EUR"})


status_answer("status TO_CAPTURE: authorised", "TO_CAPTURE", "payment", "accepted")
status_answer("status TO_VALIDATE: authorised, waiting for validation", "TO_VALIDATE", "payment", "accepted")
status_answer("status CAPTURED", "CAPTURED", "capture", "accepted")
status_answer("status CANCELLED", "CANCELLED", "cancellation", "accepted")
status_answer("status CREDITED: refunded", "CREDITED", "refund", "accepted")
status_answer("status REFUSED", "REFUSED", "payment", "refused")
status_answer("status EXPIRED", "EXPIRED", "payment", "cancelled")
status_answer("status TO_AUTHORIZE: not known yet", "TO_AUTHORIZE", "payment", "pending")
status_answer("status unknown: pending, never accepted", "SOMETHING_NEW", "payment", "pending")
answer_case("status answer with nested fields sealed in key order", "sips.status_answer",
            office_answer({"responseCode": "00", "transactionStatus": "CAPTURED", "amount": 2990,
                           "customerContact": {"lastname": "Doe", "email": "jane@example.org"},
                           "paymentMeanBrandList": ["CPAY", "VISA"], "fraudData": None, "cardCSCPresent": True}),
            {"operation": "capture", "status": "accepted"})
answer_case("status answer without transactionStatus", "sips.status_answer", office_answer({"responseCode": "00"}),
            error={"code": "missing_field", "field": "transactionStatus"})
answer_case("status answer: transaction not found", "sips.status_answer", office_answer({"responseCode": "25"}),
            error={"code": "gateway_error", "gateway_code": "25"})
answer_case("HTTP 503", "sips.status_answer", office_answer({"responseCode": "00"}), http=503,
            error={"code": "unexpected_response"})
answer_case("not JSON", "sips.status_answer", "<html>maintenance</html>", error={"code": "malformed"})
answer_case("a JSON array", "sips.status_answer", "[]", error={"code": "unexpected_response"})
answer_case("a fractional amount", "sips.status_answer",
            office_answer({"responseCode": "00", "transactionStatus": "CAPTURED"}).replace('"responseCode"', '"amount":29.9,"responseCode"'),
            error={"code": "malformed", "field": "amount"})
answer_case("oversized answer", "sips.status_answer",
            office_answer({"responseCode": "00", "transactionStatus": "CAPTURED", "x": "y" * 70000}),
            error={"code": "too_large"})

doc = {"gateway": "sips", "sources": SOURCES, "cases": cases}
out = HERE.parent / "sips.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
