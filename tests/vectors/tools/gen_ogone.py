"""Writes tests/vectors/ogone.json.

Expected SHASIGNs are computed here with Python's hashlib, following shared/specs/ogone-sips.md (SHA-IN,
SHA-OUT, legacy SHA-OUT) and the parameter lists in shared/specs/ogone/, independently of cpay's Rust code.
Run: python3 tests/vectors/tools/gen_ogone.py
"""
import hashlib
import json
import pathlib
import re
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
PASS = "Mysecretsig1875!?"  # the platform documentation's example passphrase
OUT_PASS = "Sha-Out_Passphrase#2024"

SOURCES = {
    "doc-statuses": "Ogone e-Commerce Advanced guide, \"Possible statuses\": 6x cancellation, 7x deletion, 8x refund, "
                    "9x payment request; PAYIDSUB the history level of a maintenance operation on the PAYID; "
                    "SHASIGN computed by gen_ogone.py (Python hashlib)",
    "spec": "shared/specs/ogone-sips.md: Ogone SHA-IN rule and the documentation example (passphrase "
            "Mysecretsig1875!?, ORDERID=1234 … → SHA-1 F4CC376CD7A834D997B91598FA747825A238BE0A)",
    "pronamic": "github.com/pronamic/wp-pronamic-pay-ingenico tests/src/OrderStandard/ClientTest.php: SHA-OUT "
                "example of the ABN AMRO e-Commerce BASIC guide p.16 (feedback ACCEPTANCE=1234 … STATUS=9 → "
                "SHA-1 8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA with Mysecretsig1875!?); the same value with "
                "mixed-case names appears in an ePDQ Ruby client's response tests",
    "reference": "SHASIGN computed by tests/vectors/tools/gen_ogone.py with Python hashlib "
                 "(shared/specs/ogone-sips.md and shared/specs/ogone/*.txt), run here",
    "directlink": "Ogone e-Commerce DirectLink integration guide, 'Maintenance' (maintenancedirect.asp: PSPID, "
                  "USERID, PSWD, PAYID, AMOUNT, OPERATION RFD/RFS/DEL/DES/SAL/SAS, SHASIGN; the ncresponse XML answer "
                  "with orderID, PAYID, PAYIDSUB, NCSTATUS, NCERROR, NCERRORPLUS, STATUS, amount, currency) and "
                  "'Direct query' (querydirect.asp); the Ogone 'Possible statuses' list (6 cancelled, 7 deleted, "
                  "8 refunded, 81 refund pending, 85 refund handled by merchant, 9 payment requested, 91 processing…)",
    "directlink-reference": "request bodies and SHASIGN computed by tests/vectors/tools/gen_ogone.py with Python "
                            "hashlib and urllib.parse.quote (the SHA-IN rule over every sent parameter, PSWD "
                            "included), run here; answers are ncresponse documents written after the DirectLink "
                            "guide's examples",
    "refund-rule": "plan.refund for Ogone: at most the captured amount minus what was already refunded; a captured "
                   "payment is refunded, not cancelled; a capture takes at most what is left of the authorisation",
    "spec-rules": "shared/specs/ogone-sips.md: fields, STATUS/NCERROR meanings, Alias, scheduled payments "
                  "(≤ 43 days apart), charset/endpoint consistency; shared/seeds/002_26ab81d43cdf1770.txt "
                  "(saved cards, payment in three times, 3-D Secure policy)",
}


def load(name):
    """A parameter list, copied verbatim from shared/specs/ogone/ next to this script."""
    return [line.strip() for line in (HERE / name).open() if line.strip()]


def listed(entries, name):
    for e in entries:
        if "*XX*" in e:
            p, s = e.split("*XX*")
            if re.fullmatch(re.escape(p) + r"[0-9]+" + re.escape(s), name):
                return True
        elif e == name:
            return True
    return False


SHA_IN = load("ogone-sha-in-parameters.txt")
SHA_OUT = load("ogone-sha-out-parameters.txt")
LEGACY = ["ORDERID", "CURRENCY", "AMOUNT", "PM", "ACCEPTANCE", "STATUS", "CARDNO", "PAYID", "NCERROR", "BRAND"]
HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}


def shasign(params, passphrase, algo="sha1", direction="in", charset="utf-8"):
    enc = "latin-1" if charset == "iso-8859-1" else "utf-8"
    upper = {k.upper(): v for k, v in params.items()}
    if direction == "legacy_out":
        msg = "".join(upper.get(n, "") for n in LEGACY).encode(enc) + passphrase.encode()
    else:
        lst = SHA_IN if direction == "in" else SHA_OUT
        msg = b""
        for k in sorted(k for k in upper if upper[k] != "" and listed(lst, k)):
            msg += (k + "=").encode() + upper[k].encode(enc) + passphrase.encode()
    return HASHES[algo](msg).hexdigest().upper()


DOC_IN = {"AMOUNT": "1500", "CURRENCY": "EUR", "LANGUAGE": "en_US", "ORDERID": "1234", "PSPID": "MyPSPID"}
assert shasign(DOC_IN, PASS) == "F4CC376CD7A834D997B91598FA747825A238BE0A"
DOC_OUT = {"ACCEPTANCE": "1234", "AMOUNT": "15.00", "BRAND": "VISA", "CARDNO": "xxxxxxxxxxxx1111", "CURRENCY": "EUR",
           "NCERROR": "0", "ORDERID": "12", "PAYID": "32100123", "PM": "CreditCard", "STATUS": "9"}
assert shasign(DOC_OUT, PASS, direction="out") == "8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA"

cases = []


def case(name, source, op, inp, output=None, error=None):
    c = {"name": name, "source": source, "op": op, "input": inp}
    if error is not None:
        c["error"] = error
    else:
        c["output"] = output
    cases.append(c)


def sign_input(fields, passphrase=PASS, algo="sha1", direction="in", charset=None):
    """The input of `ogone.sign`: the algorithm is required (no default), the decoded map is `fields`."""
    inp = {"passphrase": passphrase, "algo": algo, "direction": direction}
    if charset:
        inp["charset"] = charset
    inp["fields"] = fields
    return inp


def sign_case(name, source, params, passphrase=PASS, algo="sha1", direction="in", charset=None, expect=None):
    inp = sign_input(params, passphrase, algo, direction, charset)
    value = expect or shasign(params, passphrase, algo, direction, charset or "utf-8")
    case(name, source, "ogone.sign", inp, {"shasign": value})


# --- the raw primitive ---------------------------------------------------------------------------------
sign_case("SHA-IN documentation example, SHA-1", "spec", DOC_IN, expect="F4CC376CD7A834D997B91598FA747825A238BE0A")
sign_case("SHA-IN names in any case, empty and unlisted parameters ignored", "spec",
          {"amount": "1500", "Currency": "EUR", "language": "en_US", "orderID": "1234", "PSPID": "MyPSPID",
           "CN": "", "FOO_XYZ_": "123", "SHASIGN": "x"}, expect="F4CC376CD7A834D997B91598FA747825A238BE0A")
sign_case("SHA-IN documentation parameters, SHA-256", "reference", DOC_IN, algo="sha256")
sign_case("SHA-IN documentation parameters, SHA-512", "reference", DOC_IN, algo="sha512")
sign_case("SHA-IN numbered parameters (AMOUNTn, EXECUTIONDATEn, ITEMNAMEn) are signed", "reference",
          dict(DOC_IN, AMOUNT1="500", AMOUNT2="500", AMOUNT3="500", EXECUTIONDATE2="01/02/2024",
               EXECUTIONDATE3="01/03/2024", ITEMNAME1="Concert", EXECUTIONDATE="ignored"), algo="sha512")
sign_case("SHA-OUT documentation example, SHA-1", "pronamic", DOC_OUT, direction="out",
          expect="8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA")
sign_case("SHA-OUT with names as returned in lower case", "pronamic",
          dict({k: v for k, v in DOC_OUT.items() if k not in ("BRAND", "NCERROR")}, brand="VISA", ncerror="0"),
          direction="out", expect="8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA")
sign_case("SHA-OUT ignores parameters not on the SHA-OUT list (PSPID, LANGUAGE)", "reference",
          dict(DOC_OUT, PSPID="MyPSPID", LANGUAGE="en_US"), direction="out", algo="sha256")
sign_case("legacy SHA-OUT: ten values concatenated, then the passphrase", "reference", DOC_OUT,
          direction="legacy_out")
sign_case("ISO-8859-1 page: values hashed as ISO bytes", "reference", dict(DOC_IN, CN="Hélène Müller"),
          algo="sha256", charset="iso-8859-1")
sign_case("UTF-8 page: the same values hashed as UTF-8", "reference", dict(DOC_IN, CN="Hélène Müller"),
          algo="sha256", charset="utf-8")
assert shasign(dict(DOC_IN, CN="Hélène Müller"), PASS, "sha256", "in", "iso-8859-1") != \
    shasign(dict(DOC_IN, CN="Hélène Müller"), PASS, "sha256", "in", "utf-8")
case("ISO-8859-1 cannot write the value", "spec-rules", "ogone.sign",
     sign_input(dict(DOC_IN, CN="Łukasz"), algo="sha256", charset="iso-8859-1"), error={"code": "invalid_format", "field": "CN"})
case("two names differing only by case", "spec-rules", "ogone.sign",
     sign_input(dict(DOC_IN, orderid="99")),
     error={"code": "malformed", "field": "ORDERID"})
case("unknown algorithm", "spec-rules", "ogone.sign",
     sign_input(DOC_IN, algo="md5"),
     error={"code": "unsupported_algorithm", "field": "algo"})
case("unknown direction", "spec-rules", "ogone.sign",
     sign_input(DOC_IN, direction="sideways"),
     error={"code": "invalid_value", "field": "direction"})

# --- forms -----------------------------------------------------------------------------------------------
CONFIG = {"pspid": "MyPSPID", "environment": "test", "algorithm": "sha1", "sha_in_passphrase": PASS}


def form_case(name, source, config, payment, fields, action=None):
    fields = dict(fields)
    fields["SHASIGN"] = shasign(fields, config["sha_in_passphrase"], config["algorithm"], "in",
                                config.get("charset", "utf-8"))
    env = config["environment"]
    page = "orderstandard.asp" if config.get("charset") == "iso-8859-1" else "orderstandard_utf8.asp"
    action = action or f"{config.get('base_url', 'https://secure.ogone.com/ncol')}/{env}/{page}"
    case(name, source, "ogone.form", {"config": config, "payment": payment},
         {"form": {"action": action, "method": "POST", "fields": fields}})


form_case("documentation order → documented SHASIGN", "spec", CONFIG,
          {"order_id": "1234", "amount": 1500, "language": "en_US"}, DOC_IN)
assert shasign(DOC_IN, PASS) == "F4CC376CD7A834D997B91598FA747825A238BE0A"

FULL = {
    "order_id": "STX-2024-000042", "amount": 34200, "language": "fr_FR",
    "customer": {"name": "Claudio Pimpão", "email": "claudio@example.com", "address": "12 rue de la Paix",
                 "zip": "75002", "town": "Paris", "country": "FR", "phone": "+33 1 02 03 04 05"},
    "description": "2 places — Concert du 12/03", "operation": "SAL", "pm": "CreditCard", "brand": "VISA",
    "win3ds": "MAINW", "flag3d": True, "complus": "basket-77", "paramplus": "shop=fr&lang=fr",
    "urls": {"accept": "https://shop.example/ok", "decline": "https://shop.example/ko",
             "exception": "https://shop.example/exception", "cancel": "https://shop.example/cancel"},
    "alias": {"alias": "cust-3080_card1", "usage": "Sauvegarder cette carte pour de prochains achats",
              "operation": "BYMERCHANT", "persisted_after_use": True},
    "schedule": [{"date": "2024-03-01", "amount": 11400}, {"date": "2024-04-01", "amount": 11400},
                 {"date": "2024-05-01", "amount": 11400}],
    "extra": {"TITLE": "Paiement SecuTix"},
}
FULL_FIELDS = {
    "PSPID": "MyPSPID", "ORDERID": "STX-2024-000042", "AMOUNT": "34200", "CURRENCY": "EUR", "LANGUAGE": "fr_FR",
    "CN": "Claudio Pimpão", "EMAIL": "claudio@example.com", "OWNERADDRESS": "12 rue de la Paix", "OWNERZIP": "75002",
    "OWNERTOWN": "Paris", "OWNERCTY": "FR", "OWNERTELNO": "+33 1 02 03 04 05", "COM": "2 places — Concert du 12/03",
    "OPERATION": "SAL", "PM": "CreditCard", "BRAND": "VISA", "WIN3DS": "MAINW", "FLAG3D": "Y",
    "COMPLUS": "basket-77", "PARAMPLUS": "shop=fr&lang=fr", "ACCEPTURL": "https://shop.example/ok",
    "DECLINEURL": "https://shop.example/ko", "EXCEPTIONURL": "https://shop.example/exception",
    "CANCELURL": "https://shop.example/cancel", "ALIAS": "cust-3080_card1",
    "ALIASUSAGE": "Sauvegarder cette carte pour de prochains achats", "ALIASOPERATION": "BYMERCHANT",
    "ALIASPERSISTEDAFTERUSE": "Y", "AMOUNT1": "11400", "AMOUNT2": "11400", "AMOUNT3": "11400",
    "EXECUTIONDATE2": "01/04/2024", "EXECUTIONDATE3": "01/05/2024", "TITLE": "Paiement SecuTix",
}
CONFIG512 = dict(CONFIG, algorithm="sha512", environment="prod")
form_case("saved card + payment in three times + 3-D Secure flags, SHA-512", "reference", CONFIG512, FULL,
          FULL_FIELDS)
LATIN = dict(CONFIG, algorithm="sha256", charset="iso-8859-1")
latin_payment = {"order_id": "1234", "amount": 1500, "customer": {"name": "Hélène Müller", "town": "Besançon"}}
form_case("ISO-8859-1 page: orderstandard.asp and ISO bytes hashed", "reference", LATIN, latin_payment,
          {"PSPID": "MyPSPID", "ORDERID": "1234", "AMOUNT": "1500", "CURRENCY": "EUR", "CN": "Hélène Müller",
           "OWNERTOWN": "Besançon"})
form_case("custom host (ePDQ runs the same engine)", "reference",
          dict(CONFIG, base_url="https://payments.epdq.co.uk/ncol"), {"order_id": "1234", "amount": 1500},
          {"PSPID": "MyPSPID", "ORDERID": "1234", "AMOUNT": "1500", "CURRENCY": "EUR"})


def form_error(name, payment, code, field, config=CONFIG, source="spec-rules"):
    case(name, source, "ogone.form", {"config": config, "payment": payment}, error={"code": code, "field": field})


BASE = {"order_id": "1234", "amount": 1500}
form_error("ISO-8859-1 page with a character it cannot write", dict(BASE, customer={"name": "Łukasz"}),
           "invalid_format", "CN", config=LATIN)
form_error("schedule: 44 days between two payments",
           dict(BASE, schedule=[{"date": "2024-01-01", "amount": 500}, {"date": "2024-02-14", "amount": 1000}]),
           "invalid_value", "AMOUNT1")
form_error("schedule: sum differs from AMOUNT",
           dict(BASE, schedule=[{"date": "2024-01-01", "amount": 500}, {"date": "2024-02-01", "amount": 999}]),
           "inconsistent", "AMOUNT1")
form_error("schedule: dates not increasing",
           dict(BASE, schedule=[{"date": "2024-02-01", "amount": 500}, {"date": "2024-01-01", "amount": 1000}]),
           "invalid_value", "AMOUNT1")
form_error("schedule: one payment only", dict(BASE, schedule=[{"date": "2024-01-01", "amount": 1500}]),
           "invalid_value", "AMOUNT1")
form_error("ALIAS with a space", dict(BASE, alias={"alias": "my card"}), "invalid_format", "ALIAS")
form_error("ALIAS longer than 50", dict(BASE, alias={"alias": "a" * 51}), "invalid_format", "ALIAS")
form_error("ALIASOPERATION not BYMERCHANT/BYPSP", dict(BASE, alias={"alias": "a1", "operation": "BYSHOP"}),
           "invalid_value", "ALIASOPERATION")
form_error("OPERATION not RES/SAL", dict(BASE, operation="RFD"), "invalid_value", "OPERATION")
form_error("WIN3DS unknown", dict(BASE, win3ds="IFRAME"), "invalid_value", "WIN3DS")
form_error("parameter not on the SHA-IN list", dict(BASE, extra={"FOO": "1"}), "invalid_value", "FOO")
form_error("extra parameter repeats a typed one", dict(BASE, extra={"orderid": "1"}), "inconsistent", "ORDERID")
form_error("oversized ORDERID", dict(BASE, order_id="X" * 31), "invalid_format", "ORDERID")
form_error("oversized COMPLUS", dict(BASE, complus="x" * 1001), "invalid_format", "COMPLUS")
form_error("CR LF in the buyer's name", dict(BASE, customer={"name": "Doe\r\nX"}), "invalid_format", "CN")
form_error("LANGUAGE not ll_CC", dict(BASE, language="fr"), "invalid_format", "LANGUAGE")
form_error("zero amount", dict(BASE, amount=0), "invalid_value", "AMOUNT")
form_error("ACCEPTURL is not a URL", dict(BASE, urls={"accept": "javascript:alert(1)"}), "invalid_value", "ACCEPTURL")
form_error("no SHA-IN passphrase", BASE, "invalid_key", "config.sha_in_passphrase",
           config={k: v for k, v in CONFIG.items() if k != "sha_in_passphrase"})
form_error("unknown payment field", dict(BASE, ammount=1), "invalid_value", "payment.ammount")

# --- feedback ----------------------------------------------------------------------------------------------
RCONFIG = {"pspid": "MyPSPID", "environment": "test", "algorithm": "sha1", "sha_in_passphrase": "In-Passphrase-1",
           "sha_out_passphrase": PASS}


def body_of(params, passphrase=PASS, algo="sha1", direction="out", charset="utf-8", shasign_value=None):
    signed = dict(params)
    signed["SHASIGN"] = shasign_value or shasign(params, passphrase, algo, direction, charset)
    enc = "latin-1" if charset == "iso-8859-1" else "utf-8"
    return urllib.parse.urlencode(signed, encoding=enc)


def resp(name, source, body, output=None, error=None, config=RCONFIG, expected=None, s2s=False):
    inp = {"config": config, "body": body}
    if expected:
        inp["expected"] = expected
    if s2s:
        inp["server_to_server"] = True
    case(name, source, "ogone.notification", inp, None if output is None else {"outcome": output}, error)


DOC_BODY = ("ACCEPTANCE=1234&AMOUNT=15.00&brand=VISA&CARDNO=xxxxxxxxxxxx1111&CURRENCY=EUR&ncerror=0&orderID=12"
            "&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA")
resp("documentation feedback (STATUS 9) is accepted", "pronamic", DOC_BODY,
     {"gateway": "ogone", "status": "accepted", "order_id": "12", "gateway_reference": "32100123", "amount": 1500,
      "currency": "EUR", "code": "9", "card_brand": "VISA", "idempotency_key": "ogone:32100123:0",
      "details": {"ncerror": "0", "acceptance": "1234"}},
     expected={"order_id": "12", "amount": 1500, "currency": "EUR"}, s2s=True)
case("decoded params instead of a body", "pronamic", "ogone.notification",
     {"config": RCONFIG, "fields": dict(DOC_OUT, SHASIGN="8dc2a769700ca4b3df87fe8e3b6fd162d6f6a5fa")},
     {"outcome": {"status": "accepted", "amount": 1500}})
resp("tampered STATUS", "pronamic", DOC_BODY.replace("STATUS=9", "STATUS=5"),
     error={"code": "signature_mismatch", "field": "SHASIGN"})
resp("tampered AMOUNT", "pronamic", DOC_BODY.replace("AMOUNT=15.00", "AMOUNT=1.00"),
     error={"code": "signature_mismatch", "field": "SHASIGN"})
resp("wrong SHA-OUT passphrase", "pronamic", DOC_BODY, config=dict(RCONFIG, sha_out_passphrase="Mysecretsig1875!"),
     error={"code": "signature_mismatch", "field": "SHASIGN"})
resp("feedback signed with the SHA-IN passphrase", "reference", body_of(DOC_OUT, "In-Passphrase-1"),
     error={"code": "signature_mismatch", "field": "SHASIGN"})
resp("SHA-1 feedback for a SHA-512 shop", "pronamic", DOC_BODY, config=dict(RCONFIG, algorithm="sha512"),
     error={"code": "signature_mismatch", "field": "SHASIGN"})
resp("no SHASIGN", "spec-rules", DOC_BODY.split("&SHASIGN=")[0], error={"code": "signature_missing", "field": "SHASIGN"})
resp("another shop's PSPID", "reference", body_of(DOC_OUT) + "&PSPID=OtherPSPID",
     error={"code": "wrong_shop", "field": "PSPID"})
resp("the shop's PSPID echoed (unsigned) is fine", "reference", body_of(DOC_OUT) + "&PSPID=MyPSPID",
     {"status": "accepted"})
resp("another order", "pronamic", DOC_BODY, expected={"order_id": "13"}, error={"code": "wrong_order", "field": "ORDERID"})
resp("another amount", "pronamic", DOC_BODY, expected={"amount": 1501}, error={"code": "wrong_order", "field": "AMOUNT"})
resp("another currency", "pronamic", DOC_BODY, expected={"currency": "GBP"},
     error={"code": "wrong_order", "field": "CURRENCY"})
resp("malformed percent escape", "spec-rules", "ORDERID=%zz&STATUS=9&SHASIGN=00", error={"code": "malformed"})
resp("a parameter sent twice", "spec-rules", DOC_BODY + "&STATUS=5", error={"code": "malformed", "field": "STATUS"})
resp("oversized body", "spec-rules", "A=" + "b" * 300000, error={"code": "too_large"})
resp("no SHA-OUT passphrase configured", "spec-rules", DOC_BODY,
     config={k: v for k, v in RCONFIG.items() if k != "sha_out_passphrase"},
     error={"code": "invalid_key", "field": "config.sha_out_passphrase"})


def status_case(name, status, ncerror, expect_status, extra=None, operation=None, key=None, source="spec-rules"):
    params = dict(DOC_OUT, STATUS=status, NCERROR=ncerror)
    params.update(extra or {})
    out = {"status": expect_status, "code": status}
    if operation:
        out["operation"] = operation
    if key:
        out["idempotency_key"] = key
    if ncerror != "0":
        out["details"] = {"ncerror": ncerror}
    resp(name, source, body_of(params, algo="sha256"), out, config=dict(RCONFIG, algorithm="sha256"))


status_case("STATUS 5 authorised", "5", "0", "accepted")
status_case("STATUS 95 processed by merchant", "95", "0", "accepted")
status_case("STATUS 2 refused, NCERROR 3…", "2", "30001001", "refused")
status_case("STATUS 93 payment refused", "93", "30001051", "refused")
status_case("STATUS 1 cancelled by the customer", "1", "0", "cancelled")
status_case("STATUS 0 invalid, NCERROR 5…", "0", "50001111", "error")
status_case("STATUS 51 authorisation waiting", "51", "0", "pending")
status_case("STATUS 52 uncertain (do not retry)", "52", "20002001", "pending")
status_case("STATUS 92 payment uncertain", "92", "20002001", "pending")
status_case("STATUS 46 waiting for authentication", "46", "0", "pending")
status_case("unknown STATUS is pending, never accepted", "57000", "0", "pending")
PAYID = DOC_OUT.get("PAYID", "")
# The operation a STATUS reports (Ogone e-Commerce Advanced guide, "Possible statuses"): a refund is its own
# transaction (PAYID + PAYIDSUB); a capture or cancellation changes the payment (its key, PAYIDSUB 0).
status_case("STATUS 8 refunded: a refund, done", "8", "0", "accepted", {"PAYIDSUB": "2"}, "refund",
            f"ogone:{PAYID}:2", source="doc-statuses")
status_case("STATUS 85 refund processed by merchant", "85", "0", "accepted", {"PAYIDSUB": "1"}, "refund",
            source="doc-statuses")
status_case("STATUS 81 refund pending", "81", "0", "pending", {"PAYIDSUB": "1"}, "refund", source="doc-statuses")
status_case("STATUS 82 refund uncertain", "82", "20002001", "pending", {"PAYIDSUB": "1"}, "refund",
            source="doc-statuses")
status_case("STATUS 83 refund refused", "83", "30001001", "refused", {"PAYIDSUB": "1"}, "refund",
            source="doc-statuses")
status_case("STATUS 84 refund declined by the acquirer", "84", "30001001", "refused", {"PAYIDSUB": "1"},
            "refund", source="doc-statuses")
status_case("STATUS 6 authorised and cancelled: a cancellation, done", "6", "0", "cancelled", {"PAYIDSUB": "1"},
            "cancellation", f"ogone:{PAYID}:0", source="doc-statuses")
status_case("STATUS 61 cancellation waiting", "61", "0", "pending", {"PAYIDSUB": "1"}, "cancellation",
            source="doc-statuses")
status_case("STATUS 63 cancellation refused", "63", "30001001", "refused", {"PAYIDSUB": "1"}, "cancellation",
            source="doc-statuses")
status_case("STATUS 7 payment deleted: a cancellation, done", "7", "0", "cancelled", {"PAYIDSUB": "2"},
            "cancellation", f"ogone:{PAYID}:0", source="doc-statuses")
status_case("STATUS 74 payment deleted", "74", "0", "cancelled", {"PAYIDSUB": "2"}, "cancellation",
            source="doc-statuses")
status_case("STATUS 9 after an authorisation (PAYIDSUB 1): the capture, with the payment's key", "9", "0",
            "accepted", {"PAYIDSUB": "1"}, "capture", f"ogone:{PAYID}:0", source="doc-statuses")
status_case("STATUS 91 capture processing", "91", "0", "pending", {"PAYIDSUB": "1"}, "capture",
            source="doc-statuses")
status_case("STATUS 94 capture declined by the acquirer", "94", "30001001", "refused", {"PAYIDSUB": "1"},
            "capture", source="doc-statuses")
status_case("STATUS 9 of a direct sale (PAYIDSUB 0): the payment", "9", "0", "accepted", {"PAYIDSUB": "0"},
            "payment", source="doc-statuses")
status_case("STATUS 5 authorised: the payment", "5", "0", "accepted", None, "payment", source="doc-statuses")

resp("legacy SHA-OUT account", "reference", body_of(DOC_OUT, direction="legacy_out"), {"status": "accepted"},
     config=dict(RCONFIG, legacy_sha_out=True))
resp("legacy SHA-OUT expected, new SHA-OUT received", "pronamic", DOC_BODY,
     config=dict(RCONFIG, legacy_sha_out=True), error={"code": "signature_mismatch"})
ISO_PARAMS = dict(DOC_OUT, CN="Hélène Müller")
resp("ISO-8859-1 feedback hashed as ISO bytes", "reference", body_of(ISO_PARAMS, charset="iso-8859-1"),
     {"status": "accepted", "fields": {"CN": "Hélène Müller"}}, config=dict(RCONFIG, charset="iso-8859-1"))
resp("ISO-8859-1 feedback read by a UTF-8 shop", "reference", body_of(ISO_PARAMS, charset="iso-8859-1"),
     error={"code": "malformed", "field": "CN"})
# Every byte is a character in ISO-8859-1, so UTF-8 bytes read that way re-encode to the same bytes: the
# signature still holds (it covers bytes), only the text shows mojibake. The shop's charset must match the page.
resp("UTF-8 feedback read by an ISO-8859-1 shop: bytes verify, text is mojibake", "reference", body_of(ISO_PARAMS),
     {"status": "accepted", "fields": {"CN": "HÃ©lÃ¨ne MÃ¼ller"}}, config=dict(RCONFIG, charset="iso-8859-1"))

# --- DirectLink: maintenancedirect.asp and querydirect.asp ----------------------------------------------------
DCONFIG = {"pspid": "MyPSPID", "environment": "test", "algorithm": "sha256", "sha_in_passphrase": PASS,
           "user_id": "cpay_api", "api_password": "Api-Pa55&word=1"}
PAYID = "3012345678"
DATES = {"paid_at": "2026-03-10T10:00:00Z", "now": "2026-03-20T09:00:00Z"}


def directlink_body(params, config=DCONFIG):
    """The form body cpay must send: every parameter SHA-IN signed, then sorted by name and percent-encoded."""
    params = dict(params, PSPID=config["pspid"], USERID=config["user_id"], PSWD=config["api_password"])
    params["SHASIGN"] = shasign(params, config["sha_in_passphrase"], config["algorithm"], "in")
    return "&".join(f"{k}={urllib.parse.quote(v, safe='-_.~')}" for k, v in sorted(params.items()))


def directlink_case(name, op, key, request, params, page="maintenancedirect.asp", config=DCONFIG):
    out = {"method": "POST", "url": f"https://secure.ogone.com/ncol/test/{page}",
           "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "body": directlink_body(params, config)}
    case(name, "directlink-reference", op, {"config": config, key: request}, out)


def directlink_error(name, op, key, request, code, field, config=DCONFIG, source="refund-rule"):
    case(name, source, op, {"config": config, key: request}, error={"code": code, "field": field})


REFUND = dict(DATES, pay_id=PAYID, amount=1000, captured=34200, refunded=0)
directlink_case("refund of part of a captured payment: RFD", "ogone.refund", "refund", REFUND,
                {"AMOUNT": "1000", "OPERATION": "RFD", "PAYID": PAYID})
directlink_case("refund of what is left: RFS closes the transaction", "ogone.refund", "refund",
                dict(REFUND, amount=24200, refunded=10000), {"AMOUNT": "24200", "OPERATION": "RFS", "PAYID": PAYID})
directlink_error("refund above captured minus refunded", "ogone.refund", "refund",
                 dict(REFUND, amount=24201, refunded=10000), "refund_not_allowed", "AMOUNT")
directlink_error("refund of a payment never captured", "ogone.refund", "refund", dict(REFUND, captured=0),
                 "refund_not_allowed", "AMOUNT")
directlink_error("refund of a payment already refunded in full", "ogone.refund", "refund",
                 dict(REFUND, refunded=34200), "refund_not_allowed", "AMOUNT")
directlink_error("refund of zero", "ogone.refund", "refund", dict(REFUND, amount=0), "refund_not_allowed", "AMOUNT")
directlink_error("refund without the API user", "ogone.refund", "refund", REFUND, "invalid_key", "user_id",
                 config={k: v for k, v in DCONFIG.items() if k != "user_id"}, source="directlink")
directlink_error("refund without the API password", "ogone.refund", "refund", REFUND, "invalid_key", "api_password",
                 config={k: v for k, v in DCONFIG.items() if k != "api_password"}, source="directlink")
directlink_error("PAYID that is not a number", "ogone.refund", "refund", dict(REFUND, pay_id="PAY-1"),
                 "invalid_format", "PAYID", source="directlink")
directlink_case("cancel an authorisation: DES", "ogone.cancel", "cancel", {"pay_id": PAYID, "captured": 0},
                {"OPERATION": "DES", "PAYID": PAYID})
directlink_case("cancel and keep the transaction open: DEL", "ogone.cancel", "cancel",
                {"pay_id": PAYID, "captured": 0, "keep_open": True}, {"OPERATION": "DEL", "PAYID": PAYID})
directlink_error("cancel after capture", "ogone.cancel", "cancel", {"pay_id": PAYID, "captured": 34200},
                 "not_allowed", "OPERATION")
CAPTURE = {"pay_id": PAYID, "amount": 10000, "authorised": 34200}
directlink_case("capture of part of the authorisation: SAL", "ogone.capture", "capture", CAPTURE,
                {"AMOUNT": "10000", "OPERATION": "SAL", "PAYID": PAYID})
directlink_case("capture of what is left: SAS", "ogone.capture", "capture", dict(CAPTURE, amount=24200, captured=10000),
                {"AMOUNT": "24200", "OPERATION": "SAS", "PAYID": PAYID})
directlink_case("last capture asked for: SAS", "ogone.capture", "capture", dict(CAPTURE, last=True),
                {"AMOUNT": "10000", "OPERATION": "SAS", "PAYID": PAYID})
directlink_error("capture above the authorisation", "ogone.capture", "capture", dict(CAPTURE, amount=34201),
                 "not_allowed", "AMOUNT")
directlink_case("status by PAYID", "ogone.status", "query", {"pay_id": PAYID}, {"PAYID": PAYID},
                page="querydirect.asp")
directlink_case("status by ORDERID (a lost feedback)", "ogone.status", "query", {"order_id": "STX-2024-000042"},
                {"ORDERID": "STX-2024-000042"}, page="querydirect.asp")
directlink_error("status of nothing", "ogone.status", "query", {}, "missing_field", "PAYID", source="directlink")


def ncresponse(status, ncerror="0", payid=PAYID, order="STX-2024-000042", sub="2", amount="100", plus="!"):
    return (f'<?xml version="1.0"?>\r\n<ncresponse orderID="{order}" PAYID="{payid}" PAYIDSUB="{sub}" '
            f'NCSTATUS="{ncerror[:1]}" NCERROR="{ncerror}" NCERRORPLUS="{plus}" ACCEPTANCE="" STATUS="{status}" '
            f'amount="{amount}" currency="EUR"/>')


EXPECTED = {"pay_id": PAYID, "order_id": "STX-2024-000042"}


def answer_case(name, op, body, output=None, error=None, expected=EXPECTED, http=200, source="directlink"):
    case(name, source, op, {"response": {"status": http, "body": body}, "expected": expected},
         output, error)


answer_case("refund answer STATUS 8: refunded", "ogone.refund_answer", ncresponse("8"),
            {"gateway": "ogone", "operation": "refund", "status": "accepted", "code": "8", "amount": 10000,
             "order_id": "STX-2024-000042", "gateway_reference": PAYID, "idempotency_key": f"ogone:{PAYID}:2",
             "server_to_server": True})
answer_case("refund answer STATUS 81: refund pending", "ogone.refund_answer", ncresponse("81", amount="242"),
            {"operation": "refund", "status": "pending", "code": "81", "amount": 24200})
answer_case("refund answer STATUS 85: handled by the merchant", "ogone.refund_answer", ncresponse("85"),
            {"operation": "refund", "status": "accepted", "code": "85"})
answer_case("refund answer STATUS 83: refund refused", "ogone.refund_answer", ncresponse("83"),
            {"operation": "refund", "status": "refused"})
answer_case("refund answer NCERROR: the platform's error with its code", "ogone.refund_answer",
            ncresponse("0", ncerror="50001127", plus="This order is not authorized"),
            error={"code": "gateway_error", "field": "NCERROR", "gateway_code": "50001127"})
answer_case("refund answer for another PAYID", "ogone.refund_answer", ncresponse("8", payid="3012345679"),
            error={"code": "wrong_order", "field": "PAYID"})
answer_case("refund answer for another order", "ogone.refund_answer", ncresponse("8", order="STX-2024-000043"),
            error={"code": "wrong_order", "field": "orderID"})
answer_case("refund answer reporting a capture", "ogone.refund_answer", ncresponse("9"),
            error={"code": "unexpected_response", "field": "STATUS"})
answer_case("refund answer with an unknown STATUS: pending, never accepted", "ogone.refund_answer", ncresponse("86"),
            {"operation": "refund", "status": "pending", "code": "86"})
answer_case("cancel answer STATUS 6: authorisation cancelled", "ogone.cancel_answer", ncresponse("6"),
            {"operation": "cancellation", "status": "accepted"})
answer_case("cancel answer STATUS 61: cancellation waiting", "ogone.cancel_answer", ncresponse("61"),
            {"operation": "cancellation", "status": "pending"})
answer_case("cancel answer STATUS 7: payment deleted", "ogone.cancel_answer", ncresponse("7"),
            {"operation": "cancellation", "status": "accepted"})
answer_case("cancel answer STATUS 74: payment deleted", "ogone.cancel_answer", ncresponse("74"),
            {"operation": "cancellation", "status": "accepted"})
answer_case("cancel answer STATUS 71: deletion pending", "ogone.cancel_answer", ncresponse("71"),
            {"operation": "cancellation", "status": "pending"})
answer_case("capture answer STATUS 91: capture processing", "ogone.capture_answer", ncresponse("91"),
            {"operation": "capture", "status": "pending", "code": "91"})
answer_case("capture answer STATUS 9: payment requested", "ogone.capture_answer", ncresponse("9"),
            {"operation": "capture", "status": "accepted"})
answer_case("capture answer STATUS 92: uncertain, never accepted", "ogone.capture_answer", ncresponse("92"),
            {"operation": "capture", "status": "pending"})
answer_case("capture answer STATUS 93: refused", "ogone.capture_answer", ncresponse("93"),
            {"operation": "capture", "status": "refused"})
answer_case("capture answer STATUS 95: processed by merchant", "ogone.capture_answer", ncresponse("95"),
            {"operation": "capture", "status": "accepted"})
answer_case("status answer STATUS 5: authorised payment", "ogone.status_answer",
            ncresponse("5", sub="0", amount="342"),
            {"operation": "payment", "status": "accepted", "amount": 34200, "idempotency_key": f"ogone:{PAYID}:0"})
answer_case("status answer STATUS 8: the payment was refunded", "ogone.status_answer", ncresponse("8"),
            {"operation": "refund", "status": "accepted"})
answer_case("status answer STATUS 51: authorisation waiting", "ogone.status_answer", ncresponse("51"),
            {"operation": "payment", "status": "pending"})
answer_case("status answer STATUS 2: refused", "ogone.status_answer", ncresponse("2"),
            {"operation": "payment", "status": "refused"})
answer_case("status answer with an unknown STATUS: pending, never accepted", "ogone.status_answer",
            ncresponse("57000"), {"operation": "payment", "status": "pending"})
answer_case("status answer by order id only", "ogone.status_answer", ncresponse("9"),
            {"operation": "capture", "status": "accepted"}, expected={"order_id": "STX-2024-000042"})
answer_case("answer checked against nothing", "ogone.status_answer", ncresponse("9"),
            error={"code": "missing_field", "field": "expected.pay_id"}, expected={})
answer_case("HTTP 500", "ogone.status_answer", ncresponse("9"), error={"code": "unexpected_response"}, http=500)
answer_case("an HTML error page", "ogone.status_answer", "<html><body>Service unavailable</body></html>",
            error={"code": "unexpected_response"})
answer_case("another root element", "ogone.status_answer", '<response STATUS="9"/>',
            error={"code": "unexpected_response"})
answer_case("STATUS twice", "ogone.status_answer", ncresponse("9").replace("/>", ' status="8"/>'),
            error={"code": "malformed"})
answer_case("a child element", "ogone.status_answer", ncresponse("9").replace("/>", "><HTML_ANSWER/></ncresponse>"),
            error={"code": "malformed"})
answer_case("truncated XML", "ogone.status_answer", ncresponse("9")[:-2], error={"code": "malformed"})
answer_case("a DOCTYPE (entity expansion)", "ogone.status_answer",
            '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + ncresponse("9").split("\r\n")[1],
            error={"code": "unexpected_response"})
answer_case("oversized answer", "ogone.status_answer", ncresponse("9") + " " * 16384, error={"code": "too_large"})
answer_case("no STATUS", "ogone.status_answer", ncresponse("9").replace(' STATUS="9"', ""),
            error={"code": "missing_field", "field": "STATUS"})

doc = {"gateway": "ogone", "sources": SOURCES, "cases": cases}
out = HERE.parent / "ogone.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
