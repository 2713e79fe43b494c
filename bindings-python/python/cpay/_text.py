"""Raw request bodies as text: what every notification facade accepts (``bytes`` from the framework, or ``str``)."""

from __future__ import annotations

from typing import Optional, Union

from cpay.errors import Malformed

__all__ = ["body_text"]


def body_text(body: Union[str, bytes, None], field: str = "body") -> Optional[str]:
    """``body`` as ``str``: bytes must be UTF-8 (percent-encoded bodies are ASCII), else :class:`cpay.Malformed`."""
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed(f"the {field} is not UTF-8", field=field) from None
    return body
