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
    "spec": "shared/specs/ogone-sips.md: Ogone SHA-IN rule and the documentation example (passphrase "
            "Mysecretsig1875!?, ORDERID=1234 … → SHA-1 F4CC376CD7A834D997B91598FA747825A238BE0A)",
    "pronamic": "github.com/pronamic/wp-pronamic-pay-ingenico tests/src/OrderStandard/ClientTest.php: SHA-OUT "
                "example of the ABN AMRO e-Commerce BASIC guide p.16 (feedback ACCEPTANCE=1234 … STATUS=9 → "
                "SHA-1 8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA with Mysecretsig1875!?); the same value with "
                "mixed-case names appears in an ePDQ Ruby client's response tests",
    "reference": "SHASIGN computed by tests/vectors/tools/gen_ogone.py with Python hashlib "
                 "(shared/specs/ogone-sips.md and shared/specs/ogone/*.txt), run here",
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


def status_case(name, status, ncerror, expect_status, extra=None):
    params = dict(DOC_OUT, STATUS=status, NCERROR=ncerror)
    params.update(extra or {})
    out = {"status": expect_status, "code": status}
    if ncerror != "0":
        out["details"] = {"ncerror": ncerror}
    resp(name, "spec-rules", body_of(params, algo="sha256"), out, config=dict(RCONFIG, algorithm="sha256"))


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
status_case("STATUS 8 refunded", "8", "0", "cancelled")

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

doc = {"gateway": "ogone", "sources": SOURCES, "cases": cases}
out = HERE.parent / "ogone.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {out}")
