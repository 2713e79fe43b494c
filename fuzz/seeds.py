#!/usr/bin/env python3
"""Write the seed corpus of every fuzz target from the golden vectors (tests/vectors/*.json).

Usage: python3 fuzz/seeds.py OUT_DIR   → OUT_DIR/<target>/<sha1> files.
Each seed is one selector byte (the variant the target runs, see fuzz_targets/) followed by the bytes a
gateway would send (api_call: `<op>\n<json>`): the IPN bodies, SOAP answers, Data strings and JSON inputs of the golden cases.
The corpus is generated, not committed: the vectors are its single source.
"""
import hashlib
import json
import pathlib
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"

def enc(value):
    """The UTF-8 bytes of a string input value; None for anything else (bad_inputs.json has wrong types)."""
    return value.encode() if isinstance(value, str) else None


def body_of(inp, name="body", fields="fields"):
    if isinstance(inp.get(name), str):
        return inp[name].encode()
    if isinstance(inp.get(fields), dict):
        return urllib.parse.urlencode(inp[fields]).encode()
    return None


def seeds():
    out = {}

    def add(target, selector, data):
        if isinstance(data, bytes):
            out.setdefault(target, set()).add(bytes([selector]) + data)

    for path in sorted(VECTORS.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            op, inp = case["op"], case["input"]
            out.setdefault("api_call", set()).add(op.encode() + b"\n" + json.dumps(inp).encode())
            if op == "lyra.notification":
                for s in (0, 1, 3):
                    add("lyra_notification", s, body_of(inp))
            elif op == "lyra.kr_answer":
                add("lyra_kr_answer", 0, enc(inp.get("body")))
                answer = dict(urllib.parse.parse_qsl(inp.get("body") or "")).get("kr-answer")
                if answer:
                    add("lyra_kr_answer", 1, answer.encode())
                    add("lyra_kr_answer", 3, answer.encode())
            elif op == "computop.notification":
                add("computop_notification", 0, enc(inp.get("body")))
                pairs = dict(urllib.parse.parse_qsl(inp.get("body") or ""))
                if "Data" in pairs and pairs.get("Len", "").isdigit():
                    add("computop_notification", 1, (int(pairs["Len"]) % 65536).to_bytes(2, "little") + pairs["Data"].encode())
            elif op == "computop.encrypt":
                add("computop_notification", 2, enc(inp.get("plaintext")))
            elif op == "computop.decrypt" and isinstance(inp.get("len"), int) and enc(inp.get("data")):
                add("computop_notification", 1, (inp["len"] % 65536).to_bytes(2, "little") + enc(inp.get("data")))
            elif op in ("payline.form_answer", "payline.notification", "payline.status_answer",
                        "payline.capture_answer", "payline.refund_answer"):
                response = inp.get("response")
                for s in (0, 1, 2, 3, 11):
                    add("payline_soap", s, enc(response.get("body")) if isinstance(response, dict) else None)
            elif op in ("computop.refund_answer", "computop.cancel_answer", "computop.status_answer"):
                response = inp.get("response")
                selector = ("computop.refund_answer", "computop.cancel_answer", "computop.status_answer").index(op)
                add("computop_answer", selector, enc(response.get("body")) if isinstance(response, dict) else None)
            elif op == "payline.transaction_answer":
                response = inp.get("response")
                for s in (0, 1):
                    add("payline_transaction", s, enc(response.get("body")) if isinstance(response, dict) else None)
            elif op in ("payline.cancel_answer", "payline.reauthorize_answer"):
                response = inp.get("response")
                selector = 2 if op == "payline.cancel_answer" else 3
                add("payline_transaction", selector, enc(response.get("body")) if isinstance(response, dict) else None)
            elif op == "payline.token":
                add("payline_soap", 4, enc(inp.get("query")))
            elif op == "ogone.notification":
                for s in (0, 1, 3):
                    add("ogone_response", s, body_of(inp))
            elif op == "sips.notification":
                add("sips_response", 0, body_of(inp))
                data = (inp.get("fields") or {}).get("Data")
                if isinstance(data, str) and data:
                    add("sips_response", 1, data.encode())
                    add("sips_response", 2, data.encode())
            elif op in ("ogone.refund_answer", "ogone.cancel_answer", "ogone.capture_answer", "ogone.status_answer"):
                response = inp.get("response")
                for s in (0, 1, 2, 3):
                    add("ogone_directlink", s, enc(response.get("body")) if isinstance(response, dict) else None)
            elif op in ("sips.refund_answer", "sips.cancel_answer", "sips.capture_answer", "sips.status_answer"):
                response = inp.get("response")
                body = response.get("body") if isinstance(response, dict) else None
                for s in (0, 1, 2, 3):
                    add("sips_office", s, enc(body))
                try:
                    unsealed = json.loads(body) if isinstance(body, str) else None
                except ValueError:
                    unsealed = None
                if isinstance(unsealed, dict):
                    unsealed.pop("seal", None)
                    for s in (4, 5, 6, 7, 12):
                        add("sips_office", s, json.dumps(unsealed).encode())
            elif op == "sips.decode":
                add("sips_response", 2, enc(inp.get("data")))
            elif op.startswith("lyra.") and op.endswith("_answer") and op != "lyra.kr_answer":
                response = inp.get("response")
                body = enc(response.get("body")) if isinstance(response, dict) else None
                for s in (0, 1):
                    add("lyra_rest_answer", s, body)
    return out


def main():
    root = pathlib.Path(sys.argv[1])
    for target, items in seeds().items():
        d = root / target
        d.mkdir(parents=True, exist_ok=True)
        for item in items:
            (d / hashlib.sha1(item).hexdigest()).write_bytes(item)
        print(f"{target}: {len(items)} seeds")


if __name__ == "__main__":
    main()
