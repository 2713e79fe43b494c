"""The Python runner of the cross-language test (tests/cross/driver.py): `cpay.call(op, dict)` on every case.

First line: the error table; then for each stdin line "op<TAB>input_json" one line {"output": …} or
{"error": {code, number, field}}. Prints {"skip": reason} when the cpay package cannot be imported."""
import json
import sys

try:
    import cpay
except ImportError as e:
    print(json.dumps({"skip": f"cannot import cpay ({e})"}))
    sys.exit(0)


def error_table():
    errors = getattr(cpay, "ERRORS", None) or getattr(getattr(cpay, "errors", None), "ERRORS", None) or {}
    rows = []
    for name, cls in errors.items():
        flag = getattr(cls, "VERIFICATION_FAILURE", None)
        if flag is None:
            flag = issubclass(cls, cpay.VerificationError)
        rows.append({"name": getattr(cls, "CODE", name), "number": getattr(cls, "NUMBER", None),
                     "verification_failure": bool(flag)})
    return rows


def main():
    print(json.dumps({"errors": error_table()}), flush=True)
    for line in sys.stdin:
        op, _, text = line.rstrip("\n").partition("\t")
        try:
            result = {"output": cpay.call(op, json.loads(text))}
        except cpay.CpayError as e:
            result = {"error": {"code": e.code, "number": e.number, "field": e.field}}
        except Exception as e:  # noqa: BLE001 - a non-cpay exception is a divergence the driver reports
            result = {"error": {"code": f"not a CpayError: {type(e).__name__}: {e}", "number": None, "field": None}}
        print(json.dumps(result, ensure_ascii=False), flush=True)


main()
