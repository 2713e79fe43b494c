"""Stubs of the private native module (Rust, pyo3). Use the public ``cpay`` package instead."""

from typing import List, Mapping, Optional, Tuple, final

__all__ = [
    "ComputopCipher",
    "INTERNAL_ERROR_NUMBER",
    "__version__",
    "_panic_for_tests",
    "call",
    "computop_decrypt",
    "computop_encrypt",
    "computop_mac",
    "error_codes",
    "lyra_rejected_reply",
    "lyra_sign",
    "lyra_verify",
    "ogone_sign",
    "operations",
    "sips_seal",
]

__version__: str
INTERNAL_ERROR_NUMBER: int

def call(operation: str, input: str) -> str: ...
def operations() -> List[str]: ...
def error_codes() -> List[Tuple[str, int]]: ...
def _panic_for_tests() -> None: ...
def lyra_sign(fields: Mapping[str, str], key: str, algo: str = "hmac-sha256") -> str: ...
def lyra_verify(fields: Mapping[str, str], key: str, algo: str = "hmac-sha256") -> bool: ...
def lyra_rejected_reply(
    code: str, message: str, field: Optional[str] = None, gateway_code: Optional[str] = None
) -> Tuple[int, str]: ...
def computop_encrypt(plaintext: str, key: str) -> Tuple[str, int]: ...
def computop_decrypt(data: str, length: int, key: str) -> str: ...
def computop_mac(message: str, key: str) -> str: ...
@final
class ComputopCipher:
    def __new__(cls, key: str) -> ComputopCipher: ...
    def encrypt(self, plaintext: str) -> Tuple[str, int]: ...
    def decrypt(self, data: str, length: int) -> str: ...
def ogone_sign(
    params: Mapping[str, str],
    passphrase: str,
    algo: str = "sha512",
    direction: str = "in",
    charset: str = "utf-8",
) -> str: ...
def sips_seal(data: str, key: str, algo: str = "hmac-sha256") -> str: ...
