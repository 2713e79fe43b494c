"""The installed wheel's runner for tests/dist/vectors.py: its version, then `cpay.call` on each case."""
import json
import sys

import cpay

print(json.dumps({"version": cpay.__version__}))
for line in sys.stdin:
    op, _, text = line.rstrip("\n").partition("\t")
    try:
        result = {"output": cpay.call(op, json.loads(text))}
    except cpay.CpayError as e:
        result = {"error": {"code": e.code, "number": e.number, "field": e.field, "gateway_code": e.gateway_code}}
    print(json.dumps(result, ensure_ascii=False))
