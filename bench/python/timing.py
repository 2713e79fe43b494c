"""The measuring method shared in spirit by every harness (the Node and PHP ones do the same steps).

1. Calibrate: per implementation, the number of calls ``n`` that takes about ``TARGET_S`` seconds.
2. Warm up: each implementation runs for ``WARMUP_S`` seconds.
3. ``REPS`` repetitions, the implementations interleaved within each repetition (so drift in clock speed
   hits both alike); a repetition times ``n`` back-to-back calls with ``perf_counter_ns``.
4. Report the median time per call and the quartiles of the repetitions.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable, Dict

TARGET_S = 0.02
WARMUP_S = 0.2
REPS = 25


def _time(fn: Callable[[], Any], n: int) -> int:
    start = time.perf_counter_ns()
    for _ in range(n):
        fn()
    return time.perf_counter_ns() - start


def measure(impls: Dict[str, Callable[[], Any]]) -> Dict[str, Dict[str, float]]:
    counts = {}
    for name, fn in impls.items():
        n = 1
        while _time(fn, n) < TARGET_S * 1e9 / 4:
            n *= 2
        counts[name] = n * 4
        end = time.perf_counter() + WARMUP_S
        while time.perf_counter() < end:
            fn()
    samples: Dict[str, list] = {name: [] for name in impls}
    for _ in range(REPS):
        for name, fn in impls.items():
            samples[name].append(_time(fn, counts[name]) / counts[name])
    out = {}
    for name, s in samples.items():
        q = statistics.quantiles(s, n=4)
        out[name] = {"median_ns": statistics.median(s), "q1_ns": q[0], "q3_ns": q[2], "reps": REPS,
                     "calls_per_rep": counts[name]}
    return out
