"""Every golden vector (tests/vectors/*.json) through an installed package: runs COMMAND (one of the runners
here), feeds it one "op<TAB>input_json" line per case and reads back its version line, then one JSON line per
case, {"output": …} or {"error": {code, number, field, gateway_code}}, matched as tests/vectors/README.md says.

usage: python3 tests/dist/vectors.py LABEL VERSION COMMAND...   (exit 1 on any mismatch or a wrong version)
"""
import json
import pathlib
import subprocess
import sys

VECTORS = pathlib.Path(__file__).resolve().parent.parent / "vectors"


def subset(expected, actual):
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def main(label, version, command):
    cases = [(p.name, c) for p in sorted(VECTORS.glob("*.json"))
             for c in json.loads(p.read_text(encoding="utf-8"))["cases"]]
    stdin = "".join(f"{c['op']}\t{json.dumps(c['input'], ensure_ascii=False)}\n" for _, c in cases)
    run = subprocess.run(command, input=stdin.encode("utf-8"), capture_output=True)
    sys.stderr.write(run.stderr.decode("utf-8", "replace"))
    lines = run.stdout.decode("utf-8").splitlines()
    if run.returncode != 0 or len(lines) != len(cases) + 1:
        print(f"{label}: exit {run.returncode}, {len(lines)} lines for {len(cases)} cases: {lines[:1]}")
        return 1
    reported = json.loads(lines[0]).get("version")
    if reported != version:
        print(f"{label}: reports version {reported!r}, the workspace is {version}")
        return 1
    failed = 0
    for (name, case), line in zip(cases, lines[1:]):
        result = json.loads(line)
        if "output" in case:
            ok = "output" in result and subset(case["output"], result["output"])
        else:
            ok = "error" in result and subset(case["error"], result["error"])
        if not ok:
            failed += 1
            print(f"FAIL {label} {name} / {case['name']}: {line[:300]}")
    print(f"{label} {version}: {len(cases) - failed} vectors passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
