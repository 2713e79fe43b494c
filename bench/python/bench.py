"""cpay through Python beside the host's own implementation of the same gateway code, in one run.

Each case computes the same bytes two ways — cpay (the wheel) and what a Python shop writes today with
``hmac``/``hashlib`` and pycryptodome — asserts once that both give the same output, then times both
interleaved (see ``timing.py`` for the method). Typed functions (``cpay.computop.encrypt`` …) are used when
the installed wheel has them and they give the expected bytes; otherwise the generic ``cpay.call`` path is
measured, and the output says which. Usage: python bench.py CASES_JSON OUT_JSON
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import platform
import sys
import urllib.parse
from typing import Any, Callable, Dict, List, Tuple

import Crypto
import cpay
from Crypto.Cipher import Blowfish

from timing import measure

C = json.load(open(sys.argv[1], encoding="utf-8"))
L, CP, OG, SP = C["lyra"], C["computop"], C["ogone"], C["sips"]
paths: Dict[str, str] = {}


def pick(case: str, typed: Callable[[], Any], generic: Callable[[], Any], norm: Callable[[Any], Any], want: Any):
    """The typed function when present and right, else the generic `cpay.call` path (recorded in `paths`)."""
    try:
        if norm(typed()) == want:
            paths[case] = "typed"
            return typed
    except (AttributeError, TypeError) as exc:  # not in this wheel yet, or another signature
        paths[case + ".typed_error"] = f"{type(exc).__name__}: {exc}"
    assert norm(generic()) == want, case
    paths[case] = "call"
    return generic


# ---- Lyra: sign a 25-field form, verify a 60-field IPN, the checked notification path ----
LKEY = L["key"]


def host_lyra_sign(fields: Dict[str, str], key: str) -> str:
    msg = "+".join(v for k, v in sorted(fields.items()) if k.startswith("vads_")) + "+" + key
    return base64.b64encode(hmac.new(key.encode(), msg.encode(), hashlib.sha256).digest()).decode()


def host_lyra_verify(fields: Dict[str, str], key: str) -> bool:
    return hmac.compare_digest(host_lyra_sign(fields, key), fields["signature"])


FINAL = {"AUTHORISED": "accepted", "CAPTURED": "accepted", "REFUSED": "refused", "ABANDONED": "cancelled"}


def host_lyra_ipn(body: str, key: str) -> str:
    """A careful shop's IPN handler: decode, verify, check shop/mode/order/amount, classify."""
    f = dict(urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True))
    if not host_lyra_verify(f, key):
        raise ValueError("signature")
    if f["vads_site_id"] != L["config"]["site_id"] or f["vads_ctx_mode"] != L["config"]["mode"]:
        raise ValueError("shop")
    if f["vads_order_id"] != L["ipn_expected"]["order_id"] or int(f["vads_amount"]) != L["ipn_expected"]["amount"]:
        raise ValueError("order")
    return FINAL.get(f["vads_trans_status"], "pending")


form = cpay.lyra.form(L["config"], L["payment"])
form_fields = {k: v for k, v in form.form.fields.items() if k != "signature"}
assert len(form_fields) == 26 and host_lyra_sign(form_fields, LKEY) == form.form.fields["signature"]
ipn = L["ipn_fields"]
assert cpay.lyra.verify(ipn, LKEY) is True and host_lyra_verify(ipn, LKEY) is True
body = L["ipn_body"]
assert cpay.lyra.notification(L["config"], body=body, expected=L["ipn_expected"]).outcome.status == "accepted"
assert host_lyra_ipn(body, LKEY) == "accepted"
paths["lyra_sign_25"] = paths["lyra_verify_60"] = "typed"
# Accented names and JSON escapes (quote, backslash, apostrophe) in 25 fields.
ACC, ACC_SIG = C["lyra_accented"]["fields"], C["lyra_accented"]["signature"]
ACC_SIGNED = {**ACC, "signature": ACC_SIG}
assert host_lyra_sign(ACC, LKEY) == cpay.lyra.sign(ACC, LKEY) == ACC_SIG
assert cpay.lyra.verify(ACC_SIGNED, LKEY) is True and host_lyra_verify(ACC_SIGNED, LKEY) is True
paths["lyra_sign_25_accented"] = paths["lyra_verify_25_accented"] = "typed"
paths["lyra_ipn_60"] = "typed (lyra.notification: JSON inside, dataclass result)"

CASES: List[Tuple[str, Callable[[], Any], Callable[[], Any]]] = [
    ("lyra_sign_25", lambda: cpay.lyra.sign(form_fields, LKEY), lambda: host_lyra_sign(form_fields, LKEY)),
    ("lyra_sign_25_accented", lambda: cpay.lyra.sign(ACC, LKEY), lambda: host_lyra_sign(ACC, LKEY)),
    ("lyra_verify_25_accented", lambda: cpay.lyra.verify(ACC_SIGNED, LKEY), lambda: host_lyra_verify(ACC_SIGNED, LKEY)),
    ("lyra_verify_60", lambda: cpay.lyra.verify(ipn, LKEY), lambda: host_lyra_verify(ipn, LKEY)),
    ("lyra_ipn_60",
     lambda: cpay.lyra.notification(L["config"], body=body, expected=L["ipn_expected"]),
     lambda: host_lyra_ipn(body, LKEY)),
]

# ---- Computop: encrypt + MAC the FullCB request; decrypt + verify a notify ----
BF, MK = CP["blowfish_key"], CP["mac_key"]
PLAIN, MSG = CP["request_plaintext"], CP["request_mac_message"]


def host_encrypt(plaintext: str, key: str) -> Tuple[str, int]:
    return host_encrypt_with(Blowfish.new(key.encode(), Blowfish.MODE_ECB), plaintext)


def host_encrypt_with(cipher: Any, plaintext: str) -> Tuple[str, int]:
    # Len counts characters, as Computop's reference PHP (mb_strlen) does.
    raw = plaintext.encode()
    padded = raw + b"\0" * (-len(raw) % 8)
    return cipher.encrypt(padded).hex(), len(plaintext)


def host_mac(message: str, key: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def norm_enc(v: Any) -> Tuple[str, int]:
    if isinstance(v, dict):
        return v["data"], int(v["len"])
    if isinstance(v, (tuple, list)):
        return v[0], int(v[1])
    return v.data, int(v.len)


want_enc = host_encrypt(PLAIN, BF)
encrypt = pick("computop_encrypt", lambda: cpay.computop.encrypt(PLAIN, BF),
               lambda: cpay.call("computop.encrypt", {"plaintext": PLAIN, "key": BF}), norm_enc, want_enc)
mac = pick("computop_mac", lambda: cpay.computop.mac(MSG, MK),
           lambda: cpay.call("computop.mac", {"message": MSG, "key": MK}),
           lambda v: v["mac"] if isinstance(v, dict) else v, host_mac(MSG, MK))
CASES.append(("computop_encrypt_mac", lambda: (encrypt(), mac()), lambda: (host_encrypt(PLAIN, BF), host_mac(MSG, MK))))

NDATA, NLEN = host_encrypt(CP["notify_plaintext"], BF)
assert norm_enc(cpay.call("computop.encrypt", {"plaintext": CP["notify_plaintext"], "key": BF})) == (NDATA, NLEN)
NBODY = f"Len={NLEN}&Data={NDATA}"
NCONFIG = CP["form"]["config"]


def host_notify(body: str) -> str:
    """A careful shop's notify handler: decode Data, decrypt, verify the MAC, check the order, classify."""
    outer = dict(urllib.parse.parse_qsl(body))
    n = int(outer["Len"])
    plain = Blowfish.new(BF.encode(), Blowfish.MODE_ECB).decrypt(bytes.fromhex(outer["Data"]))[:n].decode()
    f = dict(urllib.parse.parse_qsl(plain, keep_blank_values=True))
    message = f"{f['PayID']}*{f['TransID']}*{f['mid']}*{f['Status']}*{f['Code']}"
    if not hmac.compare_digest(host_mac(message, MK), f["MAC"].upper()):
        raise ValueError("mac")
    if f["mid"] != NCONFIG["merchant_id"] or f["TransID"] != "CMD20260042":
        raise ValueError("order")
    return "accepted" if f["Code"] == "00000000" and f["Status"] == "OK" else "refused"


def host_decrypt_mac(data: str, n: int) -> Tuple[str, str]:
    plain = Blowfish.new(BF.encode(), Blowfish.MODE_ECB).decrypt(bytes.fromhex(data)).decode()[:n]
    return plain, host_mac(MSG, MK)


notify_in = {"config": NCONFIG, "body": NBODY, "expected": {"trans_id": "CMD20260042"}, "server_to_server": True}
assert cpay.call("computop.notification", notify_in)["outcome"]["status"] == host_notify(NBODY) == "accepted"
paths["computop_notify"] = "call (computop.notification)"
CASES.append(("computop_notify", lambda: cpay.call("computop.notification", notify_in), lambda: host_notify(NBODY)))
decrypt = pick("computop_decrypt", lambda: cpay.computop.decrypt(NDATA, NLEN, BF),
               lambda: cpay.call("computop.decrypt", {"data": NDATA, "len": NLEN, "key": BF}),
               lambda v: v["plaintext"] if isinstance(v, dict) else v, CP["notify_plaintext"])
CASES.append(("computop_decrypt_mac", lambda: (decrypt(), mac()), lambda: host_decrypt_mac(NDATA, NLEN)))

# Blowfish with the key scheduled once: cpay's Cipher and pycryptodome's ECB object, each keyed once and reused.
if hasattr(cpay.computop, "Cipher"):
    CPAY_CIPHER = cpay.computop.Cipher(BF)
    HOST_CIPHER = Blowfish.new(BF.encode(), Blowfish.MODE_ECB)
    assert norm_enc(CPAY_CIPHER.encrypt(PLAIN)) == host_encrypt_with(HOST_CIPHER, PLAIN) == want_enc
    paths["computop_blowfish_reused"] = "typed (computop.Cipher)"
    CASES.append(("computop_blowfish_reused", lambda: CPAY_CIPHER.encrypt(PLAIN),
                  lambda: host_encrypt_with(HOST_CIPHER, PLAIN)))

# ---- Ogone SHA-OUT (22 parameters, SHA-256) and Sips seal (HMAC-SHA-256) ----
SHA_OUT = frozenset(OG["sha_out_list"])


def host_ogone(params: Dict[str, str], passphrase: str) -> str:
    up = {k.upper(): v for k, v in params.items() if v != ""}
    msg = "".join(f"{k}={up[k]}{passphrase}" for k in sorted(up) if k in SHA_OUT)
    return hashlib.sha256(msg.encode()).hexdigest().upper()


P, PP = OG["fields"], OG["passphrase"]
assert host_ogone(P, PP) == OG["shasign"]
osign = pick("ogone_sha_out_22", lambda: cpay.ogone.sign(P, PP, "sha256", "out"),
             lambda: cpay.call("ogone.sign", {"fields": P, "passphrase": PP, "algo": "sha256", "direction": "out"}),
             lambda v: v["shasign"] if isinstance(v, dict) else v, OG["shasign"])
CASES.append(("ogone_sha_out_22", osign, lambda: host_ogone(P, PP)))

D, SK = SP["data"], SP["key"]


def host_seal(data: str, key: str) -> str:
    return hmac.new(key.encode(), data.encode(), hashlib.sha256).hexdigest()


assert host_seal(D, SK) == SP["seal"]
seal = pick("sips_seal", lambda: cpay.sips.seal(D, SK, algo="hmac-sha256"),
            lambda: cpay.call("sips.seal", {"data": D, "key": SK, "algo": "hmac-sha256"}),
            lambda v: v["seal"] if isinstance(v, dict) else v, SP["seal"])
CASES.append(("sips_seal", seal, lambda: host_seal(D, SK)))

results = []
for name, ours, host in CASES:
    for impl, stats in measure({"cpay": ours, "host": host}).items():
        results.append({"case": name, "impl": impl, **stats})
        print(f"{name:22} {impl:5} median {stats['median_ns'] / 1000:9.2f} us", file=sys.stderr)

host_names = {"default": "hmac/hashlib (OpenSSL)", "blowfish": f"pycryptodome {Crypto.__version__}"}
json.dump({"language": "python", "runtime": f"{platform.python_implementation()} {platform.python_version()}",
           "cpay": cpay.__version__, "host": host_names, "paths": paths, "results": results},
          open(sys.argv[2], "w", encoding="utf-8"), indent=1)
