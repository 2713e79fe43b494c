"""cpay.computop.Cipher: the Blowfish keyed once — golden vectors through reused ciphers, parity with the
one-shot functions, threads, and bad input."""

from __future__ import annotations

import copy
import json
import pickle
import threading
from typing import Any, Dict, Tuple, Union

import pytest
from conftest import VECTORS

import cpay
from cpay.computop import Cipher

SPEC_DATA = "14ec7a6da0fbb3e50a84b47302443328"  # public Blowfish vector: "plaintext" under "password"


def _blowfish_cases() -> Dict[str, Dict[str, Any]]:
    cases = json.loads((VECTORS / "computop.json").read_text(encoding="utf-8"))["cases"]
    # AES vectors (algorithm "aes", or AES-shaped Data "IV-ciphertext") are not for the Blowfish cipher.
    return {c["name"]: c for c in cases if c["op"] in ("computop.encrypt", "computop.decrypt")
            and c["input"].get("algorithm") != "aes" and "-" not in c["input"].get("data", "")}


CASES = _blowfish_cases()
CIPHERS: Dict[str, Union[Cipher, cpay.CpayError]] = {}


def _cipher(key: str) -> Cipher:
    """One cipher per key for the whole module (reused across cases), or the error keying it raised."""
    if key not in CIPHERS:
        try:
            CIPHERS[key] = Cipher(key)
        except cpay.CpayError as error:
            CIPHERS[key] = error
    found = CIPHERS[key]
    if isinstance(found, cpay.CpayError):
        raise found
    return found


def one_shot(plaintext: str, key: str) -> Tuple[str, int]:
    """`cpay.computop.encrypt` as the cipher's `(data, len)` tuple."""
    encrypted = cpay.computop.encrypt(plaintext, key)
    return encrypted.data, encrypted.len


def test_enough_vectors() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_vector_through_a_reused_cipher(name: str) -> None:
    case = CASES[name]
    given = case["input"]
    try:
        cipher = _cipher(given["key"])
        actual: Dict[str, Any]
        if case["op"] == "computop.encrypt":
            data, length = cipher.encrypt(given["plaintext"])
            actual = {"data": data, "len": length}
        else:
            actual = {"plaintext": cipher.decrypt(given["data"], given["len"])}
    except cpay.CpayError as error:
        assert "error" in case, f"unexpected {error!r}"
        assert error.code == case["error"]["code"]
        if "field" in case["error"]:
            assert error.field == case["error"]["field"]
        return
    assert "output" in case, f"expected an error, got {actual}"
    assert actual == case["output"]


def test_same_results_as_the_one_shot_functions() -> None:
    cipher = Cipher("password")
    assert cipher.encrypt("plaintext") == (SPEC_DATA, 9)
    assert cipher.decrypt(SPEC_DATA.upper(), 9) == "plaintext"
    for n in range(60):
        text = f"MerchantID=cpay_test&TransID=CMD{n}&Ville=Créteil&" * (n % 4 + 1)
        out: Tuple[str, int] = cipher.encrypt(text)
        assert out == one_shot(text, "password")
        assert cipher.decrypt(*out) == text == cpay.computop.decrypt(*out, "password")
    big = "x=" + "a" * 40000  # above the size from which the GIL is released
    assert cipher.encrypt(big) == one_shot(big, "password")


def test_one_cipher_serves_threads() -> None:
    cipher = Cipher("k")
    big = "x=" + "a" * 40000
    expected = one_shot(big, "k")
    results = []

    def work() -> None:
        for _ in range(5):
            results.append(cipher.encrypt(big))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 40


def test_bad_keys() -> None:
    with pytest.raises(cpay.InvalidKeyError) as empty:
        Cipher("")
    assert empty.value.field == "key" and empty.value.number == 7108
    with pytest.raises(cpay.InvalidKeyError) as long_key:
        Cipher("S3cr3t" * 13)
    assert "S3cr3t" not in str(long_key.value) and long_key.value.field == "key"
    with pytest.raises(TypeError):
        Cipher(b"password")  # type: ignore[arg-type]


def test_bad_data_and_len() -> None:
    cipher = Cipher("password")
    with pytest.raises(cpay.MalformedError) as hex_error:
        cipher.decrypt("zz" * 8, 8)
    assert hex_error.value.field == "Data"
    with pytest.raises(cpay.InconsistentError) as beyond:
        cipher.decrypt(SPEC_DATA, 17)
    assert beyond.value.field == "Len"
    for length in (-1, 2**70, "9", 9.0):
        with pytest.raises(cpay.InvalidValueError) as bad:
            cipher.decrypt(SPEC_DATA, length)  # type: ignore[arg-type]
        assert bad.value.field == "Len"
    with pytest.raises(cpay.TooLargeError):
        cipher.encrypt("x" * (64 * 1024 + 1))
    assert cipher.decrypt(SPEC_DATA, 9) == "plaintext"  # still usable


def test_redacted_frozen_and_not_copyable() -> None:
    cipher = Cipher("password")
    assert repr(cipher) == "cpay.computop.Cipher(<redacted>)" and "password" not in str(cipher)
    assert type(cipher).__module__ == "cpay.computop" and type(cipher).__name__ == "Cipher"
    with pytest.raises(AttributeError):
        cipher.key = "other"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        pickle.dumps(cipher)
    with pytest.raises(TypeError):
        copy.copy(cipher)
