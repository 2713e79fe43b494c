"""Run every golden vector through `cpay call OP` (stdin JSON → stdout JSON, errors on stderr, exit 1/2)."""
import json
import pathlib
import subprocess
import sys


def subset(expected, actual):
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def main(cpay, directory):
    failed = passed = 0
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            run = subprocess.run([cpay, "call", case["op"]], input=json.dumps(case["input"]),
                                 capture_output=True, text=True)
            if "output" in case:
                ok = run.returncode == 0 and subset(case["output"], json.loads(run.stdout))
            else:
                code = case["error"]["code"]
                field = case["error"].get("field")
                ok = run.returncode in (1, 2) and code in run.stderr and (field is None or field in run.stderr)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {path.name} / {case['name']}: rc={run.returncode} {run.stdout[:300]} {run.stderr[:300]}")
    print(f"cli vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
