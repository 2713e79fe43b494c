"""Every golden vector (tests/vectors/*.json) through the C API: feeds `test_cpay vectors` (possibly under
valgrind) one "op<TAB>input" line per case, reads back its "OK<TAB>json" / "ERR<TAB>status<TAB>name<TAB>json"
lines and matches them as tests/vectors/README.md says. For errors, the status number's name
(cpay_status_name) must also be the error's code.

usage: python3 tests/c/vectors.py VECTORS_DIR COMMAND...
"""
import json
import pathlib
import subprocess
import sys

def subset(expected, actual):
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def main(directory, command):
    cases = []
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            cases.append((path.name, case))
    stdin = "".join(f"{c['op']}\t{json.dumps(c['input'], ensure_ascii=False)}\n" for _, c in cases)
    run = subprocess.run(command, input=stdin.encode("utf-8"), capture_output=True)
    sys.stderr.write(run.stderr.decode("utf-8", "replace"))
    if run.returncode != 0:
        print(f"c vectors: the C program exited with {run.returncode}")
        return 1
    lines = run.stdout.decode("utf-8").splitlines()
    if len(lines) != len(cases):
        print(f"c vectors: {len(cases)} cases but {len(lines)} answers")
        return 1
    passed = failed = 0
    for (name, case), line in zip(cases, lines):
        parts = line.split("\t")
        if "output" in case:
            ok = parts[0] == "OK" and subset(case["output"], json.loads(parts[1]))
        else:
            error = json.loads(parts[3]) if parts[0] == "ERR" else None
            ok = error is not None and subset(case["error"], error) and parts[2] == error["code"]
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name} / {case['name']}: {line[:400]}")
    print(f"c vectors: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
