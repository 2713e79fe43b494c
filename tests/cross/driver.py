"""The cross-language test: the same inputs (tests/cross/cases.json: valid, invalid, forged) through the CLI
(`cpay call`), C (`cpay_call`), Python (`cpay.call`), Node (`call`) and PHP (`Cpay::call`); every layer must
give the same output, or the same error (code, number, field), and the error table of each language (name,
number, verification failure) must be the schema's.

Each language has one tiny runner here (runner.c/.py/.js/.php): it prints its error table, then reads
"op<TAB>input_json" lines and prints one {"output": …} or {"error": {code, number, field}} line per case. The
CLI needs no runner: `cpay call OP` prints the output, or the error's JSON on stderr with exit 1 (verification
failure), 2 (invalid input) or 3 (internal).

A layer whose runtime is not built is skipped with a message; with --require-all (what `make test-cross`
uses) a skipped layer fails. PHP arrays cannot tell an empty JSON object from an empty list, so `[]` and `{}`
compare equal. Python 3 standard library only.

usage: python3 tests/cross/driver.py [--cpay PATH] [--lib-dir DIR] [--python PATH] [--node-package DIR]
                                     [--require-all] [--layers cli,c,python,node,php]
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LAYERS = ["cli", "c", "python", "node", "php"]


class Skip(Exception):
    """The layer's runtime is not built or not installed."""


def error_of(error):
    return {"code": error.get("code"), "number": error.get("number"), "field": error.get("field")}


def run_cli(args, cases, verification):
    cpay = pathlib.Path(args.cpay)
    if not cpay.is_file():
        raise Skip(f"{cpay} is not built (make build)")
    results = []
    for case in cases:
        run = subprocess.run([str(cpay), "call", case["op"]], input=json.dumps(case["input"], ensure_ascii=False),
                             capture_output=True, text=True)
        if run.returncode == 0:
            results.append({"output": json.loads(run.stdout)})
            continue
        try:
            error = error_of(json.loads(run.stderr))
        except ValueError:
            error = {"code": f"stderr is not an error's JSON: {run.stderr[:200]!r}", "number": None, "field": None}
        status = 1 if error["code"] in verification else 3 if error["code"] == "internal" else 2
        if run.returncode != status:
            error["exit"] = f"{run.returncode}, expected {status}"
        results.append({"error": error})
    return None, results


def run_runner(command, cases, env=None):
    stdin = "".join(f"{c['op']}\t{json.dumps(c['input'], ensure_ascii=False)}\n" for c in cases)
    run = subprocess.run(command, input=stdin.encode("utf-8"), capture_output=True, env=env)
    lines = run.stdout.decode("utf-8").splitlines()
    if lines and "skip" in json.loads(lines[0]):
        raise Skip(json.loads(lines[0])["skip"])
    if run.returncode != 0 or len(lines) != len(cases) + 1:
        sys.stderr.write(run.stderr.decode("utf-8", "replace")[-2000:])
        raise RuntimeError(f"{command[0]} exited with {run.returncode} after {len(lines)} lines")
    results = [json.loads(line) for line in lines[1:]]
    for result in results:
        if "error" in result:
            result["error"] = error_of(result["error"])
    return json.loads(lines[0])["errors"], results


def run_c(args, cases, _):
    lib_dir = pathlib.Path(args.lib_dir)
    if not (lib_dir / "libcpay.so").is_file():
        raise Skip(f"{lib_dir}/libcpay.so is not built (make lib-c)")
    if not shutil.which("cc"):
        raise Skip("no C compiler (cc)")
    exe = lib_dir / "cross-runner-c"
    subprocess.run(["cc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror", str(HERE / "runner.c"),
                    f"-I{ROOT / 'include'}", f"-L{lib_dir}", "-lcpay", f"-Wl,-rpath,{lib_dir}", "-o", str(exe)],
                   check=True)
    return run_runner([str(exe)], cases)


def run_python(args, cases, _):
    if not shutil.which(args.python) and not pathlib.Path(args.python).is_file():
        raise Skip(f"no {args.python} (make python-venv, then install ./bindings-python)")
    return run_runner([args.python, str(HERE / "runner.py")], cases)


def run_node(args, cases, _):
    if not shutil.which("node"):
        raise Skip("no node")
    return run_runner(["node", str(HERE / "runner.js"), args.node_package], cases)


def run_php(args, cases, _):
    if not shutil.which("php"):
        raise Skip("no php")
    env = dict(os.environ, CPAY_LIB=str(pathlib.Path(args.lib_dir) / "libcpay.so"))
    return run_runner(["php", str(HERE / "runner.php")], cases, env)


def same(a, b):
    """Equal JSON, where an empty list equals an empty object (PHP arrays cannot tell them apart)."""
    if a in ([], {}) and b in ([], {}):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b)


def subset(expected, actual):
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def check_table(layer, table, schema_errors):
    """Every error of the schema, with the same number and verification flag; extra layer-only statuses
    (the C ABI's null_parameter, invalid_utf8, unknown_error) may exist but not reuse a schema number."""
    failures = []
    by_name = {row["name"]: row for row in table}
    by_number = {row["number"]: row for row in table}
    for error in schema_errors:
        row = by_name.get(error["name"])
        want = (error["number"], error["verification_failure"])
        if row is None or (row["number"], row["verification_failure"]) != want:
            failures.append(f"{layer} error table: {error['name']} should be {want}, is {row}")
        clash = by_number.get(error["number"])
        if clash is not None and clash["name"] != error["name"]:
            failures.append(f"{layer} error table: number {error['number']} is {clash['name']!r}, not {error['name']!r}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpay", default=str(ROOT / "target/debug/cpay"))
    parser.add_argument("--lib-dir", default=str(ROOT / "target/debug"))
    parser.add_argument("--python", default=str(ROOT / "target/python-venv/bin/python"))
    parser.add_argument("--node-package", default=str(ROOT / "bindings-node"))
    parser.add_argument("--layers", default=",".join(LAYERS))
    parser.add_argument("--require-all", action="store_true", help="a layer that cannot run fails the test")
    args = parser.parse_args()

    cases = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]
    schema = json.loads((ROOT / "schema/cpay.schema.json").read_text(encoding="utf-8"))
    verification = {e["name"] for e in schema["errors"] if e["verification_failure"]}
    runners = {"cli": run_cli, "c": run_c, "python": run_python, "node": run_node, "php": run_php}
    failures, results = [], {}
    for layer in args.layers.split(","):
        try:
            table, results[layer] = runners[layer](args, cases, verification)
        except Skip as e:
            print(f"cross: {layer} SKIPPED: {e}")
            if args.require_all:
                failures.append(f"{layer} could not run (--require-all): {e}")
            continue
        except (RuntimeError, subprocess.CalledProcessError) as e:
            failures.append(f"{layer}: {e}")
            continue
        if table is not None:
            failures += check_table(layer, table, schema["errors"])
    ran = list(results)
    for i, case in enumerate(cases):
        if not ran:
            break
        reference_layer = ran[0]
        reference = results[reference_layer][i]
        expect = case.get("expect")
        if expect == "output" and "output" not in reference:
            failures.append(f"{case['name']}: expected an output, {reference_layer} gave {reference}")
        elif isinstance(expect, dict) and not subset(expect, reference.get("error", {})):
            failures.append(f"{case['name']}: expected error {expect}, {reference_layer} gave {reference}")
        for layer in ran[1:]:
            if not same(reference, results[layer][i]):
                failures.append(f"{case['name']}: {layer} differs from {reference_layer}:\n"
                                f"    {reference_layer}: {json.dumps(reference, ensure_ascii=False)[:300]}\n"
                                f"    {layer}: {json.dumps(results[layer][i], ensure_ascii=False)[:300]}")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"cross: {len(cases)} cases through {', '.join(ran) or 'no layer'}: {len(failures)} failure(s)")
    return 1 if failures or not ran else 0


if __name__ == "__main__":
    sys.exit(main())
