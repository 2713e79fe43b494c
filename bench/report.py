"""Writes bench/RESULTS.md (to stdout) from criterion's estimates and the language harnesses' JSON files.

Usage: python3 bench/report.py --criterion DIR --out-dir DIR [--before bench/before.json] --analysis bench/analysis.md
       > bench/RESULTS.md
`--before` adds the ratios of an earlier run (bench/before.json) beside this run's, row by row.
Only the standard library: it runs on the machine's python3 after every harness has written its file.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import re
import subprocess
from typing import Dict, List, Optional, Tuple

# Rust: case → (what the case does, goal on cpay / floor or None when there is no crypto floor).
RUST = {
    "lyra_form_25": "build + sign a Cpay form (25 vads_ fields)",
    "lyra_sign_25": "the signature primitive alone over the same 25 fields (pick, sort, join, HMAC, base64)",
    "lyra_ipn_60": "verify + classify a 60-field IPN (url-encoded body)",
    "computop_request": "FullCB request: build, encrypt (Blowfish) and MAC",
    "computop_encrypt_mac": "encrypt + MAC the FullCB plaintext (primitives)",
    "computop_notify": "notify: decrypt, verify MAC, check, classify",
    "computop_blowfish_reused": "Blowfish encrypt of the FullCB plaintext, key scheduled once (cipher reused)",
    "ogone_sha_out_22": "Ogone SHA-OUT, 22 parameters, SHA-256",
    "sips_seal": "Sips seal, HMAC-SHA-256 of a 44-field Data",
    "payline_web_payment": "Payline doWebPayment SOAP request (build)",
    "payline_outcome": "Payline getWebPaymentDetails answer (parse + classify)",
}
RUST_GOAL = 1.5
NO_CRYPTO = {"payline_web_payment", "payline_outcome"}

LANG_CASES = {
    "lyra_sign_25": "Lyra sign, the form's fields (25 before; 26 after, with an accented address)",
    "lyra_sign_25_accented": "Lyra sign, 25 fields, accented names and JSON escapes",
    "lyra_verify_25_accented": "Lyra verify, the same 25 fields + signature",
    "lyra_verify_60": "Lyra verify, 60-field IPN",
    "lyra_ipn_60": "Lyra IPN: decode, verify, check, classify",
    "computop_encrypt_mac": "Computop encrypt + MAC (FullCB request)",
    "computop_decrypt_mac": "Computop decrypt + MAC (notify)",
    "computop_notify": "Computop notify: decrypt, verify, check, classify",
    "computop_blowfish": "Computop Blowfish alone (encrypt)",
    "computop_blowfish_reused": "Computop Blowfish, key scheduled once (cipher reused)",
    "ogone_sha_out_22": "Ogone SHA-OUT, 22 parameters",
    "sips_seal": "Sips seal",
}
BLOWFISH = {"computop_encrypt_mac", "computop_decrypt_mac", "computop_notify", "computop_blowfish",
            "computop_blowfish_reused"}


def goal(lang: str, case: str) -> Tuple[str, float]:
    """The issue's goal for cpay/host: ≤1.0 in Python and Node; in PHP ≤1.5× hash_hmac, ≥10× phpseclib3."""
    if lang == "php":
        return ("≥ 10× faster (≤ 0.10)", 0.10) if case in BLOWFISH else ("≤ 1.5×", 1.5)
    return "≤ 1.0×", 1.0


def us(ns: Optional[float]) -> str:
    return "—" if ns is None else f"{ns / 1000:.2f} µs"


def crit(directory: pathlib.Path, group: str, fn: str) -> Optional[Tuple[float, float, float]]:
    f = directory / group / fn / "new" / "estimates.json"
    if not f.is_file():
        return None
    m = json.loads(f.read_text())["median"]
    return m["point_estimate"], m["confidence_interval"]["lower_bound"], m["confidence_interval"]["upper_bound"]


def cmd(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not found"


def machine(langs: List[dict]) -> List[str]:
    cpu = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", pathlib.Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    lines = ["## Machine", "", f"- CPU: {cpu}; nproc {os.cpu_count()}; {platform.system()} {platform.release()}",
             f"- {cmd('rustc', '--version')}; {cmd('cargo', '--version')}"]
    for d in langs:
        host = ", ".join(d["host"].values())
        lines.append(f"- {d['language']}: {d['runtime']}; cpay {d['cpay']}; host implementations: {host}")
    return lines + [""]


def before_ratio(before: Dict[str, dict], case: str, ours: str, theirs: str) -> str:
    """The earlier run's ratio for `case` (`—` when it had no such row)."""
    row = before.get(case) or {}
    a, b = row.get(ours), row.get(theirs)
    return "—" if a is None or not b else f"{a / b:.2f}×"


def before_times(before: Dict[str, dict], case: str) -> str:
    """The earlier run's cpay and host medians for `case` and their ratio (`—` when it had no such row): so a
    ratio that moved can be read as cpay or the host having changed."""
    row = before.get(case) or {}
    a, b = row.get("cpay_ns"), row.get("host_ns")
    return "—" if a is None or not b else f"{a / 1000:.2f} / {b / 1000:.2f} µs ({a / b:.2f}×)"


def rust_section(directory: pathlib.Path, before: Dict[str, dict]) -> List[str]:
    out = ["## Rust: cpay beside the raw crypto floor (criterion)", "",
           "`cpay` is the typed Rust API, `cpay_json` is `cpay_core::api::call` (JSON in, JSON out: the path the "
           "CLI, the C ABI and the generic `call` of every binding run), `floor` is the same primitive over the "
           "same bytes on the RustCrypto crates directly (HMAC-SHA-256, SHA-256, Blowfish key schedule + ECB, "
           "plus the output's hex/base64; for the reused-cipher row both sides are keyed beforehand). Medians with criterion's 95 % confidence interval. "
           f"Goal: cpay ≤ {RUST_GOAL}× the floor. \"before\" is the earlier run of `bench/before.json`.", "",
           "| case | cpay | cpay_json | floor | cpay / floor (before → after) | json / floor (before → after) | goal |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for group, what in RUST.items():
        c, j, f = (crit(directory, group, fn) for fn in ("cpay", "cpay_json", "floor"))
        if c is None and j is None:
            continue
        cell = lambda e: "—" if e is None else f"{us(e[0])} ({e[1] / 1000:.2f}–{e[2] / 1000:.2f})"
        ratio = lambda e: "—" if e is None or f is None else f"{e[0] / f[0]:.2f}×"
        if group in NO_CRYPTO:
            verdict = "n/a (no crypto; floor = quick-xml reading the same XML)" if f else "n/a (no crypto)"
        elif c is None or f is None:
            verdict = "—"
        else:
            verdict = "met" if c[0] / f[0] <= RUST_GOAL else "**missed**"
        then = before_ratio(before, group, "cpay_ns", "floor_ns")
        then_json = before_ratio(before, group, "cpay_json_ns", "floor_ns")
        out.append(f"| {group}: {what} | {cell(c)} | {cell(j)} | {cell(f)} | {then} → {ratio(c)} "
                   f"| {then_json} → {ratio(j)} | {verdict} |")
    return out + [""]


def lang_section(d: dict, before: Dict[str, dict]) -> List[str]:
    lang = d["language"]
    res = {(r["case"], r["impl"]): r for r in d["results"]}
    title = {"python": "Python", "node": "Node", "php": "PHP"}.get(lang, lang)
    out = [f"## {title}: cpay beside {', '.join(d['host'].values())}", "",
           "| case | cpay path | cpay median (q1–q3) | host median (q1–q3) | before: cpay / host (ratio) | cpay / host "
           "| goal | |",
           "|---|---|---:|---:|---:|---:|---|---|"]
    for case, what in LANG_CASES.items():
        c, h = res.get((case, "cpay")), res.get((case, "host"))
        if not c or not h:
            continue
        label, limit = goal(lang, case)
        ratio = c["median_ns"] / h["median_ns"]
        path = d["paths"].get(case, "?")
        if case == "computop_encrypt_mac" or case == "computop_decrypt_mac":
            first = "computop_encrypt" if case == "computop_encrypt_mac" else "computop_decrypt"
            path = f"{d['paths'].get(first, '?')} + mac {d['paths'].get('computop_mac', '?')}"
        cell = lambda r: f"{us(r['median_ns'])} ({r['q1_ns'] / 1000:.2f}–{r['q3_ns'] / 1000:.2f})"
        verdict = "met" if ratio <= limit else "**missed**"
        speed = f" ({1 / ratio:.0f}× faster)" if ratio < 0.5 else ""
        then = before_times(before, case)
        out.append(f"| {what} | {path} | {cell(c)} | {cell(h)} | {then} | {ratio:.2f}×{speed} | {label} | {verdict} |")
    errors = {k: v for k, v in d["paths"].items() if k.endswith(".typed_error")}
    if errors:
        out += ["", "Typed functions not used (absent from this build, or another signature), so `call` was "
                "measured: " + "; ".join(f"`{k[:-12]}`: {v}" for k, v in sorted(errors.items())) + "."]
    return out + [""]


def sandbox_section(d: dict) -> List[str]:
    return ["## cpay sandbox: payments through the emulated Lyra flow", "",
            "Each payment as a shop and a browser make it (`bench/sandbox`): cpay-core signs the form "
            "(`lyra.form`), it is posted to the sandbox's `/lyra/vads-payment/`, the payment page is fetched, "
            "\"accepted\" is posted; the sandbox sends the signed IPN to a local shop endpoint, which verifies it "
            "with cpay-core (`lyra.notification`) before answering 200, and only then redirects the browser. "
            "Sandbox, shop endpoint and clients share one process (2 tokio worker threads), state in SQLite in "
            "memory. The run fails unless every IPN verified.", "",
            "| payments | at a time | seconds | payments/s | IPNs verified | build |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {d['payments']} | {d['concurrency']} | {d['seconds']:.2f} | **{d['payments_per_s']:.0f}** "
            f"| {d['ipns_verified']} | {d['profile']} |", ""]


METHOD = """## Method

- Fixtures: `bench/cases.json`, written by `bench/tools/gen_cases.py`, whose signatures are computed with
  Python's `hmac`/`hashlib` independently of cpay. Every harness asserts once, before timing, that cpay and the
  host implementation (or the floor) produce the same bytes (signature, SHASIGN, seal, `Data`, MAC, verdict).
- Rust: criterion 0.7, warm-up 1 s and measurement 3 s per function (`CRITERION_ARGS` in `mk/bench.mk`), 50
  samples; the median and its 95 % confidence interval are reported. Release profile (thin LTO, one codegen unit).
- Python, Node, PHP (`bench/<lang>/`): per implementation, calibrate the number of calls that take ~20 ms,
  warm up 0.2 s, then 25 repetitions with cpay and host interleaved (clock drift hits both alike); the median
  time per call and the quartiles (q1–q3) of the 25 repetitions are reported. cpay is the release build of
  each binding (the wheel from `pip install ./bindings-python`, the addon from `npm run build`, libcpay
  release over PHP FFI). PHP runs with opcache and its tracing JIT on, which favours the pure-PHP phpseclib3.
- Host implementations are what a shop writes today with the language's own best tools: the gateway's
  documented algorithm (sort, join, HMAC/SHA, encode), constant-time comparison, and for the IPN/notify cases
  the same decode → verify → shop/order checks → classify steps that cpay performs (without cpay's field format
  checks, so those ratios slightly favour the host).
- Ratios are cpay / host (or cpay / floor): below 1 means cpay is faster. "before" is the run recorded in
  `bench/before.json` (the report before the registry rework: ASCII-only fixtures, Node's packed-string
  protocol, libcpay's Lyra fast path with its JSON fallback); "—" where that run had no such row.
- The `lyra_accented` fixture: 25 `vads_` fields with accented names and values (`Renée Lefèvre-d'Aubigné`),
  an apostrophe, a double quote and a backslash, so the fields' JSON holds escapes; the signature is Python's.
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", type=pathlib.Path, required=True)
    ap.add_argument("--out-dir", type=pathlib.Path, required=True)
    ap.add_argument("--analysis", type=pathlib.Path)
    ap.add_argument("--before", type=pathlib.Path)
    a = ap.parse_args()
    langs = [json.loads((a.out_dir / f"{n}.json").read_text()) for n in ("python", "node", "php")
             if (a.out_dir / f"{n}.json").is_file()]
    lines = ["# cpay benchmarks", "",
             "Generated by `make bench` (`bench/report.py`); the analysis at the end is `bench/analysis.md`.", ""]
    before = json.loads(a.before.read_text()) if a.before else {}
    lines += machine(langs) + METHOD.splitlines() + [""] + rust_section(a.criterion, before.get("rust", {}))
    for d in langs:
        lines += lang_section(d, before.get(d["language"], {}))
    if (a.out_dir / "sandbox.json").is_file():
        lines += sandbox_section(json.loads((a.out_dir / "sandbox.json").read_text()))
    if a.analysis and a.analysis.is_file():
        lines += [a.analysis.read_text().rstrip(), ""]
    print("\n".join(lines).rstrip())


if __name__ == "__main__":
    main()
