#!/usr/bin/env python3
"""Generate tests/vectors/bad_inputs.json: malformed requests and responses across every gateway.

Each case takes a genuine input from another golden file (so only the one thing the case is about is
wrong) and breaks it: a missing or unknown JSON field, a wrong JSON type, a body that is not url-encoded,
not hex, not XML, truncated, oversized, a hostile XML document, a missing or misshapen signature, an
unsupported algorithm, an unusable key. The expected error (code and field) is the rule of the spec or
of the JSON schema that the input breaks; hashes needed to get past a signature check are computed here
with Python's hmac/hashlib, independently of cpay.

The JSON schema itself (an unknown or a missing field, a wrong JSON type) is not in this file: the bindings'
typed facades run every vector whose keys they map, and there such an input is the language's own
TypeError before it is a cpay error. Those cases are in core/tests/hardening.rs (`json_schema_errors`),
through the one serde layer every `call` entry point shares.

Run: python3 tests/vectors/tools/gen_bad_inputs.py
"""
import base64
import copy
import hashlib
import hmac
import json
import pathlib
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent


def genuine(op, name=None):
    """The input of the first successful golden case of `op` (or the case called `name`)."""
    gw = op.split(".")[0]
    gw = "plans" if gw == "plan" else gw
    for case in json.loads((VECTORS / f"{gw}.json").read_text())["cases"]:
        if case["op"] == op and "error" not in case and (name is None or case["name"] == name):
            return copy.deepcopy(case["input"])
    raise SystemExit(f"no genuine case for {op} {name or ''}")


CASES = []


def case(name, op, inp, code, field=None, source="schema"):
    error = {"code": code}
    if field is not None:
        error["field"] = field
    CASES.append({"name": name, "source": source, "op": op, "input": inp, "error": error})


def without(d, key):
    d = copy.deepcopy(d)
    d.pop(key)
    return d


def with_(d, **kv):
    d = copy.deepcopy(d)
    d.update(kv)
    return d


# --- Algorithms and keys. --------------------------------------------------------------------------------
case("lyra.sign: unsupported algorithm", "lyra.sign", with_(genuine("lyra.sign"), algo="md5"),
     "unsupported_algorithm")
case("ogone.sign: unsupported algorithm", "ogone.sign", with_(genuine("ogone.sign"), algo="md5"),
     "unsupported_algorithm")
case("ogone.sign: unknown direction", "ogone.sign", with_(genuine("ogone.sign"), direction="sideways"),
     "invalid_value")
case("sips.seal: unsupported algorithm", "sips.seal", with_(genuine("sips.seal"), algo="md5"),
     "unsupported_algorithm")
case("computop.decrypt: empty Blowfish password", "computop.decrypt", with_(genuine("computop.decrypt"), key=""),
     "invalid_key")
case("computop.encrypt: Blowfish password over 72 bytes", "computop.encrypt",
     with_(genuine("computop.encrypt"), key="k" * 73), "invalid_key")
case("computop.mac: empty HMAC password", "computop.mac", with_(genuine("computop.mac"), key=""), "invalid_key")

# --- Lyra notification bodies. ----------------------------------------------------------------------------
LYRA = genuine("lyra.notification")
LYRA_BODY = LYRA["body"]
case("lyra IPN: empty body (read by the framework first)", "lyra.notification", with_(LYRA, body=""), "missing_field", "body")
case("lyra IPN: empty fields", "lyra.notification", with_(without(LYRA, "body"), fields={}), "missing_field", "fields")
case("lyra IPN: no signature", "lyra.notification",
     with_(LYRA, body="&".join(p for p in LYRA_BODY.split("&") if not p.startswith("signature="))),
     "signature_missing", "signature")
case("lyra IPN: broken percent-escape", "lyra.notification", with_(LYRA, body=LYRA_BODY + "&vads_x=%zz"),
     "malformed")
case("lyra IPN: invalid UTF-8 after decoding", "lyra.notification", with_(LYRA, body=LYRA_BODY + "&vads_x=%FF"),
     "malformed")
case("lyra IPN: a field twice", "lyra.notification", with_(LYRA, body=LYRA_BODY + "&vads_amount=1"), "malformed",
     "vads_amount")
case("lyra IPN: body over 256 KiB", "lyra.notification", with_(LYRA, body=LYRA_BODY + "&x=" + "a" * 262144),
     "too_large")
case("lyra IPN: signature of the wrong length", "lyra.notification",
     with_(LYRA, body=LYRA_BODY.split("&signature=")[0] + "&signature=AAAA"), "signature_mismatch", "signature")

KR = genuine("lyra.kr_answer")
KR_FIELDS = urllib.parse.parse_qsl(KR["body"], keep_blank_values=True)


def kr_body(fields):
    return urllib.parse.urlencode(fields)


case("kr-answer: no kr-hash", "lyra.kr_answer", with_(KR, body=kr_body([f for f in KR_FIELDS if f[0] != "kr-hash"])),
     "signature_missing", "kr-hash")
case("kr-answer: no kr-answer", "lyra.kr_answer",
     with_(KR, body=kr_body([f for f in KR_FIELDS if f[0] != "kr-answer"])), "missing_field", "kr-answer")
case("kr-answer: kr-hash-algorithm md5", "lyra.kr_answer",
     with_(KR, body=kr_body([(k, "md5" if k == "kr-hash-algorithm" else v) for k, v in KR_FIELDS])),
     "unsupported_algorithm", "kr-hash-algorithm")
case("kr-answer: unknown kr-hash-key", "lyra.kr_answer",
     with_(KR, body=kr_body([(k, "other" if k == "kr-hash-key" else v) for k, v in KR_FIELDS])),
     "invalid_value", "kr-hash-key")
# A correctly hashed kr-answer that is not JSON: the hash passes (Python hmac), the JSON does not.
kr_key = dict(KR_FIELDS)["kr-hash-key"]
kr_secret = KR["config"]["rest_password"] if kr_key == "password" else KR["config"]["rest_hmac_key"]
garbage = "{not json"
case("kr-answer: hashed correctly but not JSON", "lyra.kr_answer",
     with_(KR, body=kr_body([(k, garbage if k == "kr-answer" else
                              hmac.new(kr_secret.encode(), garbage.encode(), hashlib.sha256).hexdigest()
                              if k == "kr-hash" else v) for k, v in KR_FIELDS])),
     "malformed", "kr-answer", source="python")

# --- Computop bodies and primitives. ----------------------------------------------------------------------
CT = genuine("computop.notification")
CT_PAIRS = dict(urllib.parse.parse_qsl(CT["body"]))
case("computop notify: no Data", "computop.notification", with_(CT, body="Len=16"), "missing_field", "Data")
case("computop notify: Data not hex", "computop.notification",
     with_(CT, body="Len=8&Data=zzzzzzzzzzzzzzzz"), "malformed", "Data")
case("computop notify: Data of odd length", "computop.notification",
     with_(CT, body="Len=8&Data=" + CT_PAIRS["Data"][:15]), "malformed", "Data")
case("computop notify: Len not a number", "computop.notification",
     with_(CT, body=f"Len=abc&Data={CT_PAIRS['Data']}"), "malformed", "Len")
case("computop notify: Len longer than Data", "computop.notification",
     with_(CT, body=f"Len={int(CT_PAIRS['Len']) + 64}&Data={CT_PAIRS['Data']}"), "inconsistent", "Len")
case("computop notify: Data truncated by one block", "computop.notification",
     with_(CT, body=f"Len={CT_PAIRS['Len']}&Data={CT_PAIRS['Data'][:-16]}"), "inconsistent", "Len")
case("computop notify: decrypted with another Blowfish password", "computop.notification",
     (lambda b: (b["config"].update(blowfish_key="another-password"), b)[1])(copy.deepcopy(CT)), "signature_mismatch",
     "config.blowfish_key")
case("computop notify: Blowfish and HMAC passwords swapped", "computop.notification",
     (lambda b: (b["config"].update(blowfish_key=b["config"]["mac_key"], mac_key=b["config"]["blowfish_key"]), b)[1])(
         copy.deepcopy(CT)), "invalid_key", "config.blowfish_key")
case("computop notify: no Blowfish password configured", "computop.notification",
     (lambda b: (b["config"].pop("blowfish_key"), b)[1])(copy.deepcopy(CT)), "invalid_key", "config.blowfish_key")
case("computop notify: empty body (read by the framework first)", "computop.notification", with_(CT, body=""),
     "missing_field", "body")
case("computop notify: empty Data decrypts to nothing, so no MAC", "computop.notification", with_(CT, body="Len=0&Data="),
     "signature_missing", "MAC")

# --- Payline SOAP answers. ---------------------------------------------------------------------------------
PO = genuine("payline.notification")
PO_BODY = PO["response"]["body"]


def po(body):
    """The genuine `payline.notification` input with another SOAP answer body."""
    return with_(PO, response=dict(PO["response"], body=body))


case("payline outcome: empty body", "payline.notification", po(""), "malformed")
case("payline outcome: an HTML error page", "payline.notification",
     po("<html><body><h1>502 Bad Gateway</h1></body></html>"), "unexpected_response")
case("payline outcome: truncated XML", "payline.notification", po(PO_BODY[: len(PO_BODY) // 2]),
     "malformed")
case("payline outcome: not XML at all", "payline.notification", po("status=OK"), "malformed")
case("payline outcome: DOCTYPE with entities (billion laughs) refused", "payline.notification",
     po('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
           + PO_BODY.split("?>", 1)[1]), "unexpected_response")
case("payline outcome: external entity (XXE) refused", "payline.notification",
     po('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           + PO_BODY.split("?>", 1)[1].replace("<obj:code>", "<obj:code>&xxe;", 1)), "unexpected_response")
case("payline outcome: SOAP answer over 256 KiB", "payline.notification",
     po(PO_BODY + "<!--" + "x" * 262144 + "-->"), "too_large")
case("payline notification: broken percent-escape", "payline.token",
     with_(genuine("payline.token"), query="notificationType=WEBTRS&token=%zz"), "malformed")
WP = genuine("payline.form_answer")
case("payline web_payment_answer: result without token", "payline.form_answer",
     with_(WP, response=dict(WP["response"], body=WP["response"]["body"].split("<impl:token>")[0]
                             + "</impl:doWebPaymentResponse></soapenv:Body></soapenv:Envelope>")),
     "unexpected_response", "token")

# --- Ogone feedback. ------------------------------------------------------------------------------------
OG = genuine("ogone.notification")
OG_BODY = OG["body"]
case("ogone feedback: no SHASIGN", "ogone.notification",
     with_(OG, body="&".join(p for p in OG_BODY.split("&") if not p.upper().startswith("SHASIGN="))),
     "signature_missing", "SHASIGN")
case("ogone feedback: SHASIGN of the wrong length", "ogone.notification",
     with_(OG, body="&".join("SHASIGN=ABCDEF" if p.upper().startswith("SHASIGN=") else p for p in OG_BODY.split("&"))),
     "signature_mismatch", "SHASIGN")
case("ogone feedback: broken percent-escape", "ogone.notification", with_(OG, body=OG_BODY + "&COMPLUS=%g0"),
     "malformed")
case("ogone feedback: a parameter twice", "ogone.notification", with_(OG, body=OG_BODY + "&STATUS=9"), "malformed",
     "STATUS")
case("ogone feedback: no SHA-OUT passphrase configured", "ogone.notification",
     (lambda b: (b["config"].pop("sha_out_passphrase"), b)[1])(copy.deepcopy(OG)), "invalid_key",
     "config.sha_out_passphrase")

# --- Sips responses. ------------------------------------------------------------------------------------
SR = genuine("sips.notification")
case("sips response: no Data", "sips.notification",
     (lambda b: (b["fields"].pop("Data"), b)[1])(copy.deepcopy(SR)), "missing_field", "Data")
case("sips response: no Seal", "sips.notification",
     (lambda b: (b["fields"].pop("Seal"), b)[1])(copy.deepcopy(SR)), "signature_missing", "Seal")
case("sips response: seal of the wrong length", "sips.notification",
     (lambda b: (b["fields"].update(Seal="00ff"), b)[1])(copy.deepcopy(SR)), "signature_mismatch", "Seal")
case("sips.decode: invalid base64", "sips.decode", with_(genuine("sips.decode"), data="!!!not base64!!!"),
     "malformed", "Data")
case("sips.decode: unknown Encode", "sips.decode", with_(genuine("sips.decode"), encode="rot13"),
     "invalid_value", "Encode")
# Sealed correctly (Python hmac) but Data is not key=value pairs.
sips_key = SR["config"]["secret_key"]
bad_data = "no pairs here"
algo = SR["config"].get("seal_algorithm", "hmac-sha256")
seal = (hashlib.sha256((bad_data + sips_key).encode()).hexdigest() if algo == "sha256"
        else hmac.new(sips_key.encode(), bad_data.encode(), hashlib.sha256).hexdigest())
case("sips response: sealed Data that is not key=value pairs", "sips.notification",
     (lambda b: (b["fields"].update(Data=bad_data, Seal=seal), b["fields"].pop("Encode", None), b)[2])(copy.deepcopy(SR)),
     "malformed", "Data", source="python")

# --- More message-level cases. ------------------------------------------------------------------------------
case("lyra IPN: only separators", "lyra.notification", with_(LYRA, body="&&&"), "signature_missing", "signature")
case("lyra IPN: a field with an empty name", "lyra.notification", with_(LYRA, body="=1&" + LYRA_BODY), "malformed")
case("lyra IPN: a lone percent sign", "lyra.notification", with_(LYRA, body=LYRA_BODY + "&vads_x=%"), "malformed", "vads_x")
case("lyra IPN: unknown vads_ctx_mode", "lyra.notification",
     with_(LYRA, body=LYRA_BODY.replace("vads_ctx_mode=TEST", "vads_ctx_mode=STAGING")), "invalid_value", "vads_ctx_mode")
case("kr-answer: empty body", "lyra.kr_answer", with_(KR, body=""), "signature_missing", "kr-hash")
case("computop notify: Data twice", "computop.notification",
     with_(CT, body=CT["body"] + "&Data=" + CT_PAIRS["Data"]), "malformed", "Data")
case("computop notify: Len of ten digits", "computop.notification",
     with_(CT, body=f"Len=1234567890&Data={CT_PAIRS['Data']}"), "malformed", "Len")
case("computop notify: no Len", "computop.notification", with_(CT, body=f"Data={CT_PAIRS['Data']}"), "missing_field", "Len")
case("computop.decrypt: Data not hex", "computop.decrypt", with_(genuine("computop.decrypt"), data="zz" * 8), "malformed", "Data")
case("computop.decrypt: Len beyond Data", "computop.decrypt", with_(genuine("computop.decrypt"), len=64), "inconsistent", "Len")
case("payline outcome: a SOAP fault", "payline.notification",
     po('<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
           '<soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring>'
           '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'), "gateway_error")
case("payline notification: empty query", "payline.token", with_(genuine("payline.token"), query=""), "missing_field", "query")
case("ogone feedback: empty body", "ogone.notification", with_(OG, body=""), "missing_field", "body")
case("ogone feedback: SHASIGN not hex", "ogone.notification",
     with_(OG, body="&".join("SHASIGN=" + "Z" * 40 if p.upper().startswith("SHASIGN=") else p for p in OG_BODY.split("&"))),
     "signature_mismatch", "SHASIGN")
case("sips response: empty Data", "sips.notification", (lambda b: (b["fields"].update(Data=""), b)[1])(copy.deepcopy(SR)), "missing_field", "Data")
case("sips response: empty Seal", "sips.notification", (lambda b: (b["fields"].update(Seal=""), b)[1])(copy.deepcopy(SR)), "signature_missing", "Seal")
case("sips.decode: empty data", "sips.decode", with_(genuine("sips.decode"), data=""), "malformed", "Data")
case("sips.seal: empty key", "sips.seal", with_(genuine("sips.seal"), key=""), "invalid_key", "key")
case("lyra.sign: empty key", "lyra.sign", with_(genuine("lyra.sign"), key=""), "invalid_key", "key")
case("ogone.sign: empty passphrase", "ogone.sign", with_(genuine("ogone.sign"), passphrase=""), "invalid_key", "passphrase")

doc = {
    "gateway": "all",
    "sources": {
        "schema": "the operation's JSON schema and the gateway's spec (shared/specs/*.md): the rule the input breaks",
        "python": "tests/vectors/tools/gen_bad_inputs.py: hashes computed with Python's hmac/hashlib, run here",
    },
    "cases": CASES,
}
(VECTORS / "bad_inputs.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(f"{len(CASES)} cases")
