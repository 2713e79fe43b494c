"""Run every golden vector through `cpay call OP`: stdin JSON → stdout JSON; an error is its JSON on stderr,
exit 1 for a verification failure (the schema's error table says which), 2 otherwise."""
import json
import pathlib
import subprocess
import sys


def subset(expected, actual):
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def main(cpay, directory):
    schema = json.loads(subprocess.run([cpay, "schema"], capture_output=True, text=True, check=True).stdout)
    verification = {e["name"] for e in schema["errors"] if e["verification_failure"]}
    failed = passed = 0
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            run = subprocess.run([cpay, "call", case["op"]], input=json.dumps(case["input"]),
                                 capture_output=True, text=True)
            if "output" in case:
                ok = run.returncode == 0 and subset(case["output"], json.loads(run.stdout))
            else:
                try:
                    error = json.loads(run.stderr)
                except ValueError:
                    error = {}
                rc = 1 if error.get("code") in verification else 2
                ok = run.returncode == rc and subset(case["error"], error)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {path.name} / {case['name']}: rc={run.returncode} {run.stdout[:300]} {run.stderr[:300]}")
    print(f"cli vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
