"""Writes tests/vectors/payline.json.

The expected SOAP requests are written here independently of cpay's Rust code: the envelope and element order
follow the WSDL (shared/specs/payline/WebPaymentAPI.wsdl), values are escaped with Python's
xml.sax.saxutils, URLs percent-encoded with urllib.parse.quote and the Basic credentials computed with base64.
The SOAP answers are hand-written following the WSDL's response elements (no public Payline answer fixture was
found); their outcomes follow the code table of shared/specs/payline.md §4.
Run: python3 tests/vectors/tools/gen_payline.py
"""
import base64
import json
import pathlib
import urllib.parse
from xml.sax.saxutils import escape

MERCHANT = "111111111"
KEY = "AFju9XHplQzvamffO72L"  # the spec's Basic-auth check pair (spec §2)
HOMO = "https://homologation.payline.com/V4/services/"
PROD = "https://services.payline.com/V4/services/"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
IMPL = "http://impl.ws.payline.experian.com"
OBJ = "http://obj.ws.payline.experian.com"

SOURCES = {
    "spec": "shared/specs/payline.md §2-§5: endpoints, Basic auth check value, doWebPayment/doCapture/doRefund, codes",
    "seed": "shared/seeds/000_b610fe8e7732068c.txt (Payline 'Cetelem Aurore / Cpay'): NX and recurring modes not "
            "available, refund up to 13 months, date-of-birth authentication",
    "reference": "SOAP request computed by tests/vectors/tools/gen_payline.py (Python base64, xml.sax.saxutils, "
                 "urllib.parse), element order and namespaces from shared/specs/payline/WebPaymentAPI.wsdl, run here",
    "php-samples": "github.com/PaylineByMonext/payline-php-samples @87ffc04 examples/fieldset/payment.php:59 "
                   "(differedActionDate dd/mm/yy), order.php:251 (order date dd/mm/yyyy HH24:MM), buyer.php:364 "
                   "(birthDate yyyy-mm-dd)",
    "php-sdk": "github.com/PaylineByMonext/payline-php-sdk @44c39a1 src/Payline/PaylineSDK.php: HOMO_ENDPOINT, "
               "PROD_ENDPOINT, doCapture/doRefund on DirectPaymentAPI",
    "wallet": "Payline WebPayment/DirectPayment WSDL (shared/specs/payline/WebPaymentAPI.wsdl): manageWebWalletRequest, "
              "getWebWalletRequest/Response (wallet.walletId, card), doImmediateWalletPaymentRequest/Response, "
              "disableWalletRequest/Response (walletIdList), buyer.walletId; Payline's Cpay page lists the wallet "
              "('Paiement récurrent et via Wallet'); requests computed by this script, answers hand-written per the WSDL",
    "handwritten": "SOAP answers hand-written following the WSDL response elements (getWebPaymentDetailsResponse, "
                   "doWebPaymentResponse, doCaptureResponse, doRefundResponse, doResetResponse, "
                   "doReAuthorizationResponse, getTransactionDetailsResponse) and SOAP 1.1; outcomes per spec §4",
    "payline-docs": "docs.payline.com (Monext), pages 'Webservice - doResetRequest' (a transaction can be reset only "
                    "if validated and not paid into the bank), 'Webservice - doReAuthorizationRequest' (up to 11 months "
                    "after the authorisation, same currency, order required), 'Cas d'utilisation - Annulation' "
                    "(doResetRequest version/transactionID → result 00000 and the transaction), the return-code page "
                    "(02301 TransactionID is invalid); the WSDL's ExtendedAPI binding for getTransactionDetails",
}


def x(value):
    return escape(value, {'"': "&quot;", "'": "&apos;"})


def url(value):
    return urllib.parse.quote(value, safe="-._~:/?#[]@!$&'()*+,;=%")


def envelope(operation, inner):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<soapenv:Envelope xmlns:soapenv="{SOAP}" xmlns:impl="{IMPL}" xmlns:obj="{OBJ}">'
            f'<soapenv:Header/><soapenv:Body><impl:{operation}Request>{inner}</impl:{operation}Request>'
            '</soapenv:Body></soapenv:Envelope>')


def el(prefix, name, value):
    return f"<{prefix}:{name}>{x(value)}</{prefix}:{name}>"


def http(service, operation, inner, base=HOMO, merchant=MERCHANT, key=KEY):
    credentials = base64.b64encode(f"{merchant}:{key}".encode()).decode()
    return {
        "method": "POST",
        "url": base + service,
        "headers": {"Authorization": "Basic " + credentials, "Content-Type": "text/xml; charset=utf-8",
                    "SOAPAction": f'"{operation}"'},
        "body": envelope(operation, inner),
    }


assert base64.b64encode(f"{MERCHANT}:{KEY}".encode()).decode() == "MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM"

ACCOUNT = {"merchant_id": MERCHANT, "environment": "homologation", "access_key": KEY}
ORDER = dict(ACCOUNT, **{
    "contract_number": "CPAY01", "amount": 45025, "currency": "EUR", "order_ref": "CMD-2026-0042",
    "order_date": "2026-03-10T14:05:00Z", "return_url": "https://shop.example/payline/return?order=CMD-2026-0042",
    "cancel_url": "https://shop.example/payline/cancel", "notification_url": "https://shop.example/payline/notify",
    "mode": "CPT", "action": 101,
})


def web_payment_body(o, action, mode, date, differed=None, contracts=None, language=None, buyer=""):
    amount = str(o["amount"])
    inner = el("impl", "version", o.get("version", "21"))
    inner += "<impl:payment>" + el("obj", "amount", amount) + el("obj", "currency", "978") + \
        el("obj", "action", str(action)) + el("obj", "mode", mode) + el("obj", "contractNumber", o["contract_number"])
    if differed:
        inner += el("obj", "differedActionDate", differed)
    inner += "</impl:payment>"
    inner += el("impl", "returnURL", url(o["return_url"])) + el("impl", "cancelURL", url(o["cancel_url"]))
    inner += "<impl:order>" + el("obj", "ref", o["order_ref"]) + el("obj", "amount", amount) + \
        el("obj", "currency", "978") + el("obj", "date", date) + "</impl:order>"
    inner += el("impl", "notificationURL", url(o["notification_url"]))
    inner += "<impl:selectedContractList>" + "".join(
        el("obj", "selectedContract", c) for c in (contracts or [o["contract_number"]])) + "</impl:selectedContractList>"
    if language:
        inner += el("impl", "languageCode", language)
    return inner + buyer


# The account (merchant id, access key, environment, API version) travels as `config`, like every gateway's.
CONFIG_KEYS = ("merchant_id", "access_key", "environment", "version")


def config_of(flat):
    return {k: flat[k] for k in CONFIG_KEYS if k in flat}


def form_input(flat):
    """`payline.form` input from a flat order: {config, payment}."""
    return {"config": config_of(flat), "payment": {k: v for k, v in flat.items() if k not in CONFIG_KEYS}}


def call_input(flat):
    """A server-to-server call's input from a flat dict: {config, …the call's own fields}."""
    return dict({"config": config_of(flat)}, **{k: v for k, v in flat.items() if k not in CONFIG_KEYS})


def answer_input(inp):
    """An `*_answer` (or `payline.notification`) input: the SOAP answer's body becomes {response: HttpResponse}."""
    rest = {k: v for k, v in inp.items() if k != "body"}
    return dict(rest, response={"status": 200, "body": inp["body"]})


cases = []


def case(name, source, op, input, output=None, error=None):
    """The cases below are written flat, as Payline's API lists the values; this shapes them into the op's input."""
    if op == "payline.form":
        input = form_input(input)
    elif op in ("payline.status", "payline.capture", "payline.refund", "payline.cancel", "payline.reauthorize",
                "payline.transaction", "payline.wallet_details", "payline.wallet_disable"):
        input = call_input(input)
    elif op.endswith("_answer") or op == "payline.notification":
        input = answer_input(input)
    if op == "payline.notification" and output is not None:
        output = {"outcome": output}  # a notification returns {outcome, reply}
    c = {"name": name, "source": source, "op": op, "input": input}
    if error is not None:
        c["error"] = error
    else:
        c["output"] = output
    cases.append(c)


# --- doWebPayment ---------------------------------------------------------------------------------------------
case("doWebPayment, Cpay cash, authorisation + capture (Basic auth = spec check value)", "reference",
     "payline.form", ORDER,
     http("WebPaymentAPI", "doWebPayment", web_payment_body(ORDER, 101, "CPT", "10/03/2026 14:05")))

deferred = dict(ORDER, mode="DIF", action=101, differed_action_date="2026-03-17", order_date="2026-03-10T23:30:00+02:00",
                environment="production", version="26", language_code="fr",
                selected_contracts=["CB", "CPAY01"])
case("doWebPayment, Cpay deferred 7 days, production, order date converted to UTC, contract list", "php-samples",
     "payline.form", deferred,
     http("WebPaymentAPI", "doWebPayment",
          web_payment_body(deferred, 101, "DIF", "10/03/2026 21:30", differed="17/03/26", contracts=["CB", "CPAY01"],
                           language="fr"), base=PROD))

buyer = {"title": "MME", "last_name": "Durand & Fils", "first_name": "Zoé", "email": "zoe@example.fr",
         "billing_address": {"street1": "1 rue de l'Église", "city": "Créteil", "zip_code": "94000", "country": "FR"},
         "mobile_phone": "0601020304", "customer_id": "C-77", "birth_date": "1980-02-29"}
with_buyer = dict(ORDER, action=100, order_ref="A&B'1\"", buyer=buyer,
                  return_url="https://shop.example/ok?o=A|1&n=Zoé x")
buyer_xml = ("<impl:buyer>" + el("obj", "title", "MME") + el("obj", "lastName", "Durand & Fils") +
             el("obj", "firstName", "Zoé") + el("obj", "email", "zoe@example.fr") + "<obj:billingAddress>" +
             el("obj", "street1", "1 rue de l'Église") + el("obj", "cityName", "Créteil") +
             el("obj", "zipCode", "94000") + el("obj", "country", "FR") + "</obj:billingAddress>" +
             el("obj", "mobilePhone", "0601020304") + el("obj", "customerId", "C-77") +
             el("obj", "birthDate", "1980-02-29") + "</impl:buyer>")
case("doWebPayment with buyer and birth date (date-of-birth authentication), values XML-escaped, URL encoded",
     "reference", "payline.form", with_buyer,
     http("WebPaymentAPI", "doWebPayment", web_payment_body(with_buyer, 100, "CPT", "10/03/2026 14:05", buyer=buyer_xml)))

custom = dict(ORDER, environment={"custom": "https://payline-proxy.example/V4/services"})
case("doWebPayment to a custom endpoint", "reference", "payline.form", custom,
     http("WebPaymentAPI", "doWebPayment", web_payment_body(ORDER, 101, "CPT", "10/03/2026 14:05"),
          base="https://payline-proxy.example/V4/services/"))

for name, change, error in [
    ("NX mode refused for Cpay", {"mode": "NX"}, {"code": "not_allowed", "field": "mode"}),
    ("REC mode refused for Cpay", {"mode": "REC"}, {"code": "not_allowed", "field": "mode"}),
    ("action 421 is doRefund, not a web payment", {"action": 421}, {"code": "not_allowed", "field": "action"}),
    ("action 422 (credit) refused", {"action": "422"}, {"code": "invalid_value", "field": "action"}),
    ("DIF more than 7 days ahead", {"mode": "DIF", "differed_action_date": "2026-03-18"},
     {"code": "invalid_value", "field": "differed_action_date"}),
    ("DIF without a date", {"mode": "DIF"}, {"code": "missing_field", "field": "differed_action_date"}),
    ("differed date with CPT", {"differed_action_date": "2026-03-12"},
     {"code": "inconsistent", "field": "differed_action_date"}),
    ("USD refused for Cpay", {"currency": "USD"}, {"code": "not_allowed", "field": "currency"}),
    ("zero amount", {"amount": 0}, {"code": "invalid_value", "field": "amount"}),
    ("decimal amount (minor units only)", {"amount": 450.25}, {"code": "invalid_value"}),
    ("relative return URL", {"return_url": "/payline/return"}, {"code": "invalid_format", "field": "return_url"}),
    ("CR/LF in the notification URL", {"notification_url": "https://shop.example/n\r\nX-Injected: 1"},
     {"code": "invalid_format", "field": "notification_url"}),
    ("< in the order ref", {"order_ref": "A<B"}, {"code": "invalid_format", "field": "order_ref"}),
    ("order ref longer than 50", {"order_ref": "R" * 51}, {"code": "invalid_format", "field": "order_ref"}),
    ("contract list without the payment's contract", {"selected_contracts": ["CB"]},
     {"code": "inconsistent", "field": "selected_contracts"}),
    ("26 selected contracts", {"selected_contracts": ["C%d" % i for i in range(26)]},
     {"code": "invalid_value", "field": "selected_contracts"}),
    ("impossible birth date", {"buyer": {"birth_date": "1981-02-29"}},
     {"code": "invalid_format", "field": "buyer.birth_date"}),
    ("birth date in the future", {"buyer": {"birth_date": "2030-01-01"}},
     {"code": "invalid_value", "field": "buyer.birth_date"}),
    ("order date not RFC 3339", {"order_date": "10/03/2026 14:05"}, {"code": "invalid_value"}),
    ("unknown environment", {"environment": "staging"}, {"code": "invalid_value", "field": "config.environment"}),
    ("empty access key", {"access_key": ""}, {"code": "invalid_key", "field": "config.access_key"}),
    ("merchant id with a colon (would break Basic auth)", {"merchant_id": "1111:1"},
     {"code": "invalid_format", "field": "merchant_id"}),
    ("unknown field (typo)", {"order_reff": "x"}, {"code": "invalid_value", "field": "payment.order_reff"}),
]:
    case(f"doWebPayment refused: {name}", "seed" if "mode" in name else "spec", "payline.form",
         dict(ORDER, **change), error=error)

# --- doWebPayment answer ---------------------------------------------------------------------------------------
TOKEN = "1aLkI8xoWWWWmQVfA2931434983528796"


def answer(operation, inner, env="soapenv", impl="impl", obj="obj"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><{env}:Envelope xmlns:{env}="{SOAP}"><{env}:Body>'
            f'<{impl}:{operation}Response xmlns:{impl}="{IMPL}" xmlns:{obj}="{OBJ}">{inner}'
            f'</{impl}:{operation}Response></{env}:Body></{env}:Envelope>')


def result(code, short, long, impl="impl", obj="obj"):
    return (f"<{impl}:result><{obj}:code>{code}</{obj}:code><{obj}:shortMessage>{short}</{obj}:shortMessage>"
            f"<{obj}:longMessage>{long}</{obj}:longMessage></{impl}:result>")


redirect = "https://homologation-webpayment.payline.com/webpayment/?reqCode=prepareStep2&amp;token=" + TOKEN
case("doWebPayment answer: token and redirect URL", "handwritten", "payline.form_answer",
     {"body": answer("doWebPayment", result("00000", "ACCEPTED", "Transaction approved") +
                     f"<impl:token>{TOKEN}</impl:token><impl:redirectURL>{redirect}</impl:redirectURL>")},
     {"code": "00000", "token": TOKEN,
      "redirect_url": "https://homologation-webpayment.payline.com/webpayment/?reqCode=prepareStep2&token=" + TOKEN})
case("doWebPayment answer: invalid contract 02303", "handwritten", "payline.form_answer",
     {"body": answer("doWebPayment", result("02303", "INVALID", "Invalid Contract number"))},
     error={"code": "gateway_error", "gateway_code": "02303"})

# --- notification ----------------------------------------------------------------------------------------------
case("notification WEBTRS → getWebPaymentDetails", "spec", "payline.token",
     {"query": f"https://shop.example/payline/notify?notificationType=WEBTRS&token={TOKEN}", "stored_token": TOKEN},
     {"notification_type": "WEBTRS", "token": TOKEN, "next_call": "getWebPaymentDetails",
      "next_operation": "payline.status"})
case("notification with the token of another order", "spec", "payline.token",
     {"query": f"notificationType=WEBTRS&token={TOKEN}", "stored_token": "2bQpR7zzYYYYnQVfA2931434983528000"},
     error={"code": "wrong_order", "field": "token"})
case("notification without token", "spec", "payline.token", {"query": "notificationType=WEBTRS"},
     error={"code": "missing_field", "field": "token"})

# --- getWebPaymentDetails ----------------------------------------------------------------------------------------
case("getWebPaymentDetails request", "reference", "payline.status", dict(ACCOUNT, token=TOKEN),
     http("WebPaymentAPI", "getWebPaymentDetails", el("impl", "version", "21") + el("impl", "token", TOKEN)))
case("getWebPaymentDetails request: token with a space", "spec", "payline.status", dict(ACCOUNT, token="a b"),
     error={"code": "invalid_format", "field": "token"})


def details(code, short, long, card_type="AURORE", fraud="0", dup="0", order_ref="CMD-2026-0042", amount="45025",
            env="soapenv", impl="impl", obj="obj", extra=""):
    o, i = obj, impl
    inner = result(code, short, long, i, o)
    inner += (f"<{i}:transaction><{o}:id>26069150044598</{o}:id><{o}:date>10/03/2026 14:07</{o}:date>"
              f"<{o}:isDuplicated>{dup}</{o}:isDuplicated><{o}:isPossibleFraud>{fraud}</{o}:isPossibleFraud>"
              f"<{o}:fraudResult/><{o}:explanation/><{o}:threeDSecure>N</{o}:threeDSecure></{i}:transaction>")
    inner += (f"<{i}:payment><{o}:amount>{amount}</{o}:amount><{o}:currency>978</{o}:currency>"
              f"<{o}:action>101</{o}:action><{o}:mode>CPT</{o}:mode><{o}:contractNumber>CPAY01</{o}:contractNumber>"
              f"</{i}:payment>")
    inner += (f"<{i}:authorization><{o}:number>A55A</{o}:number><{o}:date>10/03/2026 14:07</{o}:date>"
              f"</{i}:authorization>")
    inner += (f"<{i}:card><{o}:number>507140XXXXXX0011</{o}:number><{o}:type>{card_type}</{o}:type>"
              f"<{o}:expirationDate>1228</{o}:expirationDate></{i}:card>")
    inner += (f"<{i}:order><{o}:ref>{order_ref}</{o}:ref><{o}:amount>{amount}</{o}:amount>"
              f"<{o}:currency>978</{o}:currency><{o}:date>10/03/2026 14:05</{o}:date></{i}:order>")
    inner += f"<{i}:contractNumber>CPAY01</{i}:contractNumber><{i}:futureElement>ignored</{i}:futureElement>" + extra
    return answer("getWebPaymentDetails", inner, env, impl, obj)


EXPECT = {"order_ref": "CMD-2026-0042", "token": TOKEN, "amount": 45025}
for code, short, long, status in [
    ("00000", "ACCEPTED", "Transaction approved", "accepted"),
    ("02500", "ACCEPTED", "Operation Successfull", "accepted"),
    ("03000", "ACCEPTED", "Transaction approved", "accepted"),
    ("04000", "ACCEPTED", "Transaction approved", "accepted"),
    ("04003", "ACCEPTED", "Fraud alert", "pending"),
    ("02306", "INPROGRESS", "Customer has to fill his payment data", "pending"),
    ("02008", "CANCELLED", "Payment cancelled by user", "cancelled"),
    ("02319", "CANCELLED", "Payment cancelled by Buyer", "cancelled"),
    ("02324", "CANCELLED", "Session expired", "cancelled"),
    ("02534", "CANCELLED", "Session expired", "cancelled"),
    ("01102", "REFUSED", "Invalid birth date", "refused"),
    ("01130", "REFUSED", "Invalid CVV", "refused"),
    ("01100", "REFUSED", "Do not honor", "refused"),
    ("02303", "ERROR", "Invalid Contract number", "error"),
    ("02305", "ERROR", "Invalid field format", "error"),
]:
    out = {"gateway": "payline", "status": status, "code": code, "order_id": "CMD-2026-0042",
           "transaction_id": "26069150044598", "amount": 45025, "currency": "EUR", "card_brand": "AURORE",
           "server_to_server": True, "idempotency_key": "payline:26069150044598",
           "details": {"short_message": short, "long_message": long, "is_possible_fraud": "0", "is_duplicated": "0"}}
    case(f"details {code} → {status}", "spec", "payline.notification",
         {"body": details(code, short, long), "token": TOKEN, "expected": EXPECT}, out)

case("details with other prefixes and default namespaces (matched by namespace URI)", "handwritten",
     "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved", env="SOAP-ENV", impl="ns1", obj="ns2")},
     {"status": "accepted", "code": "00000", "card_brand": "AURORE"})
case("details: possible fraud and duplicate flags kept", "handwritten", "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved", fraud="1", dup="1"), "expected": EXPECT,
      "token": TOKEN},
     {"status": "accepted", "details": {"is_possible_fraud": "1", "is_duplicated": "1"}})
case("details for another order (order.ref differs)", "spec", "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved", order_ref="CMD-2026-0043"), "token": TOKEN,
      "expected": EXPECT}, error={"code": "wrong_order", "field": "order.ref"})
cases.append({"name": "details answer HTTP 401: the access key is named", "source": "spec",
              "op": "payline.status_answer", "input": {"response": {"status": 401, "body": ""}},
              "error": {"code": "invalid_key", "field": "config.access_key"}})
case("details asked with a token for another order", "spec", "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved"), "token": "9zZz0000YYYYnQVfA2931434983528000",
      "expected": EXPECT}, error={"code": "wrong_order", "field": "token"})
case("details for another amount", "spec", "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved", amount="100"), "token": TOKEN,
      "expected": EXPECT}, error={"code": "wrong_order", "field": "payment.amount"})
fault = (f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server'
         '</faultcode><faultstring>Authentication failed</faultstring></soapenv:Fault></soapenv:Body>'
         '</soapenv:Envelope>')
case("SOAP fault", "handwritten", "payline.notification", {"body": fault},
     error={"code": "gateway_error", "gateway_code": "soapenv:Server"})
case("HTML error page", "handwritten", "payline.notification",
     {"body": "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"},
     error={"code": "unexpected_response"})
good = details("00000", "ACCEPTED", "Transaction approved")
case("truncated XML", "handwritten", "payline.notification", {"body": good[: len(good) // 2]},
     error={"code": "malformed"})
case("wrong namespace for the response element", "handwritten", "payline.notification",
     {"body": good.replace(IMPL, "http://impl.ws.example.com")}, error={"code": "unexpected_response"})
case("wrong namespace for the result members", "handwritten", "payline.notification",
     {"body": good.replace(OBJ, "http://obj.ws.example.com")},
     error={"code": "unexpected_response", "field": "result.code"})
case("SOAP 1.2 envelope namespace", "handwritten", "payline.notification",
     {"body": good.replace(SOAP, "http://www.w3.org/2003/05/soap-envelope")}, error={"code": "unexpected_response"})
case("oversized answer", "handwritten", "payline.notification",
     {"body": details("00000", "ACCEPTED", "Transaction approved",
                      extra="<impl:pad>" + "x" * (256 * 1024) + "</impl:pad>")}, error={"code": "too_large"})
case("another operation's answer", "handwritten", "payline.notification",
     {"body": answer("doWebPayment", result("00000", "ACCEPTED", "Transaction approved"))},
     error={"code": "unexpected_response"})
case("entity declaration refused", "handwritten", "payline.notification",
     {"body": '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "y">]>' + good.split("?>", 1)[1]},
     error={"code": "unexpected_response"})

# --- doCapture / doRefund -----------------------------------------------------------------------------------------


def operation_body(action, amount="45025", extra=""):
    return (el("impl", "version", "21") + el("impl", "transactionID", "26069150044598") + "<impl:payment>" +
            el("obj", "amount", amount) + el("obj", "currency", "978") + el("obj", "action", action) +
            el("obj", "mode", "CPT") + el("obj", "contractNumber", "CPAY01") + "</impl:payment>" + extra)


OP = dict(ACCOUNT, transaction_id="26069150044598", amount=45025, currency="978", contract_number="CPAY01")
case("doCapture (201) within 7 days", "reference", "payline.capture",
     dict(OP, authorized_at="2026-03-10T14:07:00Z", now="2026-03-17T14:07:00Z"),
     http("DirectPaymentAPI", "doCapture", operation_body("201")))
case("doCapture after 7 days refused", "spec", "payline.capture",
     dict(OP, authorized_at="2026-03-10T14:07:00Z", now="2026-03-17T14:08:00Z"),
     error={"code": "not_allowed", "field": "authorized_at"})
REFUND = dict(OP, amount=10000, paid_at="2026-03-10T14:07:00Z", now="2027-04-10T14:07:00Z", captured=45025,
              refunded=5000, comment="Retour article n°3 & frais", sequence_number="2")
case("doRefund (421) on the last day of the 13 months", "reference", "payline.refund", REFUND,
     http("DirectPaymentAPI", "doRefund",
          operation_body("421", "10000", el("impl", "comment", "Retour article n°3 & frais") +
                         el("impl", "sequenceNumber", "2"))))
case("doRefund refused after 13 months", "seed", "payline.refund", dict(REFUND, now="2027-04-10T14:07:01Z"),
     error={"code": "refund_not_allowed", "field": "amount"})
case("doRefund refused above captured minus refunded", "seed", "payline.refund", dict(REFUND, amount=40026),
     error={"code": "refund_not_allowed", "field": "amount"})
case("doRefund of an uncaptured payment refused", "seed", "payline.refund", dict(REFUND, captured=0, refunded=0),
     error={"code": "refund_not_allowed"})
case("doRefund 13 months from 31 January ends on 29 February", "seed", "payline.refund",
     dict(REFUND, paid_at="2027-01-31T10:00:00Z", now="2028-02-29T10:00:00Z"),
     {"method": "POST", "url": HOMO + "DirectPaymentAPI"})
case("doCapture answer: done", "handwritten", "payline.capture_answer",
     {"body": answer("doCapture", result("00000", "ACCEPTED", "Transaction approved") +
                     "<impl:transaction><obj:id>26069150051234</obj:id><obj:date>11/03/2026 09:00</obj:date>"
                     "</impl:transaction>")},
     {"operation": "capture", "code": "00000", "transaction_id": "26069150051234",
      "transaction_date": "11/03/2026 09:00"})
case("doRefund answer: refused", "handwritten", "payline.refund_answer",
     {"body": answer("doRefund", result("02202", "ERROR", "Transaction already refunded"))},
     error={"code": "gateway_error", "gateway_code": "02202"})

# --- doReset (payline.cancel) ---------------------------------------------------------------------------------------
CANCEL = dict(ACCOUNT, transaction_id="26069150044598", remitted=False, comment="Commande annulée & stock remis",
              sequence_number="3")
case("doReset of a transaction not yet remitted", "reference", "payline.cancel", CANCEL,
     http("DirectPaymentAPI", "doReset",
          el("impl", "version", "21") + el("impl", "transactionID", "26069150044598") +
          el("impl", "comment", "Commande annulée & stock remis") + el("impl", "sequenceNumber", "3")))
case("doReset without comment", "reference", "payline.cancel",
     dict(ACCOUNT, transaction_id="26069150044598", remitted=False),
     http("DirectPaymentAPI", "doReset", el("impl", "version", "21") + el("impl", "transactionID", "26069150044598")))
case("doReset after the capture was remitted refused (refund instead)", "payline-docs", "payline.cancel",
     dict(CANCEL, remitted=True), error={"code": "not_allowed", "field": "remitted"})
case("doReset of a malformed transaction id", "payline-docs", "payline.cancel",
     dict(CANCEL, transaction_id="2606 9150"), error={"code": "invalid_format", "field": "transaction_id"})
case("doReset answer: cancelled", "payline-docs", "payline.cancel_answer",
     {"body": answer("doReset", result("00000", "ACCEPTED", "Transaction approved") +
                     "<impl:transaction><obj:id>26069150061111</obj:id><obj:date>10/03/2026 18:00</obj:date>"
                     "</impl:transaction>")},
     {"operation": "cancellation", "code": "00000", "transaction_id": "26069150061111"})
case("doReset answer: invalid transaction id", "payline-docs", "payline.cancel_answer",
     {"body": answer("doReset", result("02301", "ERROR", "TransactionID is invalid"))},
     error={"code": "gateway_error", "gateway_code": "02301"})
case("doReset answer read as another operation's", "handwritten", "payline.cancel_answer",
     {"body": answer("doRefund", result("00000", "ACCEPTED", "Transaction approved"))},
     error={"code": "unexpected_response"})

# --- doReAuthorization (payline.reauthorize) ------------------------------------------------------------------------
REAUTH = dict(ACCOUNT, transaction_id="26069150044598", amount=45025, contract_number="CPAY01",
              order_ref="CMD-2026-0042-R1", authorized_at="2026-03-10T14:07:00Z", now="2026-03-20T09:30:00Z")


def reauth_body(action="101", date="20/03/2026 09:30"):
    return (el("impl", "version", "21") + el("impl", "transactionID", "26069150044598") + "<impl:payment>" +
            el("obj", "amount", "45025") + el("obj", "currency", "978") + el("obj", "action", action) +
            el("obj", "mode", "CPT") + el("obj", "contractNumber", "CPAY01") + "</impl:payment><impl:order>" +
            el("obj", "ref", "CMD-2026-0042-R1") + el("obj", "amount", "45025") + el("obj", "currency", "978") +
            el("obj", "date", date) + "</impl:order>")


case("doReAuthorization after the 7-day capture window", "reference", "payline.reauthorize", REAUTH,
     http("DirectPaymentAPI", "doReAuthorization", reauth_body()))
case("doReAuthorization as an authorisation only (100), on the last minute of 11 months", "reference",
     "payline.reauthorize", dict(REAUTH, action=100, now="2027-02-10T14:07:00Z"),
     http("DirectPaymentAPI", "doReAuthorization", reauth_body("100", "10/02/2027 14:07")))
case("doReAuthorization more than 11 months after the authorisation refused", "payline-docs", "payline.reauthorize",
     dict(REAUTH, now="2027-02-10T14:07:01Z"), error={"code": "not_allowed", "field": "authorized_at"})
case("doReAuthorization in another currency refused", "payline-docs", "payline.reauthorize",
     dict(REAUTH, currency="USD"), error={"code": "not_allowed", "field": "currency"})
case("doReAuthorization with action 201 refused", "payline-docs", "payline.reauthorize", dict(REAUTH, action=201),
     error={"code": "invalid_value", "field": "action"})
case("doReAuthorization answer: the new authorisation", "handwritten", "payline.reauthorize_answer",
     {"body": answer("doReAuthorization", result("00000", "ACCEPTED", "Transaction approved") +
                     "<impl:transaction><obj:id>26079150070000</obj:id><obj:date>20/03/2026 09:30</obj:date>"
                     "</impl:transaction><impl:card><obj:type>AURORE</obj:type></impl:card>")},
     {"operation": "payment", "code": "00000", "transaction_id": "26079150070000"})
case("doReAuthorization answer: option not on the contract", "payline-docs", "payline.reauthorize_answer",
     {"body": answer("doReAuthorization", result("02619", "ERROR", "You do not have the reauthorization option"))},
     error={"code": "gateway_error", "gateway_code": "02619"})

# --- TRS notification and getTransactionDetails (payline.transaction) --------------------------------------------
TRX = "26069150044598"
case("notification TRS keeps its transactionId → getTransactionDetails", "spec", "payline.token",
     {"query": f"https://shop.example/payline/notify?notificationType=TRS&transactionId={TRX}"},
     {"notification_type": "TRS", "transaction_id": TRX, "next_call": "getTransactionDetails",
      "next_operation": "payline.transaction"})
case("notification TRS without transactionId", "spec", "payline.token", {"query": "notificationType=TRS"},
     error={"code": "missing_field", "field": "transactionId"})
case("getTransactionDetails request", "reference", "payline.transaction", dict(ACCOUNT, transaction_id=TRX),
     http("ExtendedAPI", "getTransactionDetails", el("impl", "version", "21") + el("impl", "transactionId", TRX)))
case("getTransactionDetails request narrowed to the order", "reference", "payline.transaction",
     dict(ACCOUNT, transaction_id=TRX, order_ref="CMD-2026-0042"),
     http("ExtendedAPI", "getTransactionDetails", el("impl", "version", "21") + el("impl", "transactionId", TRX) +
          el("impl", "orderRef", "CMD-2026-0042")))


def trx_details(code, short, long, action="101", trx=TRX, amount="45025", contract="CPAY01", order_ref="CMD-2026-0042"):
    inner = result(code, short, long)
    inner += (f"<impl:transaction><obj:id>{trx}</obj:id><obj:date>10/03/2026 14:07</obj:date>"
              "<obj:isPossibleFraud>0</obj:isPossibleFraud></impl:transaction>")
    inner += (f"<impl:payment><obj:amount>{amount}</obj:amount><obj:currency>978</obj:currency>"
              f"<obj:action>{action}</obj:action><obj:mode>CPT</obj:mode>"
              f"<obj:contractNumber>{contract}</obj:contractNumber></impl:payment>")
    inner += ("<impl:authorization><obj:number>A55A</obj:number><obj:date>10/03/2026 14:07</obj:date>"
              "</impl:authorization>")
    inner += (f"<impl:order><obj:ref>{order_ref}</obj:ref><obj:amount>45025</obj:amount>"
              "<obj:currency>978</obj:currency><obj:date>10/03/2026 14:05</obj:date></impl:order>")
    inner += ("<impl:card><obj:number>507140XXXXXX0011</obj:number><obj:type>AURORE</obj:type></impl:card>"
              "<impl:associatedTransactionsList/><impl:statusHistoryList/>"
              f"<impl:contractNumber>{contract}</impl:contractNumber>")
    return answer("getTransactionDetails", inner)


TEXPECT = {"order_ref": "CMD-2026-0042", "contract_number": "CPAY01"}
for action, operation, trx, amount in [("101", "payment", TRX, "45025"), ("100", "payment", TRX, "45025"),
                                       ("201", "capture", "26069150051234", "45025"),
                                       ("421", "refund", "26069150059999", "10000"),
                                       ("422", "refund", "26069150059998", "10000")]:
    case(f"getTransactionDetails: action {action} → {operation}", "payline-docs", "payline.transaction_answer",
         {"body": trx_details("00000", "ACCEPTED", "Transaction approved", action, trx, amount),
          "transaction_id": trx, "expected": TEXPECT},
         {"gateway": "payline", "operation": operation, "status": "accepted", "code": "00000",
          "transaction_id": trx, "order_id": "CMD-2026-0042", "amount": int(amount), "currency": "EUR",
          "card_brand": "AURORE", "idempotency_key": f"payline:{trx}", "server_to_server": True,
          "details": {"payment_action": action, "contract_number": "CPAY01"}})
case("getTransactionDetails: refused payment", "spec", "payline.transaction_answer",
     {"body": trx_details("01102", "REFUSED", "Invalid birth date"), "transaction_id": TRX, "expected": TEXPECT},
     {"operation": "payment", "status": "refused", "code": "01102"})
case("getTransactionDetails: unknown result code is never accepted", "spec", "payline.transaction_answer",
     {"body": trx_details("09999", "UNKNOWN", "Unknown"), "transaction_id": TRX, "expected": TEXPECT},
     {"operation": "payment", "status": "pending", "code": "09999"})
case("getTransactionDetails: unknown action is never accepted", "payline-docs", "payline.transaction_answer",
     {"body": trx_details("00000", "ACCEPTED", "Transaction approved", action="999"), "transaction_id": TRX,
      "expected": TEXPECT},
     {"operation": "payment", "status": "pending", "code": "00000", "details": {"payment_action": "999"}})
case("getTransactionDetails for another transaction", "payline-docs", "payline.transaction_answer",
     {"body": trx_details("00000", "ACCEPTED", "Transaction approved", trx="26069150040000"), "transaction_id": TRX,
      "expected": TEXPECT}, error={"code": "wrong_order", "field": "transaction.id"})
case("getTransactionDetails for another order", "payline-docs", "payline.transaction_answer",
     {"body": trx_details("00000", "ACCEPTED", "Transaction approved", order_ref="CMD-2026-0043"),
      "transaction_id": TRX, "expected": TEXPECT}, error={"code": "wrong_order", "field": "order.ref"})
case("getTransactionDetails for another amount", "payline-docs", "payline.transaction_answer",
     {"body": trx_details("00000", "ACCEPTED", "Transaction approved"), "transaction_id": TRX,
      "expected": dict(TEXPECT, amount=100)}, error={"code": "wrong_order", "field": "payment.amount"})
case("getTransactionDetails for another shop's contract", "payline-docs", "payline.transaction_answer",
     {"body": trx_details("00000", "ACCEPTED", "Transaction approved", contract="OTHER01"), "transaction_id": TRX,
      "expected": TEXPECT}, error={"code": "wrong_shop", "field": "payment.contractNumber"})
case("getTransactionDetails of an unknown transaction", "payline-docs", "payline.transaction_answer",
     {"body": answer("getTransactionDetails", result("02301", "ERROR", "TransactionID is invalid")),
      "transaction_id": TRX}, error={"code": "gateway_error", "gateway_code": "02301"})
case("getTransactionDetails answer read from a getWebPaymentDetails answer", "handwritten",
     "payline.transaction_answer", {"body": good, "transaction_id": TRX}, error={"code": "unexpected_response"})

# --- wallet (Cpay) ---------------------------------------------------------------------------------------------
WALLET = "W-C77"
WTOKEN = "2bWalletTok0000123"
with_wallet = dict(ORDER, buyer={"customer_id": "C-77", "wallet_id": WALLET})
case("doWebPayment with a walletId (buyer.walletId)", "wallet", "payline.form", with_wallet,
     http("WebPaymentAPI", "doWebPayment", web_payment_body(
         with_wallet, 101, "CPT", "10/03/2026 14:05",
         buyer="<impl:buyer>" + el("obj", "walletId", WALLET) + el("obj", "customerId", "C-77") + "</impl:buyer>")))
WEB_WALLET = {"contract_number": "CPAY01", "wallet_id": WALLET,
              "buyer": {"last_name": "Durand", "first_name": "Zoé", "email": "zoe@example.fr"},
              "return_url": "https://shop.example/wallet/return", "cancel_url": "https://shop.example/wallet/cancel",
              "notification_url": "https://shop.example/wallet/notify", "language_code": "fr"}
manage_xml = (el("impl", "version", "21") + el("impl", "contractNumber", "CPAY01") + "<impl:selectedContractList>" +
              el("obj", "selectedContract", "CPAY01") + "</impl:selectedContractList>" +
              el("impl", "updatePersonalDetails", "0") + "<impl:buyer>" + el("obj", "lastName", "Durand") +
              el("obj", "firstName", "Zoé") + el("obj", "email", "zoe@example.fr") + el("obj", "walletId", WALLET) +
              "</impl:buyer>" + el("impl", "languageCode", "fr") +
              el("impl", "returnURL", "https://shop.example/wallet/return") +
              el("impl", "cancelURL", "https://shop.example/wallet/cancel") +
              el("impl", "notificationURL", "https://shop.example/wallet/notify"))
case("manageWebWallet: the wallet page", "wallet", "payline.wallet_manage", {"config": ACCOUNT, "wallet": WEB_WALLET},
     http("WebPaymentAPI", "manageWebWallet", manage_xml))
case("manageWebWallet: buyer.wallet_id differs from wallet_id", "wallet", "payline.wallet_manage",
     {"config": ACCOUNT, "wallet": dict(WEB_WALLET, buyer={"wallet_id": "W-OTHER"})},
     error={"code": "inconsistent", "field": "buyer.wallet_id"})
case("manageWebWallet: walletId with '<' refused", "wallet", "payline.wallet_manage",
     {"config": ACCOUNT, "wallet": dict(WEB_WALLET, wallet_id="W<1")}, error={"code": "invalid_format", "field": "wallet_id"})
wredirect = "https://homologation-webpayment.payline.com/webpayment/?reqCode=prepareStep2&amp;token=" + WTOKEN
case("manageWebWallet answer: token and page URL", "wallet", "payline.wallet_manage_answer",
     {"body": answer("manageWebWallet", result("00000", "ACCEPTED", "Transaction approved") +
                     f"<impl:token>{WTOKEN}</impl:token><impl:redirectURL>{wredirect}</impl:redirectURL>")},
     {"code": "00000", "token": WTOKEN, "redirect_url": wredirect.replace("&amp;", "&")})
case("notification WEBWALLET → getWebWallet", "wallet", "payline.token",
     {"query": f"notificationType=WEBWALLET&token={WTOKEN}", "stored_token": WTOKEN},
     {"notification_type": "WEBWALLET", "token": WTOKEN, "next_call": "getWebWallet",
      "next_operation": "payline.wallet_details"})
case("notification TRSWALLET → getTransactionDetails", "wallet", "payline.token",
     {"query": "notificationType=TRSWALLET&transactionId=26069150044598"},
     {"notification_type": "TRSWALLET", "next_call": "getTransactionDetails"})
case("notification WEBWALLET for another wallet page's token", "wallet", "payline.token",
     {"query": f"notificationType=WEBWALLET&token={WTOKEN}", "stored_token": TOKEN},
     error={"code": "wrong_order", "field": "token"})
case("getWebWallet request", "wallet", "payline.wallet_details", dict(ACCOUNT, token=WTOKEN),
     http("WebPaymentAPI", "getWebWallet", el("impl", "version", "21") + el("impl", "token", WTOKEN)))


def wallet_answer(wallet_id, code="02500", short="ACCEPTED", long="Operation Successfull"):
    return answer("getWebWallet", result(code, short, long) + "<impl:wallet>" + el("obj", "walletId", wallet_id) +
                  el("obj", "lastName", "Durand") + el("obj", "firstName", "Zoé") + "<obj:card>" +
                  el("obj", "number", "497010XXXXXX0014") + el("obj", "type", "AURORE") +
                  el("obj", "expirationDate", "1228") + "</obj:card>" + el("obj", "cardStatus", "AVAILABLE") +
                  "</impl:wallet>")


case("getWebWallet answer: the expected wallet", "wallet", "payline.wallet_details_answer",
     {"body": wallet_answer(WALLET), "wallet_id": WALLET},
     {"code": "02500", "wallet_id": WALLET, "card_type": "AURORE", "card_number": "497010XXXXXX0014",
      "card_expiration": "1228", "card_status": "AVAILABLE", "fields": {"wallet.lastName": "Durand"}})
case("getWebWallet answer for another wallet", "wallet", "payline.wallet_details_answer",
     {"body": wallet_answer("W-OTHER"), "wallet_id": WALLET}, error={"code": "wrong_order", "field": "wallet.walletId"})
case("getWebWallet answer: buyer cancelled (02319)", "wallet", "payline.wallet_details_answer",
     {"body": answer("getWebWallet", result("02319", "CANCELLED", "Payment cancelled by the buyer")),
      "wallet_id": WALLET}, error={"code": "gateway_error", "gateway_code": "02319"})
case("getWebWallet answer without wallet", "wallet", "payline.wallet_details_answer",
     {"body": answer("getWebWallet", result("02500", "ACCEPTED", "Operation Successfull")), "wallet_id": WALLET},
     error={"code": "unexpected_response", "field": "wallet"})
WPAY = {"contract_number": "CPAY01", "wallet_id": WALLET, "amount": 45025, "currency": "EUR",
        "order_ref": "CMD-2026-0043", "order_date": "2026-03-12T09:30:00Z", "mode": "CPT", "action": 101}
wpay_xml = (el("impl", "version", "21") + "<impl:payment>" + el("obj", "amount", "45025") + el("obj", "currency", "978") +
            el("obj", "action", "101") + el("obj", "mode", "CPT") + el("obj", "contractNumber", "CPAY01") +
            "</impl:payment><impl:order>" + el("obj", "ref", "CMD-2026-0043") + el("obj", "amount", "45025") +
            el("obj", "currency", "978") + el("obj", "date", "12/03/2026 09:30") + "</impl:order>" +
            el("impl", "walletId", WALLET))
case("doImmediateWalletPayment", "wallet", "payline.wallet_payment", {"config": ACCOUNT, "payment": WPAY},
     http("DirectPaymentAPI", "doImmediateWalletPayment", wpay_xml))
for mode in ("NX", "REC"):
    case(f"doImmediateWalletPayment in {mode} mode refused for Cpay", "seed", "payline.wallet_payment",
         {"config": ACCOUNT, "payment": dict(WPAY, mode=mode)}, error={"code": "not_allowed", "field": "mode"})
case("doImmediateWalletPayment in USD refused", "wallet", "payline.wallet_payment",
     {"config": ACCOUNT, "payment": dict(WPAY, currency="USD")}, error={"code": "not_allowed", "field": "currency"})
case("doImmediateWalletPayment without walletId", "wallet", "payline.wallet_payment",
     {"config": ACCOUNT, "payment": dict(WPAY, wallet_id="")}, error={"code": "missing_field", "field": "wallet_id"})
case("doImmediateWalletPayment answer: accepted", "wallet", "payline.wallet_payment_answer",
     {"body": answer("doImmediateWalletPayment", result("00000", "ACCEPTED", "Transaction approved") +
                     "<impl:transaction><obj:id>26071150099999</obj:id><obj:date>12/03/2026 09:31</obj:date>"
                     "</impl:transaction><impl:authorization><obj:number>A55A</obj:number></impl:authorization>"),
      "order_ref": "CMD-2026-0043"},
     {"gateway": "payline", "status": "accepted", "code": "00000", "transaction_id": "26071150099999",
      "order_id": "CMD-2026-0043", "idempotency_key": "payline:26071150099999",
      "details": {"authorization_number": "A55A"}})
case("doImmediateWalletPayment answer: refused by Cetelem", "wallet", "payline.wallet_payment_answer",
     {"body": answer("doImmediateWalletPayment", result("01116", "REFUSED", "Amount limit"))},
     {"status": "refused", "code": "01116"})
case("disableWallet", "wallet", "payline.wallet_disable",
     dict(ACCOUNT, contract_number="CPAY01", wallet_ids=[WALLET, "W-C78"]),
     http("DirectPaymentAPI", "disableWallet", el("impl", "contractNumber", "CPAY01") + "<impl:walletIdList>" +
          el("obj", "walletId", WALLET) + el("obj", "walletId", "W-C78") + "</impl:walletIdList>"))
case("disableWallet of no wallet refused", "wallet", "payline.wallet_disable",
     dict(ACCOUNT, contract_number="CPAY01", wallet_ids=[]), error={"code": "invalid_value", "field": "wallet_ids"})
case("disableWallet answer", "wallet", "payline.wallet_disable_answer",
     {"body": answer("disableWallet", result("02500", "ACCEPTED", "Operation Successfull") + "<impl:walletIdList>" +
                     el("obj", "walletId", WALLET) + "</impl:walletIdList>"), "wallet_ids": [WALLET, "W-C78"]},
     {"code": "02500", "wallet_ids": [WALLET]})
case("disableWallet answer for another wallet", "wallet", "payline.wallet_disable_answer",
     {"body": answer("disableWallet", result("02500", "ACCEPTED", "Operation Successfull") + "<impl:walletIdList>" +
                     el("obj", "walletId", "W-OTHER") + "</impl:walletIdList>"), "wallet_ids": [WALLET]},
     error={"code": "wrong_order", "field": "walletIdList"})

doc = {"gateway": "payline", "sources": SOURCES, "cases": cases}
out = pathlib.Path(__file__).resolve().parent.parent / "payline.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
