"""1,000,000 calls through the Python wheel with resident memory flat (issue 10, `make memory`).

Half the calls are `cpay.lyra.sign`, half `cpay.call("lyra.notification", …)` on the genuine IPN of the
golden vectors; every tenth notification is tampered, so the error path (an exception) is looped too.
Prints RSS at start, after warm-up and at the end; fails when the end exceeds warm-up by more than 8 MiB.
"""
import json
import pathlib
import sys

import cpay

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
WARM_UP = CALLS // 20
SLACK_KIB = 8 * 1024


def rss_kib():
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main():
    vectors = json.loads((pathlib.Path(__file__).parent.parent / "vectors" / "lyra.json").read_text())
    sign = next(c["input"] for c in vectors["cases"] if c["op"] == "lyra.sign" and "output" in c)
    ipn = next(c["input"] for c in vectors["cases"] if c["op"] == "lyra.notification" and "output" in c)
    tampered = dict(ipn, body=ipn["body"].replace("vads_amount=", "vads_amount=1", 1))
    start = rss_kib()
    warm = None
    errors = 0
    for i in range(CALLS):
        if i == WARM_UP:
            warm = rss_kib()
        if i % 2 == 0:
            cpay.lyra.sign(sign["fields"], sign["key"])
        elif i % 20 == 1:
            try:
                cpay.call("lyra.notification", tampered)
            except cpay.CpayError:
                errors += 1
        else:
            cpay.call("lyra.notification", ipn)
    end = rss_kib()
    print(f"python: {CALLS} calls ({errors} errors): RSS start {start} KiB, after warm-up {warm} KiB, end {end} KiB")
    return 1 if end - warm > SLACK_KIB else 0


if __name__ == "__main__":
    sys.exit(main())
