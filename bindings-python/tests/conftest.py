"""Shared fixtures: the golden vectors of every gateway and the Lyra test shop."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, Iterator, List, Tuple

import pytest

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
KEY = "1122334455667788"
CONFIG: Dict[str, Any] = {"platform": "sogecommerce", "site_id": "12345678", "mode": "TEST", "test_key": KEY}


def subset(expected: Any, actual: Any) -> bool:
    """The golden-vector rule: objects key by key (recursively), everything else whole."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return bool(expected == actual)


def vector_cases() -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(id, case) for every case of every `tests/vectors/*.json` file."""
    files: List[pathlib.Path] = sorted(VECTORS.glob("*.json"))
    assert files, f"no golden vectors under {VECTORS}"
    for path in files:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            yield f"{path.stem}/{case['name']}", case


def case_named(name: str) -> Dict[str, Any]:
    """One Lyra case by name (the tests reuse its signed inputs)."""
    for _, case in vector_cases():
        if case["name"] == name:
            return case
    raise KeyError(name)


def vector(gateway: str, name: str) -> Dict[str, Any]:
    """One case of `tests/vectors/<gateway>.json` by name (names repeat across gateways, not within one)."""
    for case in json.loads((VECTORS / f"{gateway}.json").read_text(encoding="utf-8"))["cases"]:
        if case["name"] == name:
            return dict(case)
    raise KeyError(f"{gateway}/{name}")


@pytest.fixture
def config() -> Dict[str, Any]:
    return dict(CONFIG)
