"""Writes tests/vectors/computop.json.

Expected values are computed here independently of cpay's Rust code, following shared/specs/computop.md §2-§3:
- Blowfish ECB with zero padding by pycryptodome (`Crypto.Cipher.Blowfish`, keys of 4-56 bytes);
- for keys of 1-3 and 57-72 bytes, which pycryptodome refuses, by the small test-only Blowfish below: its P and S
  boxes are the hexadecimal digits of pi, computed here from Machin's formula, and it is first checked against
  pycryptodome for every key length from 4 to 56;
- HMAC-SHA-256 by Python's hmac/hashlib;
- AES-128/192/256-CBC with PKCS#7 by pycryptodome (`Crypto.Cipher.AES`, `Crypto.Util.Padding`), `Data` = hex IV,
  `-`, hex ciphertext; `Len` counted in characters as Computop's reference PHP sample does (`mb_strlen`).
Run: python3 -m venv .venv-gen && .venv-gen/bin/pip install pycryptodome && .venv-gen/bin/python tests/vectors/tools/gen_computop.py
"""
import hashlib
import hmac
import json
import pathlib

from Crypto.Cipher import AES as PyCryptodomeAES
from Crypto.Cipher import Blowfish as PyCryptodomeBlowfish
from Crypto.Util.Padding import pad as pkcs7_pad, unpad as pkcs7_unpad

SOURCES = {
    "spec": "shared/specs/computop.md §2: public vectors (Blowfish key password / plaintext, HMAC password / value, "
            "request MAC mySecret)",
    "reference": "computed by tests/vectors/tools/gen_computop.py: pycryptodome Blowfish ECB + zero padding (keys 4-56 "
                 "bytes), a test-only pure-Python Blowfish from the digits of pi checked against pycryptodome (keys "
                 "1-3 and 57-72 bytes), Python hmac/hashlib; run here",
    "aes": "computed by tests/vectors/tools/gen_computop.py with pycryptodome AES-CBC + PKCS#7 (keys of 16, 24 and 32 "
           "bytes, fixed test IVs), Data = uppercase hex IV '-' hex ciphertext, the shape of Paygate's AES Data as in "
           "the computop-node-client package's decryptAES example (npm); run here",
    "len": "Computop's reference PHP sample for Paygate: Len = mb_strlen of the plaintext, decrypted text cut with "
           "mb_substr (characters of UTF-8 text; one character per byte of ISO-8859-1 text); computed here",
    "axepta": "BNP Paribas Axepta documentation, Cetelem 3x/4x request parameters: RefNr an..12, mandatory, not reused "
              "after a successful payment",
    "custom": "Computop Paygate manual, Cetelem FullCB, parameter Custom: the value is returned in plain text beside "
              "Data with '|' replaced by '&'",
    "seed": "shared/seeds/004_66b8f6f9c65aaf3d.txt: Cetelem FullCB request, response and credit tables (formats, M/O/C, "
            "PayType, Salutation, Phone, amounts 90-3000 EUR, Code 00000000 only; URLNotify: the first Notify must "
            "have been answered before follow-up actions (capture / credit / reversal))",
    "computop-docs": "Computop Paygate manual (developer.computop.com): 'Capture / Credit / Reversal' (reverse.aspx, "
                     "its MAC PayID*TransID*MerchantID*Amount*Currency), 'Status inquiries' (inquire.aspx with MerchantID, "
                     "PayID, TransID; answer MID, PayID, XID, TransID, Status and Code of the inquiry, LastStatus, "
                     "AmountAuth, AmountCap, AmountCred; 'Reverse.aspx reverses not only authorizations but ALWAYS THE "
                     "LAST TRANSACTION STEP'), Computop's MAC calculator ('inquire has no amount': Amount and Currency "
                     "left empty in the MAC)",
}


# --- a test-only Blowfish, to reach the key lengths pycryptodome refuses --------------------------------------
def pi_hex_words(count):
    """The first `count` 32-bit words of the fractional part of pi in hexadecimal (Blowfish's P then S boxes)."""
    bits = 32 * count + 64
    one = 1 << bits

    def arctan_inv(x):
        total, term, n, sign = 0, one // x, 1, 1
        while term:
            total += sign * (term // n)
            term //= x * x
            n += 2
            sign = -sign
        return total

    pi = 16 * arctan_inv(5) - 4 * arctan_inv(239)
    fraction = pi - (3 << bits)
    return [(fraction >> (bits - 32 * (i + 1))) & 0xFFFFFFFF for i in range(count)]


WORDS = pi_hex_words(18 + 4 * 256)
assert WORDS[0] == 0x243F6A88 and WORDS[17] == 0x8979FB1B and WORDS[18] == 0xD1310BA6


class RefBlowfish:
    def __init__(self, key):
        assert 1 <= len(key)
        self.p = WORDS[:18]
        self.s = [WORDS[18 + 256 * i: 18 + 256 * (i + 1)] for i in range(4)]
        pos = 0
        for i in range(18):  # the key cycles over the 18 P words: 72 bytes
            word = 0
            for _ in range(4):
                word = (word << 8) | key[pos % len(key)]
                pos += 1
            self.p[i] ^= word
        l = r = 0
        for i in range(0, 18, 2):
            l, r = self.block(l, r)
            self.p[i], self.p[i + 1] = l, r
        for box in self.s:
            for j in range(0, 256, 2):
                l, r = self.block(l, r)
                box[j], box[j + 1] = l, r

    def f(self, x):
        s = self.s
        return (((s[0][x >> 24] + s[1][(x >> 16) & 255]) & 0xFFFFFFFF) ^ s[2][(x >> 8) & 255]) + s[3][x & 255] & 0xFFFFFFFF

    def block(self, l, r):
        for i in range(16):
            l ^= self.p[i]
            r ^= self.f(l)
            l, r = r, l
        l, r = r, l
        return l ^ self.p[17], r ^ self.p[16]

    def encrypt(self, data):
        out = b""
        for i in range(0, len(data), 8):
            l, r = self.block(int.from_bytes(data[i:i + 4], "big"), int.from_bytes(data[i + 4:i + 8], "big"))
            out += l.to_bytes(4, "big") + r.to_bytes(4, "big")
        return out


def zero_pad(data):
    return data + b"\0" * (-len(data) % 8)


def bf_encrypt(plaintext, key, pad=zero_pad):
    padded = pad(plaintext)
    if 4 <= len(key) <= 56:
        return PyCryptodomeBlowfish.new(key, PyCryptodomeBlowfish.MODE_ECB).encrypt(padded).hex()
    return RefBlowfish(key).encrypt(padded).hex()


def aes_encrypt(plaintext, key, iv):
    return (iv.hex() + "-" + PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CBC, iv).encrypt(pkcs7_pad(plaintext, 16))
            .hex()).upper()


def aes_decrypt(data, key):
    iv, body = data.split("-")
    return pkcs7_unpad(PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CBC, bytes.fromhex(iv)).decrypt(bytes.fromhex(body)),
                       16)


def bf_decrypt(hex_data, key):
    return PyCryptodomeBlowfish.new(key, PyCryptodomeBlowfish.MODE_ECB).decrypt(bytes.fromhex(hex_data))


KEY72 = b"The quick brown fox jumps over the lazy dog; Pack my box with five dozen!"[:72]
assert len(KEY72) == 72
for n in range(4, 57):  # the test-only Blowfish agrees with pycryptodome wherever pycryptodome can be used
    sample = zero_pad(b"Blowfish parity, key length %d" % n)
    assert RefBlowfish(KEY72[:n]).encrypt(sample) == PyCryptodomeBlowfish.new(KEY72[:n], 1).encrypt(sample), n
for n in range(1, 4):  # and a 1-3 byte key is the key repeated (the schedule cycles it)
    assert RefBlowfish(KEY72[:n]).encrypt(b"12345678") == RefBlowfish(KEY72[:n] * 4).encrypt(b"12345678")
assert bf_encrypt(b"plaintext", b"password") == "14ec7a6da0fbb3e50a84b47302443328"


def mac(message, key):
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


assert mac("value", "password") == "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A"

# --- the shop --------------------------------------------------------------------------------------------------
MID, BF, HM = "cpay_test", "bf-pass-1234", "hmac-pass-5678"
CONFIG = {"merchant_id": MID, "blowfish_key": BF, "mac_key": HM, "host": "test"}
PAY_ID = "d9a1c0b2e3f4a5b6c7d8e9f0a1b2c3d4"

PAYMENT = {
    "trans_id": "CMD20260042", "amount": 45000, "pay_type": 2,
    "url_success": "https://shop.example/computop/ok", "url_failure": "https://shop.example/computop/ko",
    "url_notify": "https://shop.example/computop/notify", "user_data": "order-42", "req_id": "CMD20260042-1",
    "customer": {"salutation": "Mme", "first_name": "Anne", "last_name": "Martin", "email": "anne@example.fr",
                 "phone": "0612345678"},
    "billing": {"first_name": "Anne", "last_name": "Martin", "street": "1 rue de la Paix", "zip": "75002",
                "city": "Paris", "country_code": "FR"},
    "shipping": {"first_name": "Paul", "last_name": "Martin", "street": "5 quai Saint-Vincent",
                 "address_addition": "Bat. B", "zip": "69001", "city": "Lyon", "country_code": "FR"},
}


def form_plaintext(ref_nr=None):
    m = mac(f"*CMD20260042*{MID}*45000*EUR", HM)
    pairs = [
        ("MerchantID", MID), ("TransID", "CMD20260042")] + ([("RefNr", ref_nr)] if ref_nr else []) + [
        ("Amount", "45000"), ("Currency", "EUR"), ("MAC", m),
        ("URLSuccess", PAYMENT["url_success"]), ("URLFailure", PAYMENT["url_failure"]),
        ("URLNotify", PAYMENT["url_notify"]), ("Response", "encrypt"), ("UserData", "order-42"),
        ("ReqId", "CMD20260042-1"), ("PayType", "2"), ("Salutation", "Mme"), ("FirstName", "Anne"),
        ("LastName", "Martin"), ("Email", "anne@example.fr"), ("Phone", "0612345678"), ("bdFirstName", "Anne"),
        ("bdLastName", "Martin"), ("bdStreet", "1 rue de la Paix"), ("bdZip", "75002"), ("bdCity", "Paris"),
        ("bdCountryCode", "FR"), ("UseBillingData", "no"), ("sdFirstName", "Paul"), ("sdLastName", "Martin"),
        ("sdStreet", "5 quai Saint-Vincent"), ("sdAddressAddition", "Bat. B"), ("sdZip", "69001"), ("sdCity", "Lyon"),
        ("sdCountryCode", "FR"),
    ]
    return "&".join(f"{k}={v}" for k, v in pairs), m


def answer(status="OK", code="00000000", mid=MID, trans_id="CMD20260042", extra="", mac_key=HM, mac_value=None):
    m = mac_value or mac(f"{PAY_ID}*{trans_id}*{mid}*{status}*{code}", mac_key)
    return (f"mid={mid}&PayID={PAY_ID}&XID=e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6&TransID={trans_id}&Status={status}"
            f"&Code={code}{extra}&MAC={m}")


def body(plaintext, key=BF, encoding="latin-1"):
    raw = plaintext.encode(encoding)
    # Len = characters (mb_strlen): for ISO-8859-1 one per byte, for UTF-8 the text's characters.
    return f"Len={len(plaintext)}&Data={bf_encrypt(raw, key.encode())}"


def without(d, *path):
    d = json.loads(json.dumps(d))
    target = d
    for p in path[:-1]:
        target = target[p]
    del target[path[-1]]
    return d


def with_(d, value, *path):
    d = json.loads(json.dumps(d))
    target = d
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return d


cases = []


def case(name, source, op, input, output=None, error=None):
    c = {"name": name, "source": source, "op": op, "input": input}
    if error is not None:
        c["error"] = error
    elif op == "computop.notification":
        c["output"] = {"outcome": output}  # a notification returns {outcome, reply}
    else:
        c["output"] = output
    cases.append(c)


# --- primitives ------------------------------------------------------------------------------------------------
case("spec Blowfish vector", "spec", "computop.encrypt", {"plaintext": "plaintext", "key": "password"},
     {"data": "14ec7a6da0fbb3e50a84b47302443328", "len": 9})
case("spec Blowfish vector, decrypt from uppercase hex", "spec", "computop.decrypt",
     {"data": "14EC7A6DA0FBB3E50A84B47302443328", "len": 9, "key": "password"}, {"plaintext": "plaintext"})
case("spec HMAC vector", "spec", "computop.mac", {"message": "value", "key": "password"},
     {"mac": "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A"})
case("spec request MAC (new payment: empty PayID)", "spec", "computop.mac",
     {"message": "*TID-4453732122167114558*yourMerchantId*1234*EUR", "key": "mySecret"},
     {"mac": "38ced807e293fc634a6c36ffaea7bd2687038d40615781918aef2de7bb9a9903".upper()})
text = "MerchantID=shop&TransID=1"
for n in range(1, 73):
    key = KEY72[:n]
    case(f"key of {n} byte(s)", "reference", "computop.encrypt", {"plaintext": text, "key": key.decode()},
         {"data": bf_encrypt(text.encode(), key), "len": len(text)})
for n in (0, 7, 8, 9, 16):
    p = "abcdefghijklmnop"[:n]
    case(f"plaintext of {n} bytes: zero padding, no extra block", "reference", "computop.encrypt",
         {"plaintext": p, "key": "password"}, {"data": bf_encrypt(p.encode(), b"password"), "len": n})
for scheme, pad in (("spaces", lambda d: d + b" " * (-len(d) % 8)),
                    ("PKCS#7", lambda d: d + bytes([8 - len(d) % 8]) * (8 - len(d) % 8))):
    case(f"decrypt ignores {scheme} padding", "reference", "computop.decrypt",
         {"data": bf_encrypt(b"Code=00000000", b"password", pad), "len": 13, "key": "password"},
         {"plaintext": "Code=00000000"})
case("decrypt with a 72-byte key", "reference", "computop.decrypt",
     {"data": bf_encrypt(text.encode(), KEY72), "len": len(text), "key": KEY72.decode()}, {"plaintext": text})
case("empty Blowfish key refused", "spec", "computop.encrypt", {"plaintext": "x", "key": ""},
     error={"code": "invalid_key"})
case("73-byte Blowfish key refused", "reference", "computop.encrypt", {"plaintext": "x", "key": "k" * 73},
     error={"code": "invalid_key"})
case("empty HMAC key refused", "spec", "computop.mac", {"message": "x", "key": ""}, error={"code": "invalid_key"})
case("malformed hex", "spec", "computop.decrypt", {"data": "14ec7a6da0fbb3eZ", "len": 8, "key": "password"},
     error={"code": "malformed", "field": "Data"})
case("odd number of hex digits", "spec", "computop.decrypt", {"data": "14e", "len": 1, "key": "password"},
     error={"code": "malformed", "field": "Data"})
case("Len beyond Data", "spec", "computop.decrypt",
     {"data": "14ec7a6da0fbb3e50a84b47302443328", "len": 17, "key": "password"},
     error={"code": "inconsistent", "field": "Len"})
case("Len more than a block short of Data", "spec", "computop.decrypt",
     {"data": "14ec7a6da0fbb3e50a84b47302443328", "len": 7, "key": "password"},
     error={"code": "inconsistent", "field": "Len"})
case("oversized plaintext", "reference", "computop.encrypt", {"plaintext": "a" * 65537, "key": "password"},
     error={"code": "too_large"})

# --- FullCB form -----------------------------------------------------------------------------------------------
plain, _request_mac = form_plaintext()  # the MAC travels inside Data; the form does not return it
data = bf_encrypt(plain.encode(), BF.encode())
case("FullCB 4x form: every field, shipping differs", "reference", "computop.form",
     {"config": CONFIG, "payment": PAYMENT},
     {"form": {"action": "https://test.computop-paygate.com/CetelemFullCB.aspx", "method": "POST",
               "fields": {"MerchantID": MID, "Len": str(len(plain)), "Data": data}}})
AXEPTA_PAYMENT = with_(with_(PAYMENT, "GET", "method"), "CMD20260042", "ref_nr")
aplain, _ = form_plaintext("CMD20260042")
adata = bf_encrypt(aplain.encode(), BF.encode())
case("FullCB form by GET on Axepta", "reference", "computop.form",
     {"config": with_(CONFIG, "axepta", "host"), "payment": AXEPTA_PAYMENT},
     {"form": {"action": "https://paymentpage.axepta.bnpparibas/CetelemFullCB.aspx", "method": "GET"},
      "redirect_url": f"https://paymentpage.axepta.bnpparibas/CetelemFullCB.aspx?Data={adata}&Len={len(aplain)}"
                      f"&MerchantID={MID}"})
AXEPTA = with_(CONFIG, "axepta", "host")
case("Axepta: RefNr mandatory", "axepta", "computop.form", {"config": AXEPTA, "payment": PAYMENT},
     error={"code": "missing_field", "field": "RefNr"})
case("Axepta: RefNr of 13 characters refused (an..12)", "axepta", "computop.form",
     {"config": AXEPTA, "payment": with_(PAYMENT, "CMD2026004201", "ref_nr")},
     error={"code": "invalid_format", "field": "RefNr"})
case("Axepta: RefNr reused after a successful payment refused", "axepta", "computop.form",
     {"config": AXEPTA, "payment": with_(with_(PAYMENT, "CMD20260042", "ref_nr"), True, "ref_nr_used")},
     error={"code": "invalid_value", "field": "RefNr"})
case("Computop (not Axepta): RefNr stays optional", "seed", "computop.form",
     {"config": CONFIG, "payment": with_(PAYMENT, True, "ref_nr_used")}, {"form": {"method": "POST"}})

# --- AES shops -------------------------------------------------------------------------------------------------
AES_KEYS = {16: b"0123456789abcdef", 24: b"0123456789abcdefghijklmn", 32: b"0123456789abcdefghijklmnopqrstuv"}
IV = bytes(range(16))
IV2 = bytes.fromhex("f0e1d2c3b4a5968778695a4b3c2d1e0f")
for n, key in AES_KEYS.items():
    for label, text in (("ASCII", "MerchantID=shop&TransID=1"), ("accented", "Description=Caf\u00e9 cr\u00e8me \u20ac")):
        d = aes_encrypt(text.encode(), key, IV)
        assert aes_decrypt(d, key) == text.encode()  # the independent implementation reads cpay's expected bytes
        case(f"AES-{8 * n} encrypt, {label}", "aes", "computop.encrypt",
             {"plaintext": text, "key": key.decode(), "algorithm": "aes", "iv": IV.hex()},
             {"data": d, "len": len(text)})
        d2 = aes_encrypt(text.encode(), key, IV2).lower()
        case(f"AES-{8 * n} decrypt pycryptodome Data, {label}", "aes", "computop.decrypt",
             {"data": d2, "len": len(text), "key": key.decode()}, {"plaintext": text})
K32 = AES_KEYS[32].decode()
case("AES: a 20-byte key refused", "aes", "computop.encrypt",
     {"plaintext": "x", "key": "k" * 20, "algorithm": "aes", "iv": IV.hex()}, error={"code": "invalid_key"})
case("AES: decrypt with a 20-byte key refused", "aes", "computop.decrypt",
     {"data": aes_encrypt(b"x", AES_KEYS[16], IV), "len": 1, "key": "k" * 20}, error={"code": "invalid_key"})
case("AES: the IV is required", "aes", "computop.encrypt", {"plaintext": "x", "key": K32, "algorithm": "aes"},
     error={"code": "missing_field", "field": "iv"})
case("AES: an IV of 8 bytes refused", "aes", "computop.encrypt",
     {"plaintext": "x", "key": K32, "algorithm": "aes", "iv": "0001020304050607"},
     error={"code": "invalid_format", "field": "iv"})
d = aes_encrypt(b"Code=00000000&Status=OK", AES_KEYS[32], IV)
last = d[:-2] + ("00" if d[-2:] != "00" else "11")
case("AES: tampered last block (padding broken)", "aes", "computop.decrypt",
     {"data": last, "len": 23, "key": K32}, error={"code": "malformed", "field": "Data"})
case("AES: wrong Len", "aes", "computop.decrypt", {"data": d, "len": 22, "key": K32},
     error={"code": "inconsistent", "field": "Len"})
case("AES: IV without ciphertext", "aes", "computop.decrypt", {"data": IV.hex() + "-", "len": 0, "key": K32},
     error={"code": "malformed", "field": "Data"})

# --- Len in characters (Computop's reference: mb_strlen / mb_substr) --------------------------------------------
case("Len counts characters: A=\u00e9 is Len 3", "len", "computop.encrypt", {"plaintext": "A=\u00e9", "key": "password"},
     {"data": bf_encrypt("A=\u00e9".encode(), b"password"), "len": 3})
case("the reference's Len 3 gives A=\u00e9 back, not A=\u00c3", "len", "computop.decrypt",
     {"data": bf_encrypt("A=\u00e9".encode(), b"password"), "len": 3, "key": "password"}, {"plaintext": "A=\u00e9"})
case("ISO-8859-1 text: one character per byte", "len", "computop.decrypt",
     {"data": bf_encrypt("Cr\u00e9teil".encode("latin-1"), b"password"), "len": 7, "key": "password"},
     {"plaintext": "Cr\u00e9teil"})
case("Len ending inside a UTF-8 character is an error on Len", "len", "computop.decrypt",
     {"data": bf_encrypt(b"\xffA=\xc3\xa9", b"password"), "len": 4, "key": "password"},
     error={"code": "inconsistent", "field": "Len"})
case("Len counting bytes of UTF-8 text is an error on Len", "len", "computop.decrypt",
     {"data": bf_encrypt("AB=\u00e9CDE".encode(), b"password"), "len": 8, "key": "password"},
     error={"code": "inconsistent", "field": "Len"})
bad = [
    ("amount under 90 EUR", with_(PAYMENT, 8999, "amount"), "not_eligible", "Amount"),
    ("amount over 3000 EUR", with_(PAYMENT, 300001, "amount"), "not_eligible", "Amount"),
    ("USD refused", with_(PAYMENT, "USD", "currency"), "not_allowed", "Currency"),
    ("PayType 3 refused", with_(PAYMENT, 3, "pay_type"), "invalid_value", "PayType"),
    ("Salutation Dr refused", with_(PAYMENT, "Dr", "customer", "salutation"), "invalid_value", "Salutation"),
    ("foreign phone refused", with_(PAYMENT, "+44612345678", "customer", "phone"), "invalid_format", "Phone"),
    ("phone with spaces refused", with_(PAYMENT, "06 12 34 56 78", "customer", "phone"), "invalid_format", "Phone"),
    ("zip of 6 digits refused", with_(PAYMENT, "750020", "billing", "zip"), "invalid_format", "bdZip"),
    ("URL with a query string refused", with_(PAYMENT, "https://shop.example/ok?id=1", "url_success"),
     "invalid_value", "URLSuccess"),
    ("URL on another port refused", with_(PAYMENT, "https://shop.example:8443/n", "url_notify"), "invalid_value",
     "URLNotify"),
    ("plain http URL refused", with_(PAYMENT, "http://shop.example/ko", "url_failure"), "invalid_value",
     "URLFailure"),
    ("& inside a value refused", with_(PAYMENT, "Martin & Fils", "customer", "last_name"), "invalid_format",
     "LastName"),
    ("= inside a value refused", with_(PAYMENT, "id=42", "user_data"), "invalid_format", "UserData"),
    ("TransID unfit for RefNr without RefNr", with_(PAYMENT, "CMD-2026-0042", "trans_id"), "invalid_format",
     "RefNr"),
    ("shipping required when UseBillingData is no", without(with_(PAYMENT, False, "use_billing_data"), "shipping"),
     "missing_field", "sdFirstName"),
    ("ReqId longer than 32", with_(PAYMENT, "r" * 33, "req_id"), "invalid_format", "ReqId"),
    ("mandatory FirstName missing", with_(PAYMENT, "", "customer", "first_name"), "missing_field", "FirstName"),
]
for name, payment, code, field in bad:
    case(name, "seed", "computop.form", {"config": CONFIG, "payment": payment}, error={"code": code, "field": field})
case("amount bounds are configuration", "seed", "computop.form",
     {"config": with_(CONFIG, 5000, "min_amount"), "payment": with_(PAYMENT, 5000, "amount")},
     {"form": {"method": "POST"}})

# --- notifications ---------------------------------------------------------------------------------------------
EXPECT = {"trans_id": "CMD20260042"}
ok_text = answer(extra="&RefNr=CMD20260042&TransactionID=CTL123&CodeExt=00&PID=PID42&PaymentGuarantee=FULL"
                       "&Description=success&Future=field")
case("notify: success", "reference", "computop.notification",
     {"config": CONFIG, "body": body(ok_text), "expected": EXPECT, "server_to_server": True},
     {"gateway": "computop", "status": "accepted", "code": "00000000", "transaction_id": "CMD20260042",
      "gateway_reference": PAY_ID, "order_id": "CMD20260042", "warranty": "FULL", "server_to_server": True,
      "idempotency_key": f"computop:{PAY_ID}",
      "details": {"code_class": "ok", "paygate_status": "OK", "code_ext": "00", "pid": "PID42",
                  "fullcb_transaction_id": "CTL123", "payment_guarantee": "FULL"},
      "fields": {"Future": "field"}})
mixed = answer().replace("mid=", "MID=").replace("Status=", "status=")
b = body(mixed)
case("keys in any case, uppercase hex, GET query string", "reference", "computop.notification",
     {"config": CONFIG, "body": "?" + b.replace("Len=", "LEN=").replace("Data=", "data=").upper()},
     {"status": "accepted"})
fail_text = answer("FAILED", "21500985", extra="&CodeExt=12&ErrorText=Refus%20Cetelem&Description=Refus\u00e9")
case("failure", "reference", "computop.notification", {"config": CONFIG, "body": body(fail_text), "expected": EXPECT},
     {"status": "refused", "code": "21500985",
      "details": {"code_class": "error", "code_ext": "12", "description": "Refus\u00e9"}})
case("failure Data replayed to URLSuccess stays a failure", "seed", "computop.notification",
     {"config": CONFIG, "body": body(fail_text), "expected": EXPECT, "server_to_server": False},
     {"status": "refused", "code": "21500985"})
for name, status, code, want in (
    ("AUTHORIZE_REQUEST is pending", "AUTHORIZE_REQUEST", "00000000", "pending"),
    ("transient code is pending", "OK", "60000000", "pending"),
    ("3-D Secure intermediate code is pending", "OK", "70000000", "pending"),
    ("fatal code is an error", "FAILED", "40000000", "error"),
    ("00000000 with Status FAILED is not a payment", "FAILED", "00000000", "error"),
):
    case(name, "seed", "computop.notification", {"config": CONFIG, "body": body(answer(status, code))},
         {"status": want, "code": code})
good = body(answer())
length, hex_data = good.split("&")[0][4:], good.split("Data=")[1]
# Tamper the block holding the end of the MAC: the MAC value changes, so the MAC check fails.
pos = len(hex_data) - 20
flipped = hex_data[:pos] + ("0" if hex_data[pos] != "0" else "1") + hex_data[pos + 1:]
garbled = bf_decrypt(flipped, BF.encode())[:int(length)]
assert b"\0" not in garbled and garbled.count(b"&") == answer().count("&") and b"MAC=" in garbled
case("tampered Data", "reference", "computop.notification",
     {"config": CONFIG, "body": f"Len={length}&Data={flipped}"}, error={"code": "signature_mismatch", "field": "MAC"})
case("Len one short (MAC truncated)", "reference", "computop.notification",
     {"config": CONFIG, "body": f"Len={int(length) - 1}&Data={hex_data}"},
     error={"code": "signature_mismatch", "field": "MAC"})
assert int(length) % 8 != 0
case("Len one long (padding read as text)", "reference", "computop.notification",
     {"config": CONFIG, "body": f"Len={int(length) + 1}&Data={hex_data}"},
     error={"code": "inconsistent", "field": "Len"})
case("wrong MAC", "reference", "computop.notification",
     {"config": CONFIG, "body": body(answer(mac_value="0" * 64))}, error={"code": "signature_mismatch"})
case("MAC made with another HMAC password", "reference", "computop.notification",
     {"config": CONFIG, "body": body(answer(mac_key="other"))}, error={"code": "signature_mismatch"})
case("no MAC", "reference", "computop.notification",
     {"config": CONFIG, "body": body(answer().split("&MAC=")[0])}, error={"code": "signature_missing"})
case("wrong merchant", "reference", "computop.notification",
     {"config": CONFIG, "body": body(answer(mid="other_shop"))}, error={"code": "wrong_shop", "field": "mid"})
case("wrong TransID", "reference", "computop.notification",
     {"config": CONFIG, "body": body(answer(trans_id="CMD20260099")), "expected": EXPECT},
     error={"code": "wrong_order", "field": "TransID"})
case("unencrypted notification refused", "seed", "computop.notification",
     {"config": CONFIG, "body": answer()}, error={"code": "missing_field", "field": "Data"})
case("malformed Data hex", "spec", "computop.notification",
     {"config": CONFIG, "body": "Len=9&Data=xyz"}, error={"code": "malformed", "field": "Data"})

AES_CONFIG = {"merchant_id": MID, "algorithm": "aes", "aes_key": K32, "mac_key": HM, "host": "test"}


def aes_body(plaintext, key=AES_KEYS[32], iv=IV2):
    return f"Len={len(plaintext)}&Data={aes_encrypt(plaintext.encode(), key, iv)}"


case("AES notify: success", "aes", "computop.notification",
     {"config": AES_CONFIG, "body": aes_body(ok_text), "expected": EXPECT, "server_to_server": True},
     {"status": "accepted", "code": "00000000", "gateway_reference": PAY_ID, "order_id": "CMD20260042"})
case("AES notify with lowercase hex, Blowfish shop that also holds an AES key", "aes", "computop.notification",
     {"config": dict(CONFIG, aes_key=AES_KEYS[16].decode()),
      "body": aes_body(answer(), AES_KEYS[16]).replace("Data=", "Data=").lower().replace("len=", "Len=")
      .replace("data=", "Data=")},
     {"status": "accepted"})
case("AES notify for a shop without an AES key", "aes", "computop.notification",
     {"config": CONFIG, "body": aes_body(answer())}, error={"code": "invalid_key", "field": "config.aes_key"})
ab = aes_encrypt(answer().encode(), AES_KEYS[32], IV2)
iv_hex, ct = ab.split("-")
flipped_iv = ("0" if iv_hex[0] != "0" else "1") + iv_hex[1:]  # flips bits of "m" in "mid=…": the MAC covers mid
case("AES notify: tampered IV", "aes", "computop.notification",
     {"config": AES_CONFIG, "body": f"Len={len(answer())}&Data={flipped_iv}-{ct}"}, error={"code": "signature_mismatch"})
ct_flipped = ct[:40] + ("0" if ct[40] != "0" else "1") + ct[41:]
case("AES notify: tampered ciphertext", "aes", "computop.notification",
     {"config": AES_CONFIG, "body": f"Len={len(answer())}&Data={iv_hex}-{ct_flipped}"},
     error={"code": "signature_mismatch"})
utf8_text = answer(extra="&Description=Paiement accept\u00e9 \u2014 merci")
case("UTF-8 notify with the reference's character Len", "len", "computop.notification",
     {"config": CONFIG, "body": body(utf8_text, encoding="utf-8"), "expected": EXPECT},
     {"status": "accepted", "details": {"description": "Paiement accept\u00e9 \u2014 merci"}})
utf8_bytes = utf8_text.encode()
case("UTF-8 notify with a byte Len is refused, naming Len", "len", "computop.notification",
     {"config": CONFIG, "body": f"Len={len(utf8_bytes)}&Data={bf_encrypt(utf8_bytes, BF.encode())}"},
     error={"code": "inconsistent", "field": "Len"})
case("ISO-8859-1 notify stays readable", "len", "computop.notification",
     {"config": CONFIG, "body": body(answer(extra="&Description=Accept\u00e9"), encoding="latin-1")},
     {"status": "accepted", "details": {"description": "Accept\u00e9"}})
case("Custom pairs echoed beside Data are unverified context", "custom", "computop.notification",
     {"config": CONFIG, "body": body(ok_text) + "&session=abc123&basket=42", "expected": EXPECT},
     {"status": "accepted", "unverified": {"session": "abc123", "basket": "42"}})

# --- refunds ---------------------------------------------------------------------------------------------------
REFUND = {"pay_id": PAY_ID, "trans_id": "CMD20260042-R1", "amount": 15000, "captured": 45000, "credited": 10000,
          "req_id": "CMD20260042-R1", "notify_answered": True}
rmac = mac(f"{PAY_ID}*CMD20260042-R1*{MID}*15000*EUR", HM)
rplain = (f"MerchantID={MID}&PayID={PAY_ID}&TransID=CMD20260042-R1&Amount=15000&Currency=EUR&MAC={rmac}"
          f"&ReqId=CMD20260042-R1")
case("credit request", "reference", "computop.refund", {"config": CONFIG, "refund": REFUND},
     {"method": "POST", "url": "https://test.computop-paygate.com/credit.aspx",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"},
      "body": f"MerchantID={MID}&Len={len(rplain)}&Data={bf_encrypt(rplain.encode(), BF.encode())}"})
case("credit over captured minus credited", "seed", "computop.refund",
     {"config": CONFIG, "refund": with_(REFUND, 35001, "amount")},
     error={"code": "refund_not_allowed", "field": "Amount"})
ranswer = (f"mid={MID}&PayID={PAY_ID}&XID=f0e1d2c3b4a5968778695a4b3c2d1e0f&TransID=CMD20260042-R1&Status=OK"
           f"&Code=00000000&Description=success&CodeExt=00&PID=PID43")
RX = {"pay_id": PAY_ID, "trans_id": "CMD20260042-R1"}
case("credit answer, plain", "seed", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": ranswer}, "expected": RX},
     {"status": "accepted", "code": "00000000", "details": {"code_ext": "00", "pid": "PID43"}})
case("credit answer, encrypted", "reference", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": f"MerchantID={MID}&" + body(ranswer)}, "expected": RX},
     {"status": "accepted", "gateway_reference": PAY_ID})
case("credit answer, refused", "seed", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": ranswer.replace("Status=OK&Code=00000000",
                                                                          "Status=FAILED&Code=21300012")},
      "expected": RX}, error={"code": "gateway_error", "gateway_code": "21300012"})
case("credit answer for another payment", "seed", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": ranswer}, "expected": {"pay_id": "f" * 32}},
     error={"code": "wrong_order", "field": "PayID"})

case("credit before the first notify was answered", "seed", "computop.refund",
     {"config": CONFIG, "refund": with_(REFUND, False, "notify_answered")},
     error={"code": "not_allowed", "field": "notify_answered"})
case("credit of an uncaptured payment", "seed", "computop.refund",
     {"config": CONFIG, "refund": with_(with_(REFUND, 0, "captured"), 0, "credited")},
     error={"code": "refund_not_allowed", "field": "Amount"})
case("credit answer with a bad MAC", "reference", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": ranswer + "&MAC=" + "0" * 64}, "expected": RX},
     error={"code": "signature_mismatch", "field": "MAC"})
case("credit answer for another shop", "reference", "computop.refund_answer",
     {"config": CONFIG, "response": {"status": 200, "body": ranswer.replace(f"mid={MID}", "mid=other_shop")},
      "expected": RX}, error={"code": "wrong_shop", "field": "mid"})

# --- reversals (computop.cancel) ---------------------------------------------------------------------------------
CANCEL = {"pay_id": PAY_ID, "trans_id": "CMD20260042", "amount": 45000, "authorized": 45000, "captured": 0,
          "credited": 0, "req_id": "CMD20260042-C1", "notify_answered": True}
cmac = mac(f"{PAY_ID}*CMD20260042*{MID}*45000*EUR", HM)
cplain = f"MerchantID={MID}&PayID={PAY_ID}&TransID=CMD20260042&Amount=45000&Currency=EUR&MAC={cmac}&ReqId=CMD20260042-C1"
case("reversal request", "reference", "computop.cancel", {"config": CONFIG, "cancel": CANCEL},
     {"method": "POST", "url": "https://test.computop-paygate.com/reverse.aspx",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"},
      "body": f"MerchantID={MID}&Len={len(cplain)}&Data={bf_encrypt(cplain.encode(), BF.encode())}"})
case("reversal after a capture refused (refund instead)", "computop-docs", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, 45000, "captured")}, error={"code": "not_allowed", "field": "captured"})
case("reversal after a credit refused", "computop-docs", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, 100, "credited")}, error={"code": "not_allowed", "field": "captured"})
case("reversal above the authorised amount", "computop-docs", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, 45001, "amount")}, error={"code": "not_allowed", "field": "Amount"})
case("reversal of nothing authorised", "computop-docs", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, 0, "authorized")}, error={"code": "not_allowed", "field": "authorized"})
case("reversal before the first notify was answered", "seed", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, False, "notify_answered")},
     error={"code": "not_allowed", "field": "notify_answered"})
case("reversal in another currency", "seed", "computop.cancel",
     {"config": CONFIG, "cancel": with_(CANCEL, "USD", "currency")}, error={"code": "not_allowed", "field": "Currency"})
canswer = answer(extra="&Description=success")
CX = {"pay_id": PAY_ID, "trans_id": "CMD20260042"}
case("reversal answer, encrypted with its MAC", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": f"MerchantID={MID}&" + body(canswer)}, "expected": CX},
     {"gateway": "computop", "operation": "cancellation", "status": "accepted", "code": "00000000",
      "gateway_reference": PAY_ID, "transaction_id": "CMD20260042"})
case("reversal answer with a bad MAC", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer(mac_value="0" * 64))}, "expected": CX},
     error={"code": "signature_mismatch", "field": "MAC"})
case("reversal answer MACed with another HMAC password", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer(mac_key="other"))}, "expected": CX},
     error={"code": "signature_mismatch"})
case("reversal answer for another shop", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer(mid="other_shop"))}, "expected": CX},
     error={"code": "wrong_shop", "field": "mid"})
case("reversal answer for another transaction", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer(trans_id="CMD20260099"))}, "expected": CX},
     error={"code": "wrong_order", "field": "TransID"})
case("reversal answer, refused", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer("FAILED", "21300012"))}, "expected": CX},
     error={"code": "gateway_error", "gateway_code": "21300012"})
case("reversal answer with an undocumented status digit is never accepted", "reference", "computop.cancel_answer",
     {"config": CONFIG, "response": {"status": 200, "body": body(answer("OK", "90000000"))}, "expected": CX},
     error={"code": "gateway_error", "gateway_code": "90000000"})

# --- status inquiries (computop.status) --------------------------------------------------------------------------
imac = mac(f"{PAY_ID}*CMD20260042*{MID}**", HM)
iplain = f"MerchantID={MID}&PayID={PAY_ID}&TransID=CMD20260042&MAC={imac}"
case("status inquiry request (MAC with empty Amount and Currency)", "reference", "computop.status",
     {"config": CONFIG, "pay_id": PAY_ID, "trans_id": "CMD20260042"},
     {"method": "POST", "url": "https://test.computop-paygate.com/inquire.aspx",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"},
      "body": f"MerchantID={MID}&Len={len(iplain)}&Data={bf_encrypt(iplain.encode(), BF.encode())}"})
case("status inquiry of a malformed PayID", "computop-docs", "computop.status",
     {"config": CONFIG, "pay_id": "short", "trans_id": "CMD20260042"}, error={"code": "invalid_format", "field": "PayID"})


def inquiry(extra, status="OK", code="00000000", **kw):
    return answer(status, code, extra=extra, **kw).replace("mid=", "MID=", 1)


def status_case(name, source, text, expected=CX, output=None, error=None, encrypted=True):
    b = f"MerchantID={MID}&" + body(text) if encrypted else text
    case(name, source, "computop.status_answer",
         {"config": CONFIG, "response": {"status": 200, "body": b}, "expected": expected}, output, error)


status_case("status: captured → the payment, accepted", "computop-docs",
            inquiry("&LastStatus=OK&AmountAuth=45000&AmountCap=45000&AmountCred=0&Currency=EUR"),
            output={"outcome": {"gateway": "computop", "operation": "payment", "status": "accepted", "amount": 45000,
                                "gateway_reference": PAY_ID, "transaction_id": "CMD20260042",
                                "idempotency_key": f"computop:{PAY_ID}", "code": "OK"},
                    "authorized": 45000, "captured": 45000, "credited": 0, "refundable": 45000, "last_status": "OK"})
status_case("status: partly credited → a refund, 30000 still refundable", "computop-docs",
            inquiry("&LastStatus=OK&AmountAuth=45000&AmountCap=45000&AmountCred=15000"),
            output={"outcome": {"operation": "refund", "status": "accepted", "amount": 15000}, "refundable": 30000})
status_case("status: authorised, not captured", "computop-docs", inquiry("&LastStatus=AUTHORIZED&AmountAuth=45000"),
            output={"outcome": {"operation": "payment", "status": "accepted", "amount": 45000}, "refundable": 0})
status_case("status: authorised with an unknown last step is never accepted", "computop-docs",
            inquiry("&LastStatus=SOMETHING_NEW&AmountAuth=45000"),
            output={"outcome": {"operation": "payment", "status": "pending"}})
status_case("status: failed payment", "computop-docs", inquiry("&LastStatus=FAILED&AmountAuth=0"),
            output={"outcome": {"operation": "payment", "status": "refused"}, "refundable": 0})
status_case("status: nothing yet", "computop-docs", inquiry("&LastStatus=AUTHORIZE_REQUEST"),
            output={"outcome": {"operation": "payment", "status": "pending"}})
status_case("status: the inquiry itself failed", "computop-docs",
            inquiry("&Description=unknown%20PayID", status="FAILED", code="21300012"),
            error={"code": "gateway_error", "gateway_code": "21300012"})
status_case("status: undocumented inquiry code is never accepted", "computop-docs",
            inquiry("&AmountCap=45000", status="OK", code="90000000"),
            error={"code": "gateway_error", "gateway_code": "90000000"})
status_case("status answer with a bad MAC", "reference", inquiry("&AmountCap=45000", mac_value="0" * 64),
            error={"code": "signature_mismatch", "field": "MAC"})
status_case("status answer for another shop", "reference", inquiry("&AmountCap=45000", mid="other_shop"),
            error={"code": "wrong_shop", "field": "mid"})
status_case("status answer for another transaction", "reference", inquiry("&AmountCap=45000", trans_id="CMD20260099"),
            error={"code": "wrong_order", "field": "TransID"})
status_case("status answer for another payment", "reference", inquiry("&AmountCap=45000"),
            expected={"pay_id": "f" * 32}, error={"code": "wrong_order", "field": "PayID"})
status_case("status answer read without the PayID asked about", "reference", inquiry("&AmountCap=45000"),
            expected={"trans_id": "CMD20260042"}, error={"code": "missing_field", "field": "expected.pay_id"})
status_case("status answer with a malformed amount", "reference", inquiry("&AmountCap=12x"),
            error={"code": "invalid_format", "field": "AmountCap"})
status_case("status answer as an HTML page", "reference", "<html><body>Error</body></html>", encrypted=False,
            error={"code": "unexpected_response"})
status_case("status answer larger than 64 KiB", "reference", "a=" + "x" * (64 * 1024), encrypted=False,
            error={"code": "too_large"})
case("status answer with HTTP 500", "reference", "computop.status_answer",
     {"config": CONFIG, "response": {"status": 500, "body": ""}, "expected": CX},
     error={"code": "unexpected_response"})

aplain_form, _ = form_plaintext()
case("AES FullCB form (AES-256, caller's IV)", "aes", "computop.form",
     {"config": AES_CONFIG, "payment": PAYMENT, "iv": IV.hex()},
     {"form": {"action": "https://test.computop-paygate.com/CetelemFullCB.aspx", "method": "POST",
               "fields": {"MerchantID": MID, "Len": str(len(aplain_form)),
                          "Data": aes_encrypt(aplain_form.encode(), AES_KEYS[32], IV)}}})
case("AES FullCB form without an IV refused", "aes", "computop.form", {"config": AES_CONFIG, "payment": PAYMENT},
     error={"code": "missing_field", "field": "iv"})
case("AES config with a 20-byte key refused", "aes", "computop.form",
     {"config": dict(AES_CONFIG, aes_key="k" * 20), "payment": PAYMENT, "iv": IV.hex()},
     error={"code": "invalid_key", "field": "config.aes_key"})
case("AES credit request", "aes", "computop.refund", {"config": AES_CONFIG, "refund": REFUND, "iv": IV2.hex()},
     {"method": "POST", "url": "https://test.computop-paygate.com/credit.aspx",
      "body": f"MerchantID={MID}&Len={len(rplain)}&Data={aes_encrypt(rplain.encode(), AES_KEYS[32], IV2)}"})
case("AES credit answer, encrypted", "aes", "computop.refund_answer",
     {"config": AES_CONFIG, "response": {"status": 200, "body": f"MerchantID={MID}&" + aes_body(ranswer)},
      "expected": RX}, {"status": "accepted", "operation": "refund", "gateway_reference": PAY_ID})

out = {"gateway": "computop", "sources": SOURCES, "cases": cases}
path = pathlib.Path(__file__).resolve().parents[1] / "computop.json"
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {path}")
